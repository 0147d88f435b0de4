// node tests/browser/no-js-offline.mjs URL
// - With JavaScript off: the home page's near-me and search boxes, the directory filters and the
//   search all work as plain forms.
// - Text reflows at 320 px: no page needs sideways scrolling.
// - A library page opened once can be read again offline.
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');
await runBrowserTest(base, async (page, report) => {
  const browser = page.context().browser();
  const check = (ok, message) => { if (!ok) report.problems.push(message); };

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p = await noJs.newPage();
  // The home page's near-me box: a town typed, the nearest listings first.
  await p.goto(base + '/');
  await p.fill('#near', 'Exeter');
  await Promise.all([p.waitForNavigation(), p.press('#near', 'Enter')]);
  const items = await p.locator('ul.cards li').allTextContents();
  report.no_js_home = items.slice(0, 2);
  check(items.length > 0 && items[0].includes('Exeter'), 'no-JS near-me box did not put Exeter first: ' + items[0]);
  // Its search box, too.
  await p.goto(base + '/');
  await p.fill('#search-q', 'litigation friend');
  await Promise.all([p.waitForNavigation(), p.press('#search-q', 'Enter')]);
  const found = await p.locator('#search-results li').first().textContent();
  check(found.includes('Litigation friends'), 'no-JS home search: ' + found);

  await p.goto(base + '/listings');
  await p.click('.more-filters > summary');
  await p.selectOption('#kind', 'reporting_centre');
  await Promise.all([p.waitForNavigation(), p.click('.directory-filters button[type=submit]')]);
  report.no_js_directory = await p.textContent('p.count');
  check(/\b12\b/.test(report.no_js_directory), 'no-JS directory filter: ' + report.no_js_directory);

  await p.goto(base + '/search');
  await p.fill('#search-q', 'litigation friend');
  await Promise.all([p.waitForNavigation(), p.press('#search-q', 'Enter')]);
  const first = await p.locator('#search-results li').first().textContent();
  report.no_js_search = first;
  check(first.includes('Litigation friends'), 'no-JS search: ' + first);

  // The registration form: a mistake comes back with the error tied to
  // its field and what was typed kept; the corrected form goes through.
  await p.goto(base + '/register');
  const shown = Date.now();
  await p.fill('#name', 'Hull Welcome Walks');
  await p.fill('#town', 'Atlantis');
  await p.fill('#contact_email', 'walks@example.org');
  await p.check('#lang-fa');
  await new Promise(r => setTimeout(r, Math.max(0, 3500 - (Date.now() - shown))));
  await Promise.all([p.waitForNavigation(), p.click('form.long-form > button[type=submit]:last-of-type')]);
  report.no_js_register_error = await p.textContent('#town-error').catch(() => null);
  check(report.no_js_register_error && report.no_js_register_error.includes('Atlantis'), 'no-JS register: no error for the unknown town');
  check(await p.inputValue('#name') === 'Hull Welcome Walks' && await p.isChecked('#lang-fa'), 'no-JS register: typed values lost');
  const again = Date.now();
  await p.fill('#town', 'Hull');
  await new Promise(r => setTimeout(r, Math.max(0, 3500 - (Date.now() - again))));
  await Promise.all([p.waitForNavigation(), p.click('form.long-form > button[type=submit]:last-of-type')]);
  report.no_js_register = new URL(p.url()).pathname;
  check(report.no_js_register === '/thanks/registered', 'no-JS register ended at ' + report.no_js_register);
  await noJs.close();

  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const n = await narrow.newPage();
  report.reflow = {};
  for (const path of ['/', '/listings', '/map', '/library/kyr-nhs-charging', '/search?q=nhs', '/ar/listings']) {
    await n.goto(base + path, { waitUntil: 'networkidle' });
    const width = await n.evaluate(() => document.documentElement.scrollWidth);
    report.reflow[path] = width;
    check(width <= 321, `${path} is ${width} px wide at a 320 px viewport`);
  }
  await narrow.close();

  const online = await browser.newContext();
  const o = await online.newPage();
  const url = base + '/library/kyr-nhs-charging';
  await o.goto(url, { waitUntil: 'networkidle' });
  await o.waitForSelector('#offline-note:not([hidden])', { timeout: 10000 });
  await o.reload({ waitUntil: 'networkidle' });   // now under the service worker: saved
  await online.setOffline(true);
  await o.reload({ waitUntil: 'domcontentloaded' });
  report.offline_heading = await o.textContent('h1');
  check(report.offline_heading.includes('NHS charging'), 'the saved page did not open offline');
  await online.close();
});
