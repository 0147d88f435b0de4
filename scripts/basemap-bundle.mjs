// node scripts/basemap-bundle.mjs DIR
// Writes DIR/protomaps-leaflet.js: the street basemap's drawing code
// (protomaps-leaflet and the Protomaps "light" colours, both BSD-3, from
// npm), one minified file that sets window.AtlasBasemap. public/assets/map.js
// loads it only once a visitor zooms in past the country view, so a first
// visit costs nothing more. Also DIR/LICENSES.txt: the notices of every
// package that ends up inside the file.
//
// The `pmtiles` package (reading an archive by HTTP range requests) is left
// out: our server hands out one tile per URL (/basemap/<version>/{z}/{x}/{y}.mvt),
// so the browser never reads an archive, and the file is ~26 KB instead of ~40.
import { build } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/basemap-bundle.mjs DIR');
mkdirSync(out, { recursive: true });

// What map.js uses, and nothing else (esbuild drops the rest).
const entry = `
import { leafletLayer, paintRules, labelRules } from 'protomaps-leaflet';
import { namedFlavor } from '@protomaps/basemaps';
window.AtlasBasemap = { leafletLayer, paintRules, labelRules, namedFlavor };
`;

// Two packages replaced by small stand-ins:
// - `pmtiles`, only reached if a URL ending in .pmtiles were given;
// - `@protomaps/basemaps`, whose index also holds the MapLibre style
//   generator and language tables (37 KB that esbuild cannot drop, as the
//   module runs code when loaded): protomaps-leaflet only asks it for
//   namedFlavor, and we only draw the "light" colours, which sit alone in
//   its src/flavors.ts.
const STUBS = {
  pmtiles: 'export class PMTiles { constructor() { throw new Error("this build reads tiles by URL, not .pmtiles archives"); } }',
  '@protomaps/basemaps': `import { LIGHT } from './src/flavors.ts';
    export function namedFlavor(name) {
      if (name === 'light') return LIGHT;
      throw new Error('only the light flavour is in this build: ' + name);
    }`,
};
const stubs = {
  name: 'stubs',
  setup(b) {
    b.onResolve({ filter: /^(pmtiles|@protomaps\/basemaps)$/ }, a => ({ path: a.path, namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, a => ({
      contents: STUBS[a.path],
      loader: 'js',
      resolveDir: join(process.cwd(), 'node_modules', a.path),
    }));
  },
};

const result = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  // protomaps-leaflet's own level; old phones' browsers run it.
  target: 'es2015',
  legalComments: 'none',
  plugins: [stubs],
  // ES modules first: rbush's "browser" file has quickselect pasted in,
  // which would hide its licence from the list below.
  mainFields: ['module', 'main'],
  metafile: true,
  outfile: join(out, 'protomaps-leaflet.js'),
  logLevel: 'warning',
});

// Every npm package with a file in the bundle, and its licence text.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
  if (m) packages.set(m[2], m[1]);
}
const BSD3_BASEMAPS = `Copyright 2019-2023 Protomaps LLC, Kelso Cartography

${readFileSync('node_modules/protomaps-leaflet/LICENSE', 'utf8').split('\n').slice(1).join('\n').trim()}

The visual design of the Protomaps basemap styles was created by Geraldine
Sarmiento for Protomaps LLC and released under CC0 1.0.
(@protomaps/basemaps ships no LICENSE file in its npm package; this is the
notice of its repository, github.com/protomaps/basemaps, LICENSE.md.)`;
const notices = [...packages].sort().map(([name, dir]) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find(f => /^licen[cs]e/i.test(f));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : name === '@protomaps/basemaps' ? BSD3_BASEMAPS : null;
  if (!text) throw new Error(`${name} has no licence file: add its notice to scripts/basemap-bundle.mjs`);
  return `${name} ${pkg.version} (${pkg.license})\n${'='.repeat(40)}\n${text}\n`;
});
writeFileSync(join(out, 'LICENSES.txt'),
  'protomaps-leaflet.js is built by scripts/basemap-bundle.mjs from these npm packages:\n\n' + notices.join('\n'));
const size = readFileSync(join(out, 'protomaps-leaflet.js')).length;
console.log(`basemap bundle: ${size} bytes, ${packages.size} packages (${[...packages.keys()].join(', ')})`);
