// node scripts/basemap.mjs OUT.geojson
// Writes the offline basemap: land of Great Britain, Ireland and the Crown
// Dependencies from Natural Earth 1:10m (the npm package world-atlas),
// coordinates rounded to about 100 m to keep the file small.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8'));
// ISO 3166 numeric: United Kingdom, Ireland, Isle of Man, Jersey, Guernsey.
const keep = new Set(['826', '372', '833', '832', '831']);
const all = feature(topology, topology.objects.countries);
const round = c => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000];
const features = all.features
  .filter(f => keep.has(String(f.id)))
  .map(f => ({ type: 'Feature', properties: { name: f.properties.name }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
if (features.length < 2) { console.error('basemap: Britain and Ireland not found in world-atlas'); process.exit(1); }
writeFileSync(process.argv[2], JSON.stringify({ type: 'FeatureCollection', features }));
console.error(`basemap: ${features.length} areas written to ${process.argv[2]}`);
