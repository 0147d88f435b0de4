// node tests/browser/basemap.mjs URL LAT,LON,ZOOM [DIR]
// (the order of LAT,LON,ZOOM and DIR may be swapped, as tests/it/browser.rs
// passes its artefacts folder second.)
// The street basemap, on a site that has one, opened at LAT,LON,ZOOM (a
// street zoom inside the archive) on /map and /ar/map: the tiles drawn on
// canvas with real pixels (many distinct colours, not a blank background),
// the OpenStreetMap credit visible, the TileJSON asked once, the drawing
// code and the tiles from this server (never another host), canvas text
// drawn left to right on the Arabic page (the right-to-left fix), and a
// screenshot of each in DIR (basemap-en.png, basemap-ar.png).
import { mkdirSync } from 'node:fs';
import { runBrowserTest } from './harness.mjs';

const [url, ...rest] = process.argv.slice(2);
const view = rest.find(a => /^-?[0-9.]+,-?[0-9.]+,[0-9]+$/.test(a));
const dir = rest.find(a => a !== view) || 'test-artifacts';
if (!url || !view) {
  console.error('usage: node tests/browser/basemap.mjs URL LAT,LON,ZOOM [DIR]');
  process.exit(2);
}
const [lat, lon, zoom] = view.split(',');
const base = url.replace(/\/$/, '');
mkdirSync(dir, { recursive: true });

// A phone's screen: what most visitors see, and the smallest view.
await runBrowserTest(base, async (page, report) => {
  const check = (ok, message) => { if (!ok) report.problems.push(message); };
  const asked = [];
  page.on('request', r => asked.push(new URL(r.url()).pathname));
  for (const lang of ['en', 'ar']) {
    asked.length = 0;
    const prefix = lang === 'en' ? '' : '/' + lang;
    await page.goto(`${base}${prefix}/map?lat=${lat}&lon=${lon}&z=${zoom}`, { waitUntil: 'networkidle' });
    // protomaps-leaflet draws each tile a moment after its data comes.
    const drawn = await page.waitForFunction(() => {
      const canvases = [...document.querySelectorAll('#map .leaflet-tile-pane canvas')];
      const colours = new Set();
      for (const c of canvases) {
        if (!c.width || !c.height) continue;
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        // Every 7th pixel: enough to see streets, water and labels.
        for (let i = 0; i < data.length; i += 28) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
      return colours.size >= 12 ? { canvases: canvases.length, colours: colours.size } : false;
    }, null, { timeout: 20000, polling: 500 }).then(h => h.jsonValue()).catch(() => null);
    const credit = await page.evaluate(() => {
      const box = document.querySelector('#map .leaflet-control-attribution');
      if (!box) return null;
      const r = box.getBoundingClientRect(), map = document.querySelector('#map').getBoundingClientRect();
      const link = [...box.querySelectorAll('a')].find(a => /openstreetmap\.org\/copyright/.test(a.href));
      return {
        text: box.textContent,
        link: !!link,
        // Inside the map and not hidden (a credit that is there but unseen does not count).
        visible: r.width > 0 && r.height > 0 && r.top >= map.top && r.bottom <= map.bottom + 1 && box.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
      };
    });
    const direction = await page.evaluate(() => {
      const c = document.querySelector('#map .leaflet-tile-pane canvas');
      return c ? getComputedStyle(c).direction : null;
    });
    const tiles = asked.filter(p => /^\/basemap\/[^/]+\/\d+\/\d+\/\d+\.mvt$/.test(p));
    report[lang] = {
      drawn, credit, direction,
      tilejson_requests: asked.filter(p => p === '/basemap/tiles.json').length,
      bundle: asked.some(p => p === '/vendor/protomaps/protomaps-leaflet.js'),
      tiles: tiles.length,
    };
    check(!!drawn, `${lang}: no street tiles drawn (fewer than 12 colours on the map's canvases after 20 s)`);
    check(credit && credit.visible && credit.link && /© OpenStreetMap contributors/.test(credit.text), `${lang}: the OpenStreetMap credit is not visible: ${JSON.stringify(credit)}`);
    check(report[lang].tilejson_requests === 1, `${lang}: /basemap/tiles.json asked ${report[lang].tilejson_requests} times`);
    check(report[lang].bundle, `${lang}: the street map's script was not loaded from /vendor/protomaps/`);
    check(tiles.length > 0, `${lang}: no tile asked from /basemap/<version>/z/x/y.mvt`);
    if (lang === 'ar') check(direction === 'ltr', `ar: the map's canvas is drawn ${direction}, so labels shift off their places`);
    // The whole map in the picture, its credit included.
    await page.evaluate(() => document.querySelector('#map').scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: `${dir}/basemap-${lang}.png` });
  }
  report.screenshots = `${dir}/basemap-{en,ar}.png`;
}, { width: 360, height: 740 });
