// node tests/browser/home-filter.mjs URL
// Loads the home page in Debian's headless Chromium and checks that the
// filter island hydrates: typing narrows the list with no page load, and
// the page talks to no host but our own. Prints a JSON report; exits 1 on
// failure.
import { chromium } from 'playwright-core';

const url = process.argv[2];
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const report = { url, problems: [] };
try {
  const page = await browser.newPage();
  const foreign = [];
  let navigations = 0;
  page.on('request', r => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  page.on('pageerror', e => report.problems.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') report.problems.push('console: ' + m.text()); });
  page.on('response', r => { if (r.status() >= 400) report.problems.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('framenavigated', f => { if (f === page.mainFrame()) navigations++; });

  await page.goto(url, { waitUntil: 'networkidle' });
  const items = () => page.locator('#listings li').count();
  report.before = await items();

  // Hydration takes a moment after load: retry the first input until it takes effect.
  const start = Date.now();
  let after = report.before;
  while (Date.now() - start < 20000) {
    await page.fill('#listing-filter', '');
    await page.fill('#listing-filter', 'exeter');
    await page.waitForTimeout(200);
    after = await items();
    if (after !== report.before) break;
  }
  report.ms_until_interactive = Date.now() - start;
  report.after = after;
  report.first_item = await page.locator('#listings li').first().textContent();
  report.count_text = await page.textContent('#listing-count');
  await page.fill('#listing-filter', '');
  await page.waitForTimeout(200);
  report.cleared = await items();
  report.page_loads = navigations;
  report.foreign_requests = foreign;

  if (report.before < 2) report.problems.push('expected the sample listings on the page');
  if (report.after !== 1 || !report.first_item.includes('Exeter')) report.problems.push('typing "exeter" did not narrow the list to the Exeter listing');
  if (report.cleared !== report.before) report.problems.push('clearing the filter did not bring the list back');
  if (navigations !== 1) report.problems.push(`expected one page load, saw ${navigations}`);
  if (foreign.length) report.problems.push('requests to other hosts: ' + foreign.join(', '));
} catch (e) {
  report.problems.push('exception: ' + e.message);
} finally {
  await browser.close();
}
report.ok = report.problems.length === 0;
console.log(JSON.stringify(report, null, 1));
process.exit(report.ok ? 0 : 1);
