// node tests/browser/crawl.mjs URL ARTEFACTS
// Every public page, in all five languages, on a 360×740 phone, read for
// three faults a visitor sees: a message the translations lack ("Unknown
// localization key", in text or in an attribute), a page that scrolls
// sideways, and — on Arabic and Farsi pages — Latin words written into a
// right-to-left line without a bidirectional isolate, which the browser
// then reorders ("در Sheffield, Yorkshire" read as "Yorkshire ,Sheffield در").
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');

// The sample data's pages (data/sample-*.jsonl): a group, a reporting
// centre, an event and a library resource.
const group = 'sheffield-welcome-drop-in';
const PAGES = [
  '/', '/listings', '/listings?near=Sheffield', '/map', '/events', '/events?near=Sheffield',
  '/library', '/search?q=rights', '/register', '/share', '/login', '/developers', '/embed',
  '/embed/listings?near=Sheffield', '/embed/events', '/embed/map',
  `/listings/${group}`, `/listings/${group}/contact`, `/listings/${group}/report`,
  `/listings/${group}/claim`, `/listings/${group}/suggest-event`,
  '/listings/sheffield-reporting-centre', '/events/welcome-drop-in-sheffield', '/library/kyr-reporting-centre',
];
const LANGUAGES = ['en', 'ar', 'fa', 'fr', 'es'];

// Latin words an Arabic or Farsi line may hold without an isolate, each
// with the reason it reads correctly there. (None yet: every mixed line
// the pages wrote was a fault.)
const ALLOWED_LATIN = [];

/// Runs in the page: the problems of the page as rendered.
function inspect({ rtl, allowed }) {
  const found = [];
  const html = document.documentElement.outerHTML;
  const at = html.indexOf('Unknown localization key');
  if (at >= 0) found.push('untranslated: ' + html.slice(at, at + 80).replace(/\s+/g, ' '));

  const width = window.innerWidth;
  if (document.scrollingElement.scrollWidth > width) {
    // Name the widest culprits, so the report says where to look.
    const wide = [...document.body.querySelectorAll('*')]
      .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
      .filter(e => e.checkVisibility())
      .slice(-3)
      .map(e => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`);
    found.push(`scrolls sideways: ${document.scrollingElement.scrollWidth}px in ${width}px (${wide.join(', ')})`);
  }
  // Past the start edge a page cannot scroll (the right in Arabic): what
  // sticks out there is cut off, not scrolled to. Only what is partly in
  // view and not inside a box that clips it (a map) — the skip link waits
  // wholly outside until focused.
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  const cut = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left < width && r.right > 0 && (r.right > width + 1 || r.left < -1) && e.checkVisibility() && !clipped(e);
  });
  if (cut.length) found.push(`cut off at the edge: ${cut.slice(0, 3).map(e => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') || ''}">`).join(', ')}`);
  if (!rtl) return found;

  // Letters only: digits and commas take the direction around them.
  const ARABIC = /(?=\p{L})\p{Script=Arabic}/u;
  const LATIN = /\p{Script=Latin}{2,}/u;
  // What a text says outside FSI…PDI pairs (Fluent isolates its arguments so).
  const unisolated = t => t.replace(/\u2068[^\u2068\u2069]*\u2069/g, ' ');
  // A line of text is laid out as one bidi paragraph up to the nearest
  // element that is not inline (a block, or an inline-block, which the
  // line holds as one neutral object).
  const inline = e => ['inline', 'contents'].includes(getComputedStyle(e).display);
  // (Blocks are unicode-bidi: isolate in the browser's own style sheet,
  // which only matters once made inline: only an inline element's counts.)
  const isolates = e => e.hasAttribute('dir') || e.tagName === 'BDI'
    || (inline(e) && ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(e).unicodeBidi));
  const paragraphOf = e => { while (e.parentElement && inline(e)) e = e.parentElement; return e; };
  // The paragraph's own text: isolated parts and nested paragraphs left out.
  const ownText = e => [...e.childNodes].map(n => {
    if (n.nodeType === Node.TEXT_NODE) return unisolated(n.data);
    if (n.nodeType !== Node.ELEMENT_NODE || !inline(n) || isolates(n)) return ' ';
    return ownText(n);
  }).join('');

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  const mixed = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    const latin = unisolated(node.data).match(LATIN);
    if (!latin || !parent.checkVisibility()) continue;
    // Isolated between the text and its paragraph?
    const paragraph = paragraphOf(parent);
    let isolated = false;
    for (let e = parent; e; e = e.parentElement) {
      if (isolates(e)) { isolated = true; break; }
      if (e === paragraph) break;
    }
    if (isolated || getComputedStyle(paragraph).direction !== 'rtl') continue;
    const line = ownText(paragraph).replace(/\s+/g, ' ').trim();
    if (!ARABIC.test(line)) continue;
    if (allowed.some(a => node.data.includes(a))) continue;
    if (seen.has(line)) continue;
    seen.add(line);
    mixed.push(`Latin "${latin[0]}" not isolated in an RTL line: "${line.slice(0, 120)}" (<${parent.tagName.toLowerCase()} class="${parent.className}">)`);
  }
  // A list repeats its fault on every item: a few say where to look.
  if (mixed.length > 4) mixed.splice(4, mixed.length, `… and ${mixed.length - 4} more such lines`);
  return found.concat(mixed);
}

await runBrowserTest(base, async (first, report) => {
  report.pages = 0;
  report.expected = [];
  const allowed = ALLOWED_LATIN.map(a => a.text);
  const visits = LANGUAGES.flatMap(lang => PAGES.map(path => `/${lang}${path === '/' ? '' : path}`));
  // Two tabs at once: the machine has two cores, the server one of them.
  const second = await first.context().browser().newPage({ viewport: first.viewportSize() });
  for (const page of [second]) {
    page.on('pageerror', e => report.problems.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') report.problems.push('console: ' + m.text()); });
    page.on('response', r => { if (r.status() >= 400) report.problems.push(`HTTP ${r.status()} ${r.url()}`); });
  }
  const work = async page => {
    for (let path = visits.shift(); path; path = visits.shift()) {
      await page.goto(base + path, { waitUntil: 'load' });
      const rtl = path.startsWith('/ar') || path.startsWith('/fa');
      for (const problem of await page.evaluate(inspect, { rtl, allowed })) report.problems.push(`${path}: ${problem}`);
      report.pages += 1;
    }
  };
  await Promise.all([work(first), work(second)]);
}, { width: 360, height: 740 });
