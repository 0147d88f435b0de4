// node tests/browser/embed.mjs URL
// Another site (a second loopback origin) frames the embedded map and list:
// markers appear inside the frame, the list's links open a new tab, no
// cookie is set, and no request goes to any host but the two.
// Then the coalition's web person uses the builder (/embed) on a phone:
// nothing scrolls sideways, the preview follows each choice without a
// button, the snippet fits any page's width and is titled in the embed's
// language, "Copy" copies and says so, and previewing an Arabic embed
// leaves the builder (and the site) in English. Without JavaScript the
// form's GET shows the same.
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
  await builder(browser);
  await builderWithoutScript(browser);
  await copyWithoutClipboardApi(browser);
  if (report.foreign_requests.length) report.problems.push('requests to other hosts: ' + report.foreign_requests.join(', '));
} catch (e) {
  report.problems.push('exception: ' + e.message);
} finally {
  await browser.close();
  coalition.close();
}

// A phone, as the web person of a small coalition may well use.
function phone(browser, extra = {}) {
  return browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, ...extra });
}

function watch(page) {
  page.on('request', r => { const u = r.url(); if (!u.startsWith(base) && !u.startsWith('data:')) report.foreign_requests.push(u); });
  page.on('pageerror', e => report.problems.push('page error: ' + e.message));
  page.on('response', r => { if (r.status() >= 400) report.problems.push(`HTTP ${r.status()} ${r.url()}`); });
}

function sideways(page) { return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth); }
function snippetOf(page) { return page.locator('#snippet').inputValue(); }
async function langCookie(context) { return (await context.cookies()).find(c => c.name === 'atlas_lang'); }

async function builder(browser) {
  const context = await phone(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  watch(page);
  await page.goto(base + '/embed', { waitUntil: 'networkidle' });
  report.builder_overflow_px = await sideways(page);
  check(report.builder_overflow_px <= 0, `the builder scrolls sideways by ${report.builder_overflow_px}px at 360px`);
  const first = await snippetOf(page);
  check(/style="width:100%;max-width:400px;height:500px;border:0"/.test(first), 'the snippet is not responsive: ' + first);
  const frameBox = await page.locator('#embed-preview-frame').boundingBox();
  check(frameBox && frameBox.x >= 0 && frameBox.x + frameBox.width <= 360, 'the preview is wider than the phone: ' + JSON.stringify(frameBox));
  check(!(await page.locator('#embed-show').isVisible()), 'the "Show" button is still offered with JavaScript');

  // Live: each choice changes the preview and the snippet, no button pressed.
  await page.selectOption('#ui', 'ar');
  await page.waitForFunction(() => document.getElementById('embed-preview-frame').getAttribute('src') === '/ar/embed/listings', null, { timeout: 5000 })
    .catch(() => report.problems.push('the preview did not follow the language without a button'));
  // The preview is lazy, as the snippet is: it loads once scrolled to.
  await page.locator('#embed-preview-frame').scrollIntoViewIfNeeded();
  report.preview_lang = await page.frameLocator('#embed-preview-frame').locator('html[lang="ar"] h1').waitFor({ timeout: 10000 })
    .then(() => 'ar', () => 'not ar');
  check(report.preview_lang === 'ar', 'the preview is not in Arabic');
  const arabic = await snippetOf(page);
  check(arabic.includes('/ar/embed/listings"') && arabic.includes('title="أطلس التضامن: مجموعات وأماكن"'),
    'the Arabic snippet is not titled in Arabic: ' + arabic);
  await page.selectOption('#what', 'events');
  await page.fill('#width', '640');
  await page.fill('#near', 'Sheffield');
  await page.press('#near', 'Enter');
  await page.waitForFunction(() => document.getElementById('embed-preview-frame').getAttribute('src') === '/ar/embed/events?near=Sheffield', null, { timeout: 5000 })
    .catch(() => report.problems.push('the preview did not follow "what" and "near": ' + page.url()));
  const chosen = await snippetOf(page);
  check(chosen.includes('max-width:640px') && chosen.includes('title="أطلس التضامن: الفعاليات"'), 'the snippet did not follow: ' + chosen);
  report.builder_overflow_after_px = await sideways(page);
  check(report.builder_overflow_after_px <= 0, `the builder scrolls sideways by ${report.builder_overflow_after_px}px once a 640px width is chosen`);
  // The script writes the snippet as the server would for the same choices
  // (the address follows the form, so the page without script says it).
  const server = await page.evaluate(async () => {
    const html = await (await fetch(location.href)).text();
    return new DOMParser().parseFromString(html, 'text/html').getElementById('snippet').value;
  });
  check(server === chosen, `the live snippet differs from the server's:\n${chosen}\n${server}`);

  // One tap copies, and a screen reader hears so.
  await page.click('#copy-snippet');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent.startsWith('Copied'), null, { timeout: 5000 })
    .catch(() => report.problems.push('no "Copied" status after Copy'));
  check(await page.getAttribute('#copy-status', 'role') === 'status', 'the copy status is not role=status');
  report.clipboard_matches = (await page.evaluate(() => navigator.clipboard.readText())) === chosen;
  check(report.clipboard_matches, 'the clipboard does not hold the snippet');

  // The Arabic preview set no cookie: the builder and the site stay English.
  const lang = await langCookie(context);
  check(!lang, 'previewing an Arabic embed set the language cookie: ' + JSON.stringify(lang));
  await page.goto(base + '/embed', { waitUntil: 'networkidle' });
  report.builder_lang_after = await page.evaluate(() => document.documentElement.lang);
  check(report.builder_lang_after === 'en', 'the builder turned ' + report.builder_lang_after);
  await context.close();
}

// Without JavaScript: the form's GET gives the preview and the snippet;
// "Show" is there, "Copy" (which needs a script) is not.
async function builderWithoutScript(browser) {
  const context = await phone(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  watch(page);
  await page.goto(base + '/embed', { waitUntil: 'networkidle' });
  check(await page.locator('#embed-show').isVisible(), 'no "Show" button without JavaScript');
  check(!(await page.locator('#copy-snippet').isVisible()), 'a "Copy" button that cannot work without JavaScript');
  await page.selectOption('#what', 'map');
  await page.selectOption('#ui', 'fr');
  await Promise.all([page.waitForURL(/what=map/), page.click('#embed-show')]);
  check(await page.getAttribute('#embed-preview-frame', 'src') === '/fr/embed/map', 'no map preview after Show without JavaScript');
  check((await snippetOf(page)).includes('title="Solidarity Atlas : groupes et lieux"'), 'the French snippet is not titled in French');
  check(await sideways(page) <= 0, 'the builder without JavaScript scrolls sideways');
  check(!(await langCookie(context)), 'previewing a French embed set the language cookie');
  await context.close();
}

// A browser without the Clipboard API: the text is selected and copied
// the old way, and the status still says so.
async function copyWithoutClipboardApi(browser) {
  const context = await phone(browser);
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const page = await context.newPage();
  watch(page);
  await page.goto(base + '/embed', { waitUntil: 'networkidle' });
  await page.click('#copy-snippet');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '', null, { timeout: 5000 })
    .catch(() => report.problems.push('no status after Copy without the Clipboard API'));
  report.fallback_status = await page.textContent('#copy-status');
  report.fallback_selected = await page.evaluate(() => {
    const s = document.getElementById('snippet');
    return document.activeElement === s && s.selectionEnd - s.selectionStart === s.value.length;
  });
  check(report.fallback_selected, 'the snippet is not selected for copying');
  await context.close();
}

report.ok = report.problems.length === 0;
console.log(JSON.stringify(report, null, 1));
process.exit(report.ok ? 0 : 1);
