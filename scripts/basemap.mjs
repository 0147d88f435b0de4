// node scripts/basemap.mjs DIR
// Writes the offline basemap into DIR: land of Great Britain, Ireland and
// the Crown Dependencies from Natural Earth (the npm package world-atlas).
// Two levels of detail: land-overview.svg (1:50m, 1,332 points, ~1 km),
// a picture of the whole country, which is what a first visit needs, and
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

// The box the country view's land picture covers (south-west, north-east),
// the same in public/assets/map.js, which lays the picture over it.
const OVERVIEW = { south: 49, west: -11, north: 61, east: 2 };
const WIDTH = 1000;

// Web Mercator, as the map draws: a picture drawn in it lies exactly over
// the map between the box's corners.
const mercator = lat => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));

// The country view's land as one SVG picture: the browser draws it like an
// image, with none of the script work of turning 1,332 points into shapes.
function picture(features, out) {
  const { south, west, north, east } = OVERVIEW;
  const scale = WIDTH / (east - west);
  const height = Math.round((mercator(north) - mercator(south)) * (180 / Math.PI) * scale);
  const point = ([lon, lat]) => {
    if (lon < west || lon > east || lat < south || lat > north) {
      console.error(`basemap: ${lon},${lat} is outside the overview box; widen OVERVIEW here and in map.js`);
      process.exit(1);
    }
    const x = (lon - west) * scale, y = (mercator(north) - mercator(lat)) * (180 / Math.PI) * scale;
    return `${x.toFixed(1)} ${y.toFixed(1)}`;
  };
  const rings = [];
  for (const f of features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polygons) for (const ring of polygon) rings.push('M' + ring.map(point).join('L') + 'Z');
  }
  writeFileSync(join(process.argv[2], out),
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="none">` +
    `<path d="${rings.join('')}" fill="#eef2e6" fill-rule="evenodd" stroke="#7d8f77" stroke-width="1" vector-effect="non-scaling-stroke"/></svg>`);
  console.error(`basemap: ${rings.length} rings drawn in ${out}`);
}

function land(scale, decimals, out = null) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
  const unit = 10 ** decimals;
  const round = c => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * unit) / unit, Math.round(c[1] * unit) / unit];
  const features = feature(topology, topology.objects.countries).features
    .filter(f => keep.has(String(f.id)))
    .map(f => ({ type: 'Feature', properties: { name: f.properties.name }, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
  if (features.length < 2) { console.error(`basemap: Britain and Ireland not found in world-atlas ${scale}`); process.exit(1); }
  if (out) {
    writeFileSync(join(process.argv[2], out), JSON.stringify({ type: 'FeatureCollection', features }));
    console.error(`basemap: ${features.length} areas written to ${out}`);
  }
  return features;
}

picture(land('50m', 2), 'land-overview.svg');
land('10m', 3, 'land.geojson');
