// node tests/browser/embed.mjs URL
// Another site (a second loopback origin) frames the embedded map and list:
// markers appear inside the frame, the list's links open a new tab, no
// cookie is set, and no request goes to any host but the two.
import { chromium } from 'playwright-core';
import http from 'node:http';

const base = process.argv[2].replace(/\/$/, '');
const report = { url: base, problems: [], foreign_requests: [] };
const check = (ok, message) => { if (!ok) report.problems.push(message); };
const coalition = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><title>A coalition's site</title><h1>Groups near us</h1>
    <iframe src="${base}/embed/map?kind=solidarity_group" title="Map" width="600" height="400" loading="lazy"></iframe>
    <iframe src="${base}/embed/listings?kind=solidarity_group" title="List" width="400" height="400" loading="lazy"></iframe>`);
});
await new Promise(resolve => coalition.listen(0, '127.0.0.1', resolve));
const host = `http://localhost:${coalition.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.on('request', r => { const u = r.url(); if (!u.startsWith(base) && !u.startsWith(host) && !u.startsWith('data:')) report.foreign_requests.push(u); });
  page.on('pageerror', e => report.problems.push('page error: ' + e.message));
  page.on('response', r => { if (r.status() >= 400) report.problems.push(`HTTP ${r.status()} ${r.url()}`); });
  await page.goto(host + '/', { waitUntil: 'networkidle' });
  const map = page.frames().find(f => f.url().includes('/embed/map'));
  const list = page.frames().find(f => f.url().includes('/embed/listings'));
  check(map && list, 'the frames did not load');
  if (map) {
    await map.waitForSelector('.cluster-marker, .listing-marker', { timeout: 15000 });
    report.markers = await map.locator('.cluster-marker, .listing-marker').count();
    check(report.markers > 0, 'no markers in the framed map');
  }
  if (list) {
    report.items = await list.locator('li').count();
    report.new_tab_links = await list.locator('a[target=_blank][rel=noopener]').count();
    check(report.items > 0, 'no listings in the framed list');
    check(report.new_tab_links === await list.locator('a').count(), 'a link opens inside the frame');
  }
  report.cookies = (await context.cookies()).map(c => c.name);
  check(report.cookies.length === 0, 'cookies were set: ' + report.cookies.join(', '));
  if (report.foreign_requests.length) report.problems.push('requests to other hosts: ' + report.foreign_requests.join(', '));
} catch (e) {
  report.problems.push('exception: ' + e.message);
} finally {
  await browser.close();
  coalition.close();
}
report.ok = report.problems.length === 0;
console.log(JSON.stringify(report, null, 1));
process.exit(report.ok ? 0 : 1);
