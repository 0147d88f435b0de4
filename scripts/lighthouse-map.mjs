// node scripts/lighthouse-map.mjs BASE_URL LIGHTHOUSE_BIN [RUNS]: the map pages only, with
// a street basemap installed (see docs/performance.md, "The street basemap").
// Lighthouse (mobile) on the map pages, median of RUNS by performance score.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/browser/harness.mjs';
const [base, bin, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 3);
const PAGES = [['map', '/map'], ['map (ar)', '/ar/map'], ['map zoomed into the fixture city', '/map?lat=60.1716&lon=24.9443&z=15'], ['map zoomed (ar)', '/ar/map?lat=60.1716&lon=24.9443&z=15']];
const dir = mkdtempSync(join(tmpdir(), 'lh-'));
const flags = ['--headless=new', ...CHROMIUM_FLAGS].join(' ');
console.log('| page | runs (performance) | median: perf / a11y / best practices / SEO | TBT | LCP | bytes |');
console.log('|---|---|---|---|---|---|');
for (const [name, path] of PAGES) {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const out = join(dir, 'r.json');
    execFileSync(bin, [base + path, '--quiet', '--output=json', `--output-path=${out}`, `--chrome-flags=${flags}`, '--only-categories=performance,accessibility,best-practices,seo'], { stdio: 'ignore', env: { ...process.env, CHROME_PATH: CHROMIUM } });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const s = k => Math.round(r.categories[k].score * 100);
    results.push({ perf: s('performance'), a11y: s('accessibility'), bp: s('best-practices'), seo: s('seo'), tbt: Math.round(r.audits['total-blocking-time'].numericValue), lcp: (r.audits['largest-contentful-paint'].numericValue / 1000).toFixed(2), bytes: Math.round(r.audits['total-byte-weight'].numericValue / 1024) });
  }
  const sorted = [...results].sort((a, b) => a.perf - b.perf);
  const m = sorted[Math.floor(sorted.length / 2)];
  console.log(`| ${name} \`${path}\` | ${results.map(r => r.perf).join(', ')} | ${m.perf} / ${m.a11y} / ${m.bp} / ${m.seo} | ${m.tbt} ms | ${m.lcp} s | ${m.bytes} KB |`);
}
