// node tests/browser/near-miss.mjs URL ARTEFACTS
// Someone on a 360×740 phone types their town with a slip ("Sheffeild")
// into the directory's near box: the page says it does not know that
// place, offers "Did you mean: Sheffield" as a link and lists nothing that
// would read as the answer; one tap on the link lists what is near
// Sheffield. In Farsi, Glasgow typed with ک for گ gets the Persian
// spelling offered, and What's on does the same. Nothing scrolls sideways.
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');
// Text as read, without Fluent's bidi isolation marks around arguments.
const plain = t => (t || '').replace(/[\u2068\u2069]/g, '').trim();

await runBrowserTest(base, async (page, report) => {
  const check = (ok, message) => { if (!ok) report.problems.push(message); };
  const overflow = async (where) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${where}: the page scrolls sideways by ${wide}px`);
  };

  await page.goto(base + '/listings', { waitUntil: 'networkidle' });
  await page.fill('#near', 'Sheffeild');
  await Promise.all([page.waitForURL(/near=Sheffeild/), page.locator('.near-field button[type=submit]').click()]);
  report.miss = plain(await page.locator('.near-miss').textContent().catch(() => ''));
  check(report.miss.includes('We don’t know the place “Sheffeild”'), 'the slip is not named: ' + report.miss);
  check(report.miss.includes('Did you mean: Sheffield'), 'no "Did you mean: Sheffield": ' + report.miss);
  check(await page.locator('.cards').count() === 0, 'a list is shown for a place we do not know');
  check(!(await page.locator('body').textContent()).includes('listings match'), 'a count of everything is shown');
  await overflow('/listings?near=Sheffeild');

  await Promise.all([page.waitForURL(/near=Sheffield/), page.locator('.did-you-mean a', { hasText: 'Sheffield' }).click()]);
  report.after = plain(await page.locator('p.note').first().textContent().catch(() => ''));
  check(report.after.includes('Nearest to Sheffield first'), 'the suggestion does not list what is near Sheffield: ' + report.after);
  check(await page.locator('.cards .card').count() > 0, 'nothing listed near Sheffield');

  for (const path of ['/fa/listings', '/fa/events']) {
    await page.goto(base + path + '?near=' + encodeURIComponent('گلاسکو'), { waitUntil: 'networkidle' });
    const miss = plain(await page.locator('.near-miss').textContent().catch(() => ''));
    report[path] = miss;
    check(miss.includes('«گلاسکو» را نمی‌شناسیم'), `${path}: the slip is not named in Farsi: ${miss}`);
    check(await page.locator('.did-you-mean a', { hasText: 'گلاسگو' }).count() === 1, `${path}: Glasgow's Persian name is not offered`);
    check(!miss.includes('Unknown localization key'), `${path}: an untranslated message`);
    await overflow(path);
  }
}, { width: 360, height: 740 });
