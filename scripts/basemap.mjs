// node scripts/basemap.mjs DIR
// Writes the offline basemap into DIR: land of Great Britain, Ireland and
// the Crown Dependencies from Natural Earth (the npm package world-atlas).
// Two levels of detail: land-overview.geojson (1:50m, 1,332 points, ~1 km)
// for the whole country, which is what a first visit needs, and
// land.geojson (1:10m, 9,655 points, ~100 m) fetched only once a visitor
// zooms in — on a phone the detailed one costs seven times the data and
// main-thread time for a coastline nobody sees at that scale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
// ISO 3166 numeric: United Kingdom, Ireland, Isle of Man, Jersey, Guernsey.
const keep = new Set(['826', '372', '833', '832', '831']);

function land(scale, decimals, out) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
  const unit = 10 ** decimals;
  const round = c => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * unit) / unit, Math.round(c[1] * unit) / unit];
  const features = feature(topology, topology.objects.countries).features
    .filter(f => keep.has(String(f.id)))
    .map(f => ({ type: 'Feature', properties: { name: f.properties.name }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
  if (features.length < 2) { console.error(`basemap: Britain and Ireland not found in world-atlas ${scale}`); process.exit(1); }
  writeFileSync(join(process.argv[2], out), JSON.stringify({ type: 'FeatureCollection', features }));
  console.error(`basemap: ${features.length} areas written to ${out}`);
}

land('50m', 2, 'land-overview.geojson');
land('10m', 3, 'land.geojson');
