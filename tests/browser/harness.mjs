// Shared by the browser tests: Debian's Chromium through playwright-core
// (never a downloaded browser), a page that records errors and any request
// to a host other than ours, and one JSON report with the exit code.
import { chromium } from 'playwright-core';

/// Debian's Chromium, told to make no calls home (also used by scripts/lighthouse.mjs).
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/// Runs `body(page, report, origin)` and exits 0 when no problem was found.
export async function runBrowserTest(url, body, viewport = { width: 1200, height: 900 }) {
  const origin = new URL(url).origin;
  const report = { url, problems: [] };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage({ viewport });
    report.foreign_requests = [];
    page.on('request', r => { const u = r.url(); if (!u.startsWith(origin) && !u.startsWith('data:')) report.foreign_requests.push(u); });
    page.on('pageerror', e => report.problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') report.problems.push('console: ' + m.text()); });
    page.on('response', r => { if (r.status() >= 400) report.problems.push(`HTTP ${r.status()} ${r.url()}`); });
    await body(page, report, origin);
    if (report.foreign_requests.length) report.problems.push('requests to other hosts: ' + report.foreign_requests.join(', '));
  } catch (e) {
    report.problems.push('exception: ' + e.message);
  } finally {
    await browser.close();
  }
  // A journey may provoke an answer on purpose (a refused form): the test
  // names it in report.expected, and only that is forgiven.
  const expected = report.expected || [];
  report.problems = report.problems.filter(p => !expected.some(e => p.includes(e)));
  report.ok = report.problems.length === 0;
  console.log(JSON.stringify(report, null, 1));
  process.exit(report.ok ? 0 : 1);
}
