// /api/search under load over HTTP: 32 clients at once (autocannon: each
// connection asks again as soon as it is answered) for 20 s each, on a
// running Atlas, twice: a Zipf stream of searches (the k-th commonest asked
// 1/k as often as the first: words, words and a town, pages 1-3), which is
// what visitors send and what the server's cache of recent pages meets;
// then every request different (a page number no one asked before), so
// every answer is worked out. Prints a Markdown table.
//   CORPUS_WORDS='w1 w2 …' node scripts/search-load.mjs BASE_URL AUTOCANNON_MODULE_DIR [SECONDS]
import { createRequire } from 'node:module';

const [base, moduleDir, secondsArg] = process.argv.slice(2);
const autocannon = createRequire(`${moduleDir}/`)('autocannon');
const SECONDS = Number(secondsArg || 20);
const CLIENTS = 32;

// Words of the generated corpus (CORPUS_WORDS, set by scripts/measure-pages), one to three.
if (!process.env.CORPUS_WORDS) throw new Error('set CORPUS_WORDS to the words of the served corpus');
const WORDS = process.env.CORPUS_WORDS.split(' ');
const TOWNS = ['', 'Leeds', 'Glasgow', 'Cardiff', 'Belfast', 'Sheffield', 'Bristol', 'Manchester', 'London'];
const texts = [];
for (let i = 0; i < WORDS.length; i++) {
  texts.push(WORDS[i], `${WORDS[i]} ${WORDS[(i + 3) % WORDS.length]}`, `${WORDS[i]} ${WORDS[(i + 5) % WORDS.length]} ${WORDS[(i + 1) % WORDS.length]}`);
}
const kinds = [];
for (const page of [1, 2, 3]) for (const town of TOWNS) for (const text of texts) kinds.push({ q: `${text} ${town}`.trim(), page });

// A fixed seed, so two runs ask the same.
let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const weights = kinds.map((_, k) => 1 / (k + 1));
const total = weights.reduce((a, b) => a + b, 0);
function zipf() {
  let x = random() * total;
  for (let k = 0; k < kinds.length; k++) if ((x -= weights[k]) <= 0) return kinds[k];
  return kinds[kinds.length - 1];
}
const path = ({ q, page }) => `/api/search?q=${encodeURIComponent(q)}&page=${page}`;
let fresh = 0;
const streams = [
  ['a Zipf stream of searches (through the cache)', () => path(zipf())],
  ['every request different (every answer worked out)', () => path({ q: kinds[fresh % kinds.length].q, page: 4 + Math.floor(fresh++ / kinds.length) })],
];

console.log(`| /api/search, ${CLIENTS} clients, ${SECONDS} s | requests | per second | p50 | p99 | non-2xx |`);
console.log('|---|---|---|---|---|---|');
for (const [name, next] of streams) {
  const result = await autocannon({
    url: base, connections: CLIENTS, duration: SECONDS,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: next() }) }],
  });
  const l = result.latency;
  console.log(`| ${name} | ${result.requests.total} | ${Math.round(result.requests.average)} | ${l.p50} ms | ${l.p99} ms | ${result.non2xx} |`);
}
