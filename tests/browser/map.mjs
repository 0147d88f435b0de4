// node tests/browser/map.mjs URL
// The map page in Debian's headless Chromium: clustered markers from the
// sample data, a kind filter that changes them, the near-me box with a
// postcode district that recentres the map and reorders the list, a marker
// that opens its card (by tap and by keyboard) whose link reaches the
// listing page, a cluster of listings sharing one point that lists them,
// "use my location" that sends nothing finer than 0.05° and writes nothing
// into the address, a refused location that says what to do, a one-finger
// swipe on a phone that scrolls the page (two fingers move the map), and
// no request to any other host.
import { runBrowserTest } from './harness.mjs';

const base = process.argv[2].replace(/\/$/, '');
await runBrowserTest(base, async (page, report) => {
  const check = (ok, message) => { if (!ok) report.problems.push(message); };
  await page.goto(base + '/map', { waitUntil: 'networkidle' });
  await page.waitForSelector('.cluster-marker', { timeout: 15000 });
  report.clusters = await page.locator('.cluster-marker').count();
  report.points = await page.locator('.listing-marker').count();
  // The country's land: a picture in a pane under the (street) tiles.
  report.land_drawn = await page.evaluate(() => document.querySelectorAll('.leaflet-land-pane path').length);
  check(report.clusters > 0, 'no clusters on the map');
  check(report.land_drawn > 0, 'the offline basemap was not drawn');
  const allCount = await page.textContent('#map-count');

  // A kind filter changes the markers and the address.
  const before = await page.locator('.leaflet-marker-pane .leaflet-marker-icon:not(.town-label)').count();
  // The filters are folded behind one button (the map comes first on a phone).
  await page.click('.more-filters > summary');
  await page.selectOption('#kind', 'reporting_centre');
  await page.waitForFunction(() => location.search.includes('kind=reporting_centre'), null, { timeout: 5000 });
  await page.waitForFunction(t => document.querySelector('#map-count').textContent !== t, allCount, { timeout: 5000 });
  report.kind_count = await page.textContent('#map-count');
  check(/\b12\b/.test(report.kind_count), 'kind filter: expected 12 reporting centres, got ' + report.kind_count);
  await page.waitForTimeout(300);
  const after = await page.locator('.leaflet-marker-pane .leaflet-marker-icon:not(.town-label)').count();
  report.markers_before_after = [before, after];
  check(before !== after || report.clusters > 0, 'markers did not change with the kind filter');
  await page.selectOption('#kind', '');

  // Near me with a postcode district: recentres and sorts by distance.
  const centreBefore = await page.evaluate(() => location.search);
  await page.fill('#near', 'S1');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#map-list .distance'), null, { timeout: 8000 });
  await page.waitForTimeout(300);
  const firstItems = await page.locator('#map-list li').allTextContents();
  report.near_first = firstItems.slice(0, 3);
  report.url_after_near = await page.evaluate(() => location.search);
  check(firstItems.length > 0 && firstItems[0].includes('Sheffield'), 'near S1: first listing is not in Sheffield: ' + firstItems[0]);
  check(report.url_after_near !== centreBefore && report.url_after_near.includes('near=S1'), 'near S1: the map did not move or the address did not follow');
  const distances = await page.locator('#map-list .distance').allTextContents();
  const km = distances.map(d => parseFloat(d));
  check(km.every((d, i) => i === 0 || d >= km[i - 1]), 'near S1: list not sorted by distance: ' + distances.join(', '));

  // On a phone (375×667): the near-me box, then the map within the first
  // screen; the other filters folded away; the list below the map.
  for (const lang of ['', '/ar']) {
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(base + lang + '/map', { waitUntil: 'networkidle' });
    const box = await page.evaluate(() => {
      const top = s => document.querySelector(s).getBoundingClientRect().top;
      return { near: top('#near'), map: top('#map'), list: top('#map-list'), folded: !document.querySelector('.more-filters').open };
    });
    report['phone' + (lang || '/en')] = box;
    check(box.near < box.map, 'phone: the near-me box is not above the map');
    check(box.map < 667 * 0.5, 'phone: the map starts below the middle of the first screen: ' + box.map);
    check(box.list > box.map, 'phone: the list is not below the map');
    check(box.folded, 'phone: the filters are not folded');
    // The count of what is in view, written as the language writes numbers.
    const counted = await page.evaluate(async () => {
      const asked = performance.getEntriesByType('resource').map(r => r.name).filter(n => n.includes('/api/listings?')).pop();
      const total = (await (await fetch(asked)).json()).total;
      return { total, text: document.querySelector('#map-count').textContent };
    });
    const digits = lang === '/ar' ? String(counted.total).replace(/[0-9]/g, d => '٠١٢٣٤٥٦٧٨٩'[d]) : String(counted.total);
    report['count' + (lang || '/en')] = counted;
    check(counted.total > 2 && counted.text.includes(digits), `phone${lang}: the count says ${counted.text}, not ${digits}`);
  }
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(base + '/map', { waitUntil: 'networkidle' });
  await page.waitForSelector('.listing-marker', { timeout: 15000 });

  // A marker opens its card in the map; the card's link reaches the listing page.
  await page.locator('.listing-marker').first().click();
  await page.waitForSelector('.map-popup .map-card-open', { timeout: 8000 });
  report.card = await page.locator('.map-popup .map-card').innerText();
  check(page.url().includes('/map'), 'a marker tap left the map');
  // The same card from the keyboard: Enter on a focused marker, the focus in the card.
  await page.keyboard.press('Escape');
  await page.locator('.listing-marker').nth(1).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.map-popup .map-card-open', { timeout: 8000 });
  await page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('map-card-open'), null, { timeout: 5000 })
    .catch(() => check(false, 'Enter on a marker: the focus did not move into its card'));
  await page.click('.map-popup .map-card-open');
  await page.waitForURL(/\/listings\/[a-z0-9-]+$/, { timeout: 8000 });
  report.marker_led_to = page.url();
  check(await page.locator('h1').count() === 1, 'listing page has no heading');

  const browser = page.context().browser();
  // A new page in its own context, watched like the harness's page.
  const open = async (options) => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
    const p = await context.newPage();
    const origin = new URL(base).origin;
    p.on('request', r => { const u = r.url(); if (!u.startsWith(origin) && !u.startsWith('data:')) report.foreign_requests.push(u); });
    p.on('pageerror', e => report.problems.push('page error: ' + e.message));
    return p;
  };

  // A cluster of listings that share one point (groups shown "by town")
  // opens the list of what it holds instead of zooming in for ever.
  {
    const all = await (await fetch(base + '/api/clusters?bbox=-11,49,2,61&zoom=18')).json();
    const shared = all.markers.find(m => m.type === 'cluster' && m.bbox[0] === m.bbox[2] && m.bbox[1] === m.bbox[3]);
    check(!!shared, 'no co-located cluster in the sample data');
    if (shared) {
      const p = await open();
      await p.goto(`${base}/map?lat=${shared.lat}&lon=${shared.lon}&z=15`, { waitUntil: 'networkidle' });
      await p.waitForSelector('.cluster-marker', { timeout: 10000 });
      await p.locator('.cluster-marker').first().click();
      await p.waitForSelector('.map-popup .map-card-list li', { timeout: 8000 });
      const items = await p.locator('.map-popup .map-card-list li a').allTextContents();
      report.cluster_list = items;
      check(items.length === shared.count, `a cluster of ${shared.count} at one point listed ${items.length}`);
      await p.context().close();
    }
  }

  // "Use my location": the position is rounded in the browser to a 0.05°
  // grid before any request, and never written into the address.
  {
    const p = await open({ geolocation: { latitude: 53.37251, longitude: -1.47197 }, permissions: ['geolocation'] });
    const asked = [];
    p.on('request', r => asked.push(r.url()));
    await p.goto(base + '/map', { waitUntil: 'networkidle' });
    await p.click('#locate');
    await p.waitForFunction(() => document.querySelector('#near').value !== '', null, { timeout: 8000 })
      .catch(() => check(false, 'use my location: the near-me box was not filled'));
    await p.waitForTimeout(800);
    const fine = [];
    for (const u of asked) {
      for (const [key, value] of new URL(u).searchParams) {
        if (!['near', 'lat', 'lon'].includes(key)) continue;
        for (const n of value.split(',').filter(x => /^-?[0-9.]+$/.test(x))) {
          const onGrid = Math.abs(Number(n) / 0.05 - Math.round(Number(n) / 0.05)) < 1e-6;
          if ((n.split('.')[1] || '').length > 2 || !onGrid) fine.push(`${key}=${value} in ${u}`);
        }
      }
    }
    report.location_requests = asked.filter(u => /near=/.test(u)).map(u => u.replace(base, ''));
    report.location_address = await p.evaluate(() => location.search);
    check(report.location_requests.some(u => u.includes('near=53.35,-1.45')), 'use my location: no request near the rounded point 53.35,-1.45');
    check(fine.length === 0, 'use my location sent a position finer than 0.05°: ' + fine.join('; '));
    check(!/[?&](lat|lon)=/.test(report.location_address), 'use my location wrote a position into the address: ' + report.location_address);
    await p.context().close();
  }

  // A refused location says so, and what to type instead.
  {
    const p = await open({ permissions: [] });
    await p.goto(base + '/map', { waitUntil: 'networkidle' });
    // Headless Chromium refuses a permission nobody granted, as a person would.
    await p.click('#locate');
    await p.waitForSelector('#locate-message:not([hidden])', { timeout: 8000 }).catch(() => {});
    const said = await p.evaluate(() => { const m = document.querySelector('#locate-message'); return m && !m.hidden ? m.textContent : ''; });
    const expected = await p.evaluate(() => document.querySelector('#map').dataset.locateRefused);
    report.location_refused = said;
    check(said !== '' && said === expected, 'a refused location said nothing (or not the refusal): ' + said);
    await p.context().close();
  }

  // On a phone one finger scrolls the page, even over the map; two move the map.
  {
    const p = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await p.goto(base + '/map', { waitUntil: 'networkidle' });
    await p.waitForSelector('.cluster-marker', { timeout: 10000 });
    const cdp = await p.context().newCDPSession(p);
    const box = await p.locator('#map').boundingBox();
    const x = box.x + box.width / 2, y = box.y + box.height * 0.8;
    const swipe = async (fingers, dy) => {
      const at = step => fingers.map((dx, id) => ({ x: x + dx, y: y + (dy * step) / 10, id }));
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
      for (let step = 1; step <= 10; step++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(step) });
        await p.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await p.waitForTimeout(600);
    };
    const before = await p.evaluate(() => ({ scroll: scrollY, view: location.search }));
    await swipe([0], -250);
    const after = await p.evaluate(() => ({ scroll: scrollY, view: location.search, hint: !!document.querySelector('.map-gesture-hint.shown') }));
    report.one_finger = { before, after };
    check(after.scroll > before.scroll + 100, `a one-finger swipe over the map did not scroll the page (${before.scroll} → ${after.scroll})`);
    check(after.view === before.view, 'a one-finger swipe moved the map');
    check(after.hint, 'a one-finger swipe did not say to use two fingers');
    await p.evaluate(() => scrollTo(0, 0));
    await p.waitForTimeout(300);
    const beforeTwo = await p.evaluate(() => ({ scroll: scrollY, view: location.search }));
    await swipe([-40, 40], -150);
    await p.waitForTimeout(500);
    const afterTwo = await p.evaluate(() => ({ scroll: scrollY, view: location.search }));
    report.two_fingers = { before: beforeTwo, after: afterTwo };
    check(afterTwo.view !== beforeTwo.view, 'a two-finger move did not move the map');
    await p.context().close();
  }
});
