// node tests/browser/search.mjs URL ARTEFACTS [PATH]
// A search box (the search page's, or with PATH / the home page's): typing
// a query shows highlighted results without a page load (the island asks
// the server as you type, for a small bounded answer).
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');
const path = process.argv[4] || '/search';
await runBrowserTest(base, async (page, report) => {
  let navigations = 0;
  page.on('framenavigated', f => { if (f === page.mainFrame()) navigations++; });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  const start = Date.now();
  let first = '';
  // Retry until the island has hydrated and answered.
  while (Date.now() - start < 20000) {
    await page.fill('#search-q', '');
    await page.type('#search-q', 'litigaton frie', { delay: 20 });
    await page.waitForTimeout(400);
    first = (await page.locator('#search-results li').first().textContent().catch(() => '')) || '';
    if (first.includes('Litigation')) break;
  }
  report.ms_until_results = Date.now() - start;
  report.first_result = first;
  report.highlighted = await page.locator('#search-results b').count();
  report.count_text = await page.textContent('#search-count');
  report.page_loads = navigations;
  if (!first.includes('Litigation friends')) report.problems.push('typing "litigaton frie" did not bring up the litigation friend guide: ' + first);
  if (report.highlighted === 0) report.problems.push('no highlighted words in the results');
  if (navigations !== 1) report.problems.push(`expected one page load, saw ${navigations}`);
});
