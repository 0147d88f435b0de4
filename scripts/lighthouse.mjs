// Lighthouse (mobile: its default phone emulation and simulated slow 4G
// and CPU) on the public pages of a running Atlas, in English and Arabic.
// Each page is audited RUNS times and the run with the median performance
// score is reported, because one run varies by several points on a busy
// machine. Prints a Markdown table: the four scores, total blocking time,
// largest contentful paint, layout shift, bytes transferred (tiles
// excluded: there are none by default) and DOM elements.
//   node scripts/lighthouse.mjs BASE_URL LIGHTHOUSE_BIN [RUNS]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/browser/harness.mjs';

const [base, bin, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 3);
const PAGES = [
  ['home', '/'], ['map', '/map'], ['directory', '/listings'], ['search', '/search?q=legal+advice'],
  ['library', '/library'], ['a listing', '/listings/generated-000001'], ['register', '/register'],
];
// The browser tests' Chromium and flags: no calls home from the browser.
const CHROME_FLAGS = ['--headless=new', ...CHROMIUM_FLAGS].join(' ');
const dir = mkdtempSync(join(tmpdir(), 'atlas-lighthouse-'));

function audit(url) {
  const out = join(dir, 'report.json');
  execFileSync(bin, [url, '--quiet', '--output=json', `--output-path=${out}`, `--chrome-flags=${CHROME_FLAGS}`,
    '--only-categories=performance,accessibility,best-practices,seo'], { stdio: 'ignore', env: { ...process.env, CHROME_PATH: CHROMIUM } });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const score = (k) => Math.round(report.categories[k].score * 100);
  const a = report.audits;
  return {
    performance: score('performance'), accessibility: score('accessibility'), practices: score('best-practices'), seo: score('seo'),
    tbt: Math.round(a['total-blocking-time'].numericValue), lcp: a['largest-contentful-paint'].numericValue / 1000,
    cls: a['cumulative-layout-shift'].numericValue, bytes: a['total-byte-weight'].numericValue, dom: a['dom-size'].numericValue,
  };
}

console.log(`| page | lang | performance (median of ${RUNS}) | all runs | accessibility | best practices | SEO | TBT | LCP | CLS | bytes | DOM elements |`);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const lang of ['en', 'ar']) {
  for (const [name, path] of PAGES) {
    const url = base + (lang === 'en' ? '' : '/' + lang) + path;
    const runs = Array.from({ length: RUNS }, () => audit(url)).sort((x, y) => x.performance - y.performance);
    const m = runs[Math.floor(RUNS / 2)];
    console.log(`| ${name} | ${lang} | ${m.performance} | ${runs.map((r) => r.performance).join(', ')} | ${m.accessibility} | ` +
      `${m.practices} | ${m.seo} | ${m.tbt} ms | ${m.lcp.toFixed(1)} s | ${m.cls.toFixed(3)} | ${(m.bytes / 1024).toFixed(1)} KB | ${m.dom} |`);
  }
}
rmSync(dir, { recursive: true, force: true });
