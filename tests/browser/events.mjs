// node tests/browser/events.mjs URL ARTEFACTS
// Someone looking for what's on this week, on a 360×740 phone: opens What's
// on, types their town, sees the distance the list was chosen by (and can
// change it), the online events with the ones held nearby, and a heading
// that says how the list is ordered; opens "Subscribe in your calendar"
// and copies the https address with one tap ("Copied" is announced).
// Without JavaScript the address is a selectable field and no dead button
// shows. In Farsi, times are written in Persian digits, as dates are.
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');
const persian = /^[۰-۹]{2}:[۰-۹]{2}–[۰-۹]{2}:[۰-۹]{2}$/;
// Text as read, without Fluent's bidi isolation marks around arguments.
const plain = t => (t || '').replace(/[\u2068\u2069]/g, '').trim();

await runBrowserTest(base, async (page, report, origin) => {
  const check = (ok, message) => { if (!ok) report.problems.push(message); };
  const overflow = async (where) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${where}: the page scrolls sideways by ${wide}px`);
  };
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

  await page.goto(base + '/events', { waitUntil: 'networkidle' });
  // The distance is in sight beside the place, not among "More filters".
  check(await page.locator('#event-radius').isVisible(), 'the distance is hidden on /events');
  await page.fill('#events-near', 'Sheffield');
  await Promise.all([page.waitForURL(/near=Sheffield/), page.locator('.near-field button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
  report.heading = plain(await page.locator('.results-heading').textContent().catch(() => ''));
  report.within = plain(await page.locator('.note.within').textContent().catch(() => ''));
  check(report.heading.includes("What's on near Sheffield, soonest first"), 'heading: ' + report.heading);
  check(report.within.includes('Within 10 km of Sheffield, and online events'), 'the distance is not said: ' + report.within);
  check(await page.locator('#event-radius').inputValue() === '10', 'the distance shown is not the one used');
  const cards = await page.locator('.event-card').allTextContents();
  report.cards = cards.length;
  check(cards.some(c => c.includes('Welcome drop-in (sample)')), 'the Sheffield drop-in is not listed near Sheffield');
  check(cards.some(c => c.includes('Webinar series') && c.includes('Online')), 'the online webinar is not listed near Sheffield');
  await overflow('/events?near=Sheffield');

  // "change": a wider distance, with the same form.
  await page.locator('.note.within a').click();
  await page.selectOption('#event-radius', '25');
  await Promise.all([page.waitForURL(/radius_km=25/), page.locator('.near-field button[type=submit]').click()]);
  report.within_wider = plain(await page.locator('.note.within').textContent().catch(() => ''));
  check(report.within_wider.includes('Within 25 km of Sheffield'), 'after choosing 25 km: ' + report.within_wider);

  // Subscribe: the https address (here the test server's http one) to copy.
  await page.locator('#subscribe > summary').click();
  const field = page.locator('#feed-url');
  check(await field.isVisible(), 'the calendar address is not shown');
  const address = await field.inputValue();
  report.feed_address = address;
  check(address.startsWith(origin + '/events.ics?') && address.includes('near=53.') && address.includes('radius_km=25'),
    'the calendar address is not this list as a feed: ' + address);
  check(await page.locator('#subscribe a[href^="webcal://"]').count() === 1, 'no webcal link for Apple Calendar and Outlook');
  const help = await page.locator('.feed-apps').textContent();
  for (const app of ['Google Calendar', 'From URL', 'Android', 'Apple Calendar', 'Outlook']) check(help.includes(app), 'no help for ' + app);
  const copy = page.locator('button[data-copy="feed-url"]');
  check(await copy.isVisible(), 'no Copy button with JavaScript');
  await copy.click();
  await page.waitForFunction(() => document.getElementById('feed-url-status').textContent.trim() !== '');
  report.copy_status = await page.locator('#feed-url-status').textContent();
  check(report.copy_status === 'Copied', 'after Copy the status says: ' + report.copy_status);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === address, 'the clipboard holds: ' + copied);
  await overflow('the subscribe help');
  const response = await page.request.get(address);
  check(response.ok() && (await response.text()).includes('BEGIN:VCALENDAR'), 'the copied address is not a calendar');

  // Farsi: times in Persian digits, as the dates are.
  await page.goto(base + '/fa/events?near=Sheffield', { waitUntil: 'networkidle' });
  const times = await page.locator('.event-card time').allTextContents();
  report.fa_times = times.slice(0, 3).map(plain);
  check(times.length > 0, 'no dates in Farsi');
  const timed = times.filter(t => t.includes(':') || /[0-9۰-۹]/.test(t));
  check(timed.length > 0 && timed.every(t => persian.test(plain(t))),
    'Farsi times not in Persian digits: ' + timed.slice(0, 3).join(' | '));
  const days = await page.locator('.event-section h3').allTextContents();
  check(days.length > 0 && days.every(d => !/[0-9]/.test(d)), 'Farsi dates with Latin digits: ' + days.slice(0, 2).join(' | '));
  report.fa_within = plain(await page.locator('.note.within').textContent());
  check(/۱۰/.test(report.fa_within), 'the Farsi distance: ' + report.fa_within);
  await overflow('/fa/events?near=Sheffield');

  // Without JavaScript: no dead button, the address can be selected by hand.
  const noJs = await page.context().browser().newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const still = await noJs.newPage();
  await still.goto(base + '/events?near=Sheffield', { waitUntil: 'networkidle' });
  await still.locator('#subscribe > summary').click();
  check(!(await still.locator('button[data-copy]').isVisible()), 'a Copy button that cannot work without JavaScript');
  check(await still.locator('#feed-url').getAttribute('readonly') !== null, 'the address is not a read-only field');
  await still.locator('#feed-url').selectText();
  const selected = await still.evaluate(() => {
    const f = document.getElementById('feed-url');
    return f.value.slice(f.selectionStart, f.selectionEnd);
  });
  check(selected.includes('/events.ics?'), 'the address cannot be selected without JavaScript: ' + selected);
  await noJs.close();
}, { width: 360, height: 740 });
