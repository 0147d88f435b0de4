// node tests/browser/home-filter.mjs URL
// The home page's filter island hydrates: typing narrows the list with no
// page load, and the page talks to no host but our own.
import { runBrowserTest } from './harness.mjs';

await runBrowserTest(process.argv[2], async (page, report) => {
  let navigations = 0;
  page.on('framenavigated', f => { if (f === page.mainFrame()) navigations++; });
  await page.goto(report.url, { waitUntil: 'networkidle' });
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

  if (report.before < 2) report.problems.push('expected the sample listings on the page');
  if (report.after !== 1 || !report.first_item.includes('Exeter')) report.problems.push('typing "exeter" did not narrow the list to the Exeter listing');
  if (report.cleared !== report.before) report.problems.push('clearing the filter did not bring the list back');
  if (navigations !== 1) report.problems.push(`expected one page load, saw ${navigations}`);
});
