// The map of Solidarity Atlas, on Leaflet (served by this server). It asks
// the server for markers of the current view only, keeps the list beside
// it in step, and mirrors the filters in the address bar so a link opens
// the same view. Nothing here talks to any other host.
(function () {
  'use strict';
  if (!window.L) {
    // Without Leaflet nothing here would answer "use my location".
    document.querySelectorAll('.needs-script').forEach(function (e) { e.hidden = true; });
    return;
  }
  var UK = [54.4, -3.2];
  var DETAILED_LAND_ZOOM = 8;
  // What land-overview.svg covers (scripts/basemap.mjs draws it so).
  var LAND_OVERVIEW_BOX = [[49, -11], [61, 2]];

  // The street map starts where the offline outline would swap to its
  // detailed coastline: below it, the country's outline is all a visitor needs.
  var STREET_ZOOM = DETAILED_LAND_ZOOM;
  // The street map's drawing code (protomaps-leaflet, built by
  // scripts/basemap-bundle.mjs); scripts/build-site adds its ?v=<hash>.
  var STREETS_SCRIPT = '/vendor/protomaps/protomaps-leaflet.js';

  function pageLanguage(box) {
    return (box.dataset.lang || document.documentElement.lang || 'en').split('-')[0].toLowerCase();
  }

  // withStreets: whether the street map may be drawn at street zoom (the
  // listing page's small map opens there, and would load it on every visit).
  function basemap(map, withStreets) {
    var box = map.getContainer();
    // The operator's tiles, always through this server (never a third party).
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.tileCredit || '' }).addTo(map);
      return;
    }
    box.classList.add('offline-basemap');
    // The outline lies under the street map (a pane below the tiles), so
    // the streets cover it where they have data and it shows beyond.
    map.createPane('land').style.zIndex = 150;
    // The overview's town names sit above the markers (clusters must never
    // hide them) and, being pictures of words already on the page, out of
    // screen readers' way. They let taps through (not interactive).
    var labelsPane = map.createPane('town-labels');
    labelsPane.style.zIndex = 620;
    labelsPane.setAttribute('aria-hidden', 'true');
    // The coarse land (1:50m) for the country, as a picture laid over its
    // box (drawn as it comes: no script work per point); the detailed
    // coastline (1:10m, seven times the data, as shapes) once someone zooms
    // in, unless the street map is there to show it.
    var land = function (url) {
      return fetch(url).then(function (r) { return r.json(); }).then(function (shapes) {
        return L.geoJSON(shapes, { pane: 'land', interactive: false, style: { color: '#7d8f77', weight: 1, fillColor: '#eef2e6', fillOpacity: 1 } });
      });
    };
    var overview = null, detailed = false;
    if (map.getZoom() < DETAILED_LAND_ZOOM) {
      // In the page, not as an <img>: a decoration, not the page's content.
      fetch('/basemap/land-overview.svg').then(function (r) { return r.text(); }).then(function (text) {
        var picture = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
        picture.setAttribute('aria-hidden', 'true');
        if (!detailed) overview = L.svgOverlay(picture, LAND_OVERVIEW_BOX, { pane: 'land', interactive: false }).addTo(map);
      }).catch(function () {});
    }
    var sharpen = function () {
      if (detailed) return;
      detailed = true;
      land('/basemap/land.geojson').then(function (layer) {
        layer.addTo(map);
        if (overview) map.removeLayer(overview);
      }).catch(function () { detailed = false; });
    };
    var labels = L.layerGroup().addTo(map);
    if (withStreets !== false) {
      streets(map, labels, sharpen);
    } else {
      var closer = function () { if (map.getZoom() >= DETAILED_LAND_ZOOM) sharpen(); };
      map.on('zoomend', closer);
      closer();
    }
    fetch('/api/places/major').then(function (r) { return r.json(); }).then(function (data) {
      var lang = pageLanguage(box);
      data.places.forEach(function (p) {
        // In the page's language where the server knows the name in it.
        var name = (p.names && p.names[lang]) || p.name;
        labels.addLayer(L.marker([p.lat, p.lon], { pane: 'town-labels', interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'town-label', html: '<span dir="auto">' + escapeHtml(name) + '</span>', iconSize: null }) }));
      });
    }).catch(function () {});
  }

  // Whether this site has a street map, asked once per page and only when
  // a visitor first zooms in to street level: a first visit costs nothing.
  // A page may say so itself (data-basemap on the map: the TileJSON address,
  // empty when there is none) and spare the question; otherwise the server
  // answers /basemap/tiles.json, 404 when no street map is installed.
  var streetsAsked = null;
  function streetsAvailable(box) {
    if (streetsAsked) return streetsAsked;
    var address = box.hasAttribute('data-basemap') ? box.dataset.basemap : '/basemap/tiles.json';
    if (!address) return (streetsAsked = Promise.resolve(null));
    streetsAsked = fetch(address).then(function (r) { return r.status === 200 ? r.json() : null; }).then(function (tj) {
      if (!tj || !tj.tiles || !tj.tiles[0]) return null;
      return loadScript(STREETS_SCRIPT).then(function () { return window.AtlasBasemap ? tj : null; });
    }).catch(function () { return null; });
    return streetsAsked;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  // At street zoom: the street map if this site has one (the town labels
  // then give way to its own), else the detailed coastline (fallback).
  function streets(map, labels, fallback) {
    var layer = null, asked = false;
    // The street map where the view meets the archive's box; the town
    // labels give way to its own only where it covers the whole view (a
    // street map of one city leaves the rest of the country its names).
    var show = function () {
      if (!layer) return;
      var close = map.getZoom() >= STREET_ZOOM, view = map.getBounds();
      var meets = close && (!box || box.intersects(view)), covers = close && (!box || box.contains(view));
      if (meets && !map.hasLayer(layer)) map.addLayer(layer);
      if (!meets && map.hasLayer(layer)) map.removeLayer(layer);
      if (covers && map.hasLayer(labels)) map.removeLayer(labels);
      if (!covers && !map.hasLayer(labels)) map.addLayer(labels);
    };
    // Where the view goes beyond the archive's box (a street map of part
    // of the country), the detailed coastline shows there instead.
    var box = null;
    var beyond = function () {
      if (box && map.getZoom() >= STREET_ZOOM && !box.contains(map.getBounds())) fallback();
    };
    var ask = function () {
      if (asked || map.getZoom() < STREET_ZOOM) return;
      asked = true;
      streetsAvailable(map.getContainer()).then(function (tj) {
        if (!tj) { fallback(); return; }
        layer = streetLayer(map, tj);
        if (tj.bounds && tj.bounds.length === 4) box = L.latLngBounds([[tj.bounds[1], tj.bounds[0]], [tj.bounds[3], tj.bounds[2]]]);
        show();
        beyond();
      });
    };
    map.on('zoomend', function () { ask(); show(); });
    map.on('moveend', function () { beyond(); show(); });
    ask();
  }

  function streetLayer(map, tj) {
    var B = window.AtlasBasemap, flavour = B.namedFlavor('light');
    var rules = B.labelRules(flavour, pageLanguage(map.getContainer()));
    // Letter-spaced labels (water names) are drawn a letter at a time,
    // which breaks Arabic and Persian joining and reverses the word.
    rules.forEach(function (rule) { noLetterSpacing(rule.symbolizer, []); });
    // The credit OpenStreetMap's licence asks for, even on maps that show
    // no other credit (the picker).
    if (!map.attributionControl) {
      L.control.attribution({ prefix: false, position: document.documentElement.dir === 'rtl' ? 'bottomleft' : 'bottomright' }).addTo(map);
    }
    var options = {
      url: tj.tiles[0],
      // Must be the archive's own last zoom, or the layer goes blank past it.
      maxDataZoom: tj.maxzoom,
      paintRules: B.paintRules(flavour),
      labelRules: rules,
      backgroundColor: flavour.background,
      attribution: tj.attribution || '© OpenStreetMap contributors',
      lang: pageLanguage(map.getContainer()),
    };
    // Beyond the archive's box the outline underneath shows instead.
    if (tj.bounds && tj.bounds.length === 4) options.bounds = [[tj.bounds[1], tj.bounds[0]], [tj.bounds[3], tj.bounds[2]]];
    return B.leafletLayer(options);
  }

  // Sets every letterSpacing inside a label symbolizer (they nest) to 0.
  function noLetterSpacing(o, seen) {
    if (!o || typeof o !== 'object' || seen.indexOf(o) >= 0) return;
    seen.push(o);
    if (o.letterSpacing && typeof o.letterSpacing === 'object' && 'value' in o.letterSpacing) {
      o.letterSpacing.value = 0;
      o.letterSpacing.perFeature = false;
    }
    Object.keys(o).forEach(function (k) { noLetterSpacing(o[k], seen); });
  }

  // Zoom buttons named in the page's language (the page carries the words),
  // on the reading side of the map.
  function zoomControl(map) {
    var d = document.body.dataset, rtl = document.documentElement.dir === 'rtl';
    L.control.zoom({ position: rtl ? 'topright' : 'topleft', zoomInTitle: d.zoomInTitle || 'Zoom in', zoomOutTitle: d.zoomOutTitle || 'Zoom out' }).addTo(map);
  }

  // On a phone a swipe over the map scrolls the page (the map fills most
  // of the first screen and must not trap the thumb on the way to the
  // list); two fingers move and zoom it (Leaflet's pinch handler pans
  // too). Leaflet's own CSS then lets the browser take one-finger swipes.
  // A one-finger swipe over the map says so for a moment. Mouse and
  // keyboard are unchanged.
  function twoFingers(map) {
    if (!(window.matchMedia && matchMedia('(pointer: coarse)').matches)) return;
    map.dragging.disable();
    var box = map.getContainer(), hint = null, timer = null;
    var words = box.dataset.twoFingers || document.body.dataset.twoFingers || 'Use two fingers to move the map';
    var hide = function () { if (hint) hint.classList.remove('shown'); };
    box.addEventListener('touchmove', function (e) {
      clearTimeout(timer);
      if (e.touches.length !== 1) { hide(); return; }
      if (!hint) {
        hint = L.DomUtil.create('div', 'map-gesture-hint', box);
        // A picture of advice for touch screens; nothing to read out.
        hint.setAttribute('aria-hidden', 'true');
        hint.textContent = words;
      }
      hint.classList.add('shown');
    }, { passive: true });
    box.addEventListener('touchend', function () { clearTimeout(timer); timer = setTimeout(hide, 1500); }, { passive: true });
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }

  function kindColours(el) {
    var out = {};
    try { JSON.parse(el.dataset.kinds || '[]').forEach(function (k) { out[k.slug] = k; }); } catch (e) {}
    return out;
  }

  function markerIcon(kinds, kind, inactive) {
    var colour = (kinds[kind] && kinds[kind].colour) || '#444';
    return L.divIcon({ className: 'listing-marker' + (inactive ? ' inactive' : ''), iconSize: [26, 26], popupAnchor: [0, -12],
      html: '<span style="background:' + colour + '" aria-hidden="true"></span>' });
  }

  // The markers of one /api/clusters answer. A listing opens a small card
  // in the map; a cluster zooms in to split, or, when zooming in would not
  // split it (its listings share a point, as groups shown "by town" do, or
  // the map is as close as it goes), lists what it holds. Markers are
  // reached with Tab and opened with Enter, like a link.
  //   o.kinds: kind colours and labels; o.words: the page's words;
  //   o.href(slug): a listing's address; o.target: '_blank' in an embed;
  //   o.query(): the filters the markers were asked with;
  //   o.known(slug): the listing if the page has it already.
  function drawMarkers(map, layer, markers, o) {
    layer.clearLayers();
    markers.forEach(function (mk) {
      if (mk.type === 'cluster') {
        var label = mk.count + (o.words.zoomIn ? ' · ' + o.words.zoomIn : '');
        var c = L.marker([mk.lat, mk.lon], { keyboard: true, title: label, alt: label,
          icon: L.divIcon({ className: 'cluster-marker', iconSize: [36, 36], popupAnchor: [0, -16], html: '<span>' + mk.count + '</span>' }) });
        activate(c, function (keyboard) { clusterClicked(map, c, mk, o, keyboard); });
        layer.addLayer(c);
      } else {
        var p = L.marker([mk.lat, mk.lon], { keyboard: true, title: mk.name, alt: mk.name, icon: markerIcon(o.kinds, mk.kind, mk.inactive) });
        activate(p, function (keyboard) { openCard(map, p, mk, o, keyboard); });
        layer.addLayer(p);
      }
    });
  }

  // A tap or click, or Enter or Space on a focused marker (Leaflet gives
  // it role=button, but a button's keys are ours to answer).
  function activate(marker, open) {
    marker.on('click', function () { open(false); });
    marker.on('keypress', function (e) {
      var key = e.originalEvent.keyCode;
      if (key !== 13 && key !== 32) return;
      L.DomEvent.preventDefault(e.originalEvent);
      open(true);
    });
  }

  var MAX_ZOOM = 18;
  function clusterClicked(map, marker, mk, o, keyboard) {
    var box = L.latLngBounds([[mk.bbox[1], mk.bbox[0]], [mk.bbox[3], mk.bbox[2]]]);
    var onePoint = box.getNorth() - box.getSouth() < 1e-5 && box.getEast() - box.getWest() < 1e-5;
    var closer = Math.min(map.getBoundsZoom(box, false, L.point(60, 60)), MAX_ZOOM);
    if (!onePoint && closer > map.getZoom()) {
      map.fitBounds(box, { padding: [30, 30], maxZoom: MAX_ZOOM });
      return;
    }
    var popup = showPopup(map, marker, '<p>' + escapeHtml(o.words.loading) + '</p>', keyboard);
    // A little wider than the cluster's box: the API's points are rounded.
    var q = o.query(), pad = 2e-5;
    q.set('bbox', [box.getWest() - pad, box.getSouth() - pad, box.getEast() + pad, box.getNorth() + pad].map(function (v) { return v.toFixed(5); }).join(','));
    q.set('limit', '50');
    fetch('/api/listings?' + q).then(function (r) { return r.json(); }).then(function (data) {
      var items = (data.items || []).map(function (item) {
        return '<li><a dir="auto" href="' + escapeHtml(o.href(item.slug)) + '"' + targetAttr(o) + '>' + escapeHtml(item.name) + '</a>' +
          ' <span class="map-card-meta">' + escapeHtml(kindLabel(o, item)) + '</span></li>';
      }).join('');
      fillPopup(popup, '<div class="map-card"><p class="map-card-title">' + escapeHtml(o.words.here) + '</p><ul class="map-card-list">' + items + '</ul></div>', keyboard);
    }).catch(function () { map.closePopup(popup); });
  }

  function openCard(map, marker, mk, o, keyboard) {
    var popup = showPopup(map, marker, '<p dir="auto"><strong>' + escapeHtml(mk.name) + '</strong></p><p>' + escapeHtml(o.words.loading) + '</p>', keyboard);
    var known = o.known(mk.slug);
    var listing = known ? Promise.resolve(known)
      : fetch('/api/listings/' + encodeURIComponent(mk.slug) + '?town_lang=' + encodeURIComponent(document.documentElement.lang || 'en'))
        .then(function (r) { return r.json(); });
    // The next date, if the listing has anything on (one small answer).
    var next = fetch('/api/events?limit=1&listing=' + encodeURIComponent(mk.slug)).then(function (r) { return r.json(); })
      .then(function (d) { return d.items && d.items[0]; }).catch(function () { return null; });
    Promise.all([listing, next]).then(function (r) { fillPopup(popup, cardHtml(r[0], r[1], o), keyboard); })
      .catch(function () { fillPopup(popup, cardHtml({ slug: mk.slug, name: mk.name, kind: mk.kind }, null, o), keyboard); });
  }

  function cardHtml(item, next, o) {
    var line = function (label, text) { return text ? '<p><span class="map-card-label">' + escapeHtml(label) + '</span> <span dir="auto">' + escapeHtml(text) + '</span></p>' : ''; };
    return '<div class="map-card">' +
      '<p class="map-card-title" dir="auto">' + escapeHtml(item.name) + '</p>' +
      '<p class="map-card-meta"><span class="kind-badge">' + escapeHtml(kindLabel(o, item)) + '</span>' +
      (item.town ? ' <span dir="auto">' + escapeHtml(item.town) + '</span>' : '') + '</p>' +
      line(o.words.meets, item.meeting_times) +
      line(o.words.next, next ? when(next) : '') +
      '<p><a class="map-card-open" href="' + escapeHtml(o.href(item.slug)) + '"' + targetAttr(o) +
      ' aria-label="' + escapeHtml(o.words.open + ': ' + item.name) + '">' + escapeHtml(o.words.open) + '</a></p></div>';
  }

  function kindLabel(o, item) {
    return (o.kinds[item.kind] && o.kinds[item.kind].label) || item.kind_label || '';
  }

  function targetAttr(o) {
    return o.target ? ' target="' + o.target + '" rel="noopener"' : '';
  }

  // An occurrence's date (and time) as the page's language writes it, in
  // the UK's time, where every listing is.
  function when(occurrence) {
    var d = new Date(occurrence.start);
    if (isNaN(d) || !window.Intl) return String(occurrence.start).slice(0, 10);
    var lang = document.documentElement.lang || 'en';
    var opts = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'Europe/London' };
    if (!occurrence.all_day) { opts.hour = 'numeric'; opts.minute = '2-digit'; }
    try { return new Intl.DateTimeFormat(lang, opts).format(d); } catch (e) { return d.toISOString().slice(0, 10); }
  }

  // A popup above a marker. Opened with the keyboard, the focus goes into
  // it once it has its content and back to the marker when it closes.
  function showPopup(map, marker, html, keyboard) {
    // Panned clear of the zoom buttons above it (on either side).
    var popup = L.popup({ maxWidth: 230, minWidth: 170, autoPanPadding: [12, 84], className: 'map-popup' })
      .setLatLng(marker.getLatLng()).setContent(html);
    // The marker's own anchor, so the tip points at it, not through it.
    popup.options.offset = L.point(marker.options.icon.options.popupAnchor || [0, 0]).add(L.point(0, 7));
    popup.openOn(map);
    var close = popup.getElement() && popup.getElement().querySelector('.leaflet-popup-close-button');
    var words = map.getContainer().dataset;
    if (close && words.popupClose) { close.setAttribute('aria-label', words.popupClose); close.title = words.popupClose; }
    if (keyboard) {
      map.once('popupclose', function () { var icon = marker.getElement(); if (icon) icon.focus(); });
    }
    return popup;
  }

  function fillPopup(popup, html, keyboard) {
    if (!popup.isOpen()) return;
    popup.setContent(html);
    var link = keyboard && popup.getElement() && popup.getElement().querySelector('a[href]');
    if (link) link.focus();
  }

  // The page's words for the cards (data-* on the map; English if absent).
  function cardWords(box) {
    var d = box.dataset;
    return { zoomIn: d.zoomIn || '', loading: d.loading || 'Loading…', here: d.clusterHere || 'At this place',
      meets: d.cardMeets || 'Meets', next: d.cardNext || 'Next', open: d.cardOpen || 'Open' };
  }

  // The view as bbox=west,south,east,north for the API.
  function bboxOf(map) {
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
      .map(function (v) { return v.toFixed(5); }).join(',');
  }

  // A map on another site's page (/embed/map): the markers of the view;
  // a card's link opens the listing on the full site in a new tab. No
  // address bar, list or form here, and nothing asked of any host but this one.
  var framed = document.getElementById('embed-map');
  if (framed) {
    var fd = framed.dataset, fkinds = kindColours(framed);
    var fm = L.map(framed, { attributionControl: false, zoomControl: false }).setView([parseFloat(fd.lat), parseFloat(fd.lon)], parseInt(fd.zoom, 10));
    zoomControl(fm);
    twoFingers(fm);
    L.control.attribution({ prefix: false }).addAttribution(fd.tiles ? (fd.tileCredit || '') : 'Natural Earth, GeoNames').addTo(fm);
    basemap(fm);
    var flayer = L.layerGroup().addTo(fm), fticket = 0;
    // A listing opens on the full site, in a new tab.
    var fopts = { kinds: fkinds, words: cardWords(framed), target: '_blank',
      href: function (slug) { return fd.base + '/listings/' + encodeURIComponent(slug); },
      query: function () { return new URLSearchParams(fd.query || ''); },
      known: function () { return null; } };
    var draw = function () {
      var ticket = ++fticket, q = new URLSearchParams(fd.query || '');
      q.set('bbox', bboxOf(fm));
      q.set('zoom', fm.getZoom());
      fetch('/api/clusters?' + q).then(function (r) { return r.json(); }).then(function (data) {
        if (ticket !== fticket || !data.markers) return;
        drawMarkers(fm, flayer, data.markers, fopts);
      }).catch(function () {});
    };
    fm.on('moveend', draw);
    draw();
    return;
  }

  // Runs draw once the element is about to scroll into view.
  function whenNear(target, draw) {
    if (!window.IntersectionObserver) { draw(); return; }
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { watch.disconnect(); draw(); }
    }, { rootMargin: '300px' });
    watch.observe(target);
  }

  // The small map on a listing's own page.
  var mini = document.getElementById('mini-map');
  if (mini) {
    var at = [parseFloat(mini.dataset.lat), parseFloat(mini.dataset.lon)];
    var m = L.map(mini, { scrollWheelZoom: false, zoomControl: false, attributionControl: !!mini.dataset.tiles }).setView(at, parseInt(mini.dataset.zoom, 10));
    var precision = mini.dataset.precision;
    // Controls and layers in a second short task, as on the big map.
    setTimeout(function () {
      zoomControl(m);
      // A public building's exact address (a reporting centre: people must
      // find its door) gets the street map, loaded once the map is about
      // to be seen; a point shown by its area keeps the outline, and the
      // page costs nothing more.
      if (precision === 'exact' && mini.dataset.basemap) whenNear(mini, function () { basemap(m, true); });
      else basemap(m, false);
      if (precision === 'exact') L.circleMarker(at, { radius: 8, color: '#1b1b1f', fillColor: '#9d2235', fillOpacity: 1 }).addTo(m);
      else L.circle(at, { radius: precision === 'approximate' ? 1000 : 4000, color: '#9d2235', fillOpacity: 0.15 }).addTo(m);
    }, 0);
    return;
  }

  // The location picker of a form (the registration form's, an event's
  // venue): a tap, or the pin dragged, fills the form's latitude/longitude
  // fields (the form works without it), and the nearest town fills the
  // town field if it is empty. The town typed above, the picker's own place
  // search and "use my location" bring it to a place.
  var picker = document.getElementById('picker') || document.getElementById('venue-picker');
  if (picker) {
    // Drawn once the form is scrolled near it: a visitor who never gets
    // there pays for no drawing and no land data.
    whenNear(picker, function () { locationPicker(picker); });
    return;
  }

  function locationPicker(box) {
    var d = box.dataset;
    var byId = function (id) { return id ? document.getElementById(id) : null; };
    var lat = byId(d.fillLat || 'latitude'), lon = byId(d.fillLon || 'longitude');
    var town = byId(d.townField || 'town');
    var form = box.closest('form');
    var pm = L.map(box, { scrollWheelZoom: false, zoomControl: false, attributionControl: !!d.tiles }).setView(UK, 5);
    zoomControl(pm);
    twoFingers(pm);
    basemap(pm);
    var message = pickerMessage(box);
    var pin = null;
    // typed: the point came from the fields, which keep what was typed.
    function place(ll, typed) {
      if (pin) pin.setLatLng(ll);
      else {
        // Dragged to the exact spot once roughly placed.
        pin = L.marker(ll, { keyboard: false, draggable: true }).addTo(pm);
        pin.on('dragend', function () { place(pin.getLatLng()); });
      }
      if (typed) return;
      lat.value = ll.lat.toFixed(5);
      lon.value = ll.lng.toFixed(5);
    }
    var fromFields = function () {
      var la = parseFloat(lat.value), lo = parseFloat(lon.value);
      return isFinite(la) && isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180 ? L.latLng(la, lo) : null;
    };
    if (fromFields()) { place(fromFields(), true); pm.setView(pin.getLatLng(), 14); }
    // Typed by hand (the event form shows the two fields): the pin follows.
    [lat, lon].forEach(function (f) {
      f.addEventListener('change', function () { var ll = fromFields(); if (ll) { place(ll, true); pm.setView(ll, Math.max(pm.getZoom(), 12)); } });
    });
    var precision = function () {
      var field = form && d.precisionField ? form.elements[d.precisionField] : null;
      return (field && field.value) || 'area';
    };
    // The town of a point as it will be shown, if the town field is empty.
    var nameTown = function (la, lo) {
      if (!town || town.value) return;
      fetch('/api/places?near=' + la + ',' + lo + '&precision=' + encodeURIComponent(precision()))
        .then(function (r) { return r.json(); })
        .then(function (data) { if (data.places && data.places[0] && !town.value) town.value = data.places[0].name; })
        .catch(function () {});
    };
    // The town (or postcode) typed above brings the picker to it at town
    // zoom, so a tap puts the group in its own town, not the country's middle.
    var toTown = function () {
      var text = town && town.value.trim();
      if (!text) return;
      fetch('/api/places?q=' + encodeURIComponent(text)).then(function (r) { return r.json(); }).then(function (data) {
        var p = data.places && data.places[0];
        if (p) pm.setView([p.lat, p.lon], placeZoom(p));
      }).catch(function () {});
    };
    if (town) town.addEventListener('change', toTown);
    if (!pin) toTown();
    pm.on('click', function (e) {
      place(e.latlng);
      // The server names the town of the point as it will be shown (its
      // cell), not of the click, so the town never narrows it further.
      nameTown(e.latlng.lat.toFixed(4), e.latlng.lng.toFixed(4));
    });
    placeSearch(box, function (p) { message(''); pm.setView([p.lat, p.lon], placeZoom(p)); }, message);
    // "Use my location": the form's own point (where the group meets, or
    // the venue), so the pin goes exactly there, and it is sent only with
    // the form. Only the town's name is asked for now (if the field is
    // empty), of a point on the 0.05° grid (about 5 km), as on the map page.
    var locate = byId(box.id + '-locate');
    if (locate && !navigator.geolocation) {
      locate.hidden = true;
      var note = byId(box.id + '-locate-note');
      if (note) note.hidden = true;
    } else if (locate) {
      locate.addEventListener('click', function () {
        message('');
        locate.setAttribute('aria-busy', 'true');
        navigator.geolocation.getCurrentPosition(function (pos) {
          locate.removeAttribute('aria-busy');
          var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
          place(ll);
          pm.setView(ll, 15);
          message(d.located);
          var asked = precision() === 'area' ? areaCell(ll.lat, ll.lng) : [ll.lat, ll.lng];
          nameTown(+roundTo(asked[0], 0.05).toFixed(2), +roundTo(asked[1], 0.05).toFixed(2));
        }, function (err) {
          locate.removeAttribute('aria-busy');
          // Refused (by the person or the browser's settings), or not found in time.
          message(err && err.code === 1 ? d.locateRefused : d.locateFailed, true);
        }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
      });
    }
  }

  // The centre of the server's fixed grid cell (about 11 km) that holds a
  // point of a listing shown by its area when its town is unknown
  // (app/src/location.rs, snap with COARSE_STEP). Rounded to 0.05°, it
  // stays in that cell, so the town named is the cell's, as for a tap:
  // a point rounded on its own may fall in the next cell, and name the
  // next town.
  function areaCell(la, lo) {
    var step = 0.1, cla = (Math.floor(la / step) + 0.5) * step;
    var lonStep = step / Math.max(Math.cos(cla * Math.PI / 180), 0.05);
    return [cla, (Math.floor(lo / lonStep) + 0.5) * lonStep];
  }

  // Town zoom for a town; a postcode district is smaller.
  function placeZoom(p) {
    return p.kind === 'postcode_district' ? 14 : 12;
  }

  // What became of the picker's search or "use my location", said under it.
  function pickerMessage(box) {
    var out = document.getElementById(box.id + '-message');
    return function (text, error) {
      if (!out) return;
      out.textContent = text || '';
      out.classList.toggle('error', !!(text && error));
    };
  }

  // A picker's own place search: a box that suggests towns and postcode
  // districts as one types (a listbox under it: arrows move, Enter or a
  // tap chooses, Escape closes); Enter or "Find" with nothing chosen takes
  // the best match. Enter never sends the form.
  function placeSearch(box, go, message) {
    var input = document.getElementById(box.id + '-search');
    var list = document.getElementById(box.id + '-places');
    var find = document.getElementById(box.id + '-find');
    if (!input || !list) return;
    var found = [], active = -1, timer = null, ticket = 0;
    var lookup = function (text) {
      var mine = ++ticket;
      return fetch('/api/places?q=' + encodeURIComponent(text)).then(function (r) { return r.json(); })
        .then(function (data) { return mine === ticket ? data.places || [] : null; });
    };
    var close = function () {
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    };
    var show = function (places) {
      found = places;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.innerHTML = places.map(function (p, i) {
        return '<li role="option" aria-selected="false" id="' + box.id + '-place-' + i + '" data-i="' + i + '">' +
          '<span dir="auto">' + escapeHtml(p.name) + '</span>' + (p.region ? ' <span class="picker-region" dir="auto">' + escapeHtml(p.region) + '</span>' : '') + '</li>';
      }).join('');
      list.hidden = !places.length;
      input.setAttribute('aria-expanded', places.length ? 'true' : 'false');
    };
    var highlight = function (i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) { li.setAttribute('aria-selected', j === i ? 'true' : 'false'); });
      var li = list.children[i];
      if (li) { input.setAttribute('aria-activedescendant', li.id); if (li.scrollIntoView) li.scrollIntoView({ block: 'nearest' }); }
    };
    var choose = function (p) {
      close();
      input.value = p.name;
      go(p);
    };
    // Enter or "Find": the highlighted suggestion, else the best match.
    var chooseTyped = function () {
      if (active >= 0 && found[active]) { choose(found[active]); return; }
      var text = input.value.trim();
      if (!text) return;
      clearTimeout(timer);
      lookup(text).then(function (places) {
        if (!places) return;
        if (places[0]) choose(places[0]);
        else { close(); message(box.dataset.searchNone, true); }
      }).catch(function () {});
    };
    input.addEventListener('input', function () {
      clearTimeout(timer);
      message('');
      var text = input.value.trim();
      if (text.length < 2) { ticket++; close(); return; }
      timer = setTimeout(function () {
        lookup(text).then(function (places) { if (places) show(places); }).catch(function () {});
      }, 200);
    });
    input.addEventListener('keydown', function (e) {
      // Enter finishing a word in an input method is the method's own.
      if (e.isComposing || e.keyCode === 229) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        chooseTyped();
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && found.length && !list.hidden) {
        e.preventDefault();
        var n = found.length;
        highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === 'Escape' && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    // The focus stays in the box while a suggestion is tapped.
    list.addEventListener('mousedown', function (e) { e.preventDefault(); });
    list.addEventListener('click', function (e) {
      var li = e.target.closest('li[role=option]');
      if (li && found[+li.dataset.i]) choose(found[+li.dataset.i]);
    });
    input.addEventListener('blur', function () { setTimeout(close, 200); });
    if (find) find.addEventListener('click', chooseTyped);
  }

  var el = document.getElementById('map');
  if (!el) return;
  var kinds = kindColours(el);
  var form = document.getElementById('directory-filters');
  var list = document.getElementById('map-list');
  var count = document.getElementById('map-count');
  var nearInput = document.getElementById('near');
  var locate = document.getElementById('locate');
  var params = new URLSearchParams(location.search);
  // located: the view was centred on the visitor's own (rounded) position,
  // which the address bar must not carry (until they drag the map away).
  var state = { near: null, nearName: params.get('near') || '', located: false };

  var lat = parseFloat(params.get('lat')), lon = parseFloat(params.get('lon')), z = parseInt(params.get('z'), 10);
  // Controls sit on the reading side: the right in Arabic and Farsi.
  var rtl = document.documentElement.dir === 'rtl';
  // The page's language in the address (/ar/map): kept in the links the
  // script writes, so a shared link opens in the same language.
  var LANG_BASE = (location.pathname.match(/^\/(ar|fa|fr|es|en)(?=\/)/) || [''])[0];
  var map = L.map(el, { attributionControl: false, zoomControl: false }).setView(isFinite(lat) && isFinite(lon) ? [lat, lon] : UK, isFinite(z) ? z : 6);
  var markers = L.layerGroup().addTo(map);
  // The listings of the list beside the map: a card needs no request for them.
  var inView = {};
  var markerOptions = { kinds: kinds, words: cardWords(el),
    href: function (slug) { return LANG_BASE + '/listings/' + encodeURIComponent(slug); },
    query: function () { return filters(); },
    known: function (slug) { return inView[slug]; } };

  function filters() {
    var f = new URLSearchParams();
    ['kind', 'tag', 'lang'].forEach(function (name) { var v = form.elements[name].value; if (v) f.set(name, v); });
    if (form.elements.on && form.elements.on.checked) f.set('on', 'week');
    return f;
  }

  function syncUrl() {
    var f = filters();
    // A place found from the person's own position is not written either:
    // the address may be shared, and it would say where they are.
    if (state.nearName && !state.located) f.set('near', state.nearName);
    var radius = form.elements.radius.value;
    if (radius) f.set('radius', radius);
    if (!state.located) {
      var c = map.getCenter();
      f.set('lat', c.lat.toFixed(4)); f.set('lon', c.lng.toFixed(4)); f.set('z', map.getZoom());
    }
    history.replaceState(null, '', location.pathname + '?' + f.toString());
  }

  function bboxParam() { return bboxOf(map); }

  var templates = {}, style = {};
  try { templates = JSON.parse(el.dataset.count || '{}'); style = JSON.parse(el.dataset.number || '{}'); } catch (e) {}
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(el.dataset.lang || 'en') : null;
  // Written as the page says the language writes numbers: the browser's
  // own number formatting costs an old phone a long pause on first use.
  function written(n) {
    var s = String(Math.round(n));
    if (style.group && s.length >= (style.min_grouping || 4)) s = s.replace(/\B(?=(\d{3})+$)/g, style.group);
    var zero = (style.zero || '0').charCodeAt(0);
    return s.replace(/[0-9]/g, function (d) { return String.fromCharCode(zero + (d.charCodeAt(0) - 48)); });
  }
  function countText(n) {
    var t = templates[plural ? plural.select(n) : 'other'] || templates.other || '#';
    return t.replace('#', written(n));
  }

  var pending = 0;
  function refresh() {
    var ticket = ++pending;
    syncUrl();
    var f = filters();
    f.set('bbox', bboxParam());
    f.set('zoom', map.getZoom());
    fetch('/api/clusters?' + f).then(function (r) { return r.json(); }).then(function (data) {
      if (ticket !== pending || !data.markers) return;
      drawMarkers(map, markers, data.markers, markerOptions);
    }).catch(function () {});
    var l = filters();
    l.set('bbox', bboxParam());
    l.set('limit', '50');
    // Towns as the page's language writes them (شفيلد on /ar/map).
    l.set('town_lang', document.documentElement.lang || 'en');
    if (state.near) {
      l.set('near', point(state.near.lat, state.near.lon));
      if (form.elements.radius.value) l.set('radius_km', form.elements.radius.value);
    }
    fetch('/api/listings?' + l).then(function (r) { return r.json(); }).then(function (data) {
      if (ticket !== pending || !data.items) return;
      inView = {};
      data.items.forEach(function (item) { inView[item.slug] = item; });
      // One string, parsed once: fifty small parses cost an old phone more.
      list.innerHTML = data.items.map(function (item) {
        var label = (kinds[item.kind] && kinds[item.kind].label) || item.kind_label;
        return '<li class="card" data-kind="' + escapeHtml(item.kind) + '">' +
          '<a class="card-name" dir="auto" href="/listings/' + encodeURIComponent(item.slug) + '">' + escapeHtml(item.name) + '</a>' +
          '<span class="card-meta"><span class="kind-badge">' + escapeHtml(label || item.kind_label) + '</span> ' + escapeHtml(item.town) +
          (item.distance_km != null ? ' · <span class="distance">' + item.distance_km + ' km</span>' : '') + '</span></li>';
      }).join('');
      count.textContent = countText(data.total);
    }).catch(function () {});
  }

  var timer = null;
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 150); }
  map.on('moveend', soon);

  // lat,lon as short as it can be written (a rounded position stays short).
  function point(lat, lon) {
    return +lat.toFixed(5) + ',' + +lon.toFixed(5);
  }

  function goTo(lat, lon, name) {
    state.near = { lat: lat, lon: lon };
    state.nearName = name;
    var radius = parseFloat(form.elements.radius.value);
    if (isFinite(radius)) map.fitBounds(L.latLng(lat, lon).toBounds(radius * 2000));
    else map.setView([lat, lon], 12);
    refresh();
  }

  function places(text) {
    return fetch('/api/places?q=' + encodeURIComponent(text)).then(function (r) { return r.json(); })
      .then(function (data) { return data.places || []; });
  }
  function findPlace(text) {
    return places(text).then(function (list) { return list[0]; });
  }

  form.addEventListener('change', function (e) { if (e.target !== nearInput) refresh(); });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = nearInput.value.trim();
    state.located = false;
    if (!text) { state.near = null; state.nearName = ''; refresh(); return; }
    findPlace(text).then(function (p) {
      if (p) { goTo(p.lat, p.lon, text); nearInput.setCustomValidity(''); }
      else { nearInput.setCustomValidity('?'); nearInput.reportValidity(); }
    });
  });
  var suggestTimer = null;
  nearInput.addEventListener('input', function () {
    nearInput.setCustomValidity('');
    clearTimeout(suggestTimer);
    var text = nearInput.value.trim();
    if (text.length < 2) return;
    suggestTimer = setTimeout(function () {
      places(text).then(function (list) {
        var dl = document.getElementById('place-suggestions');
        dl.innerHTML = '';
        list.forEach(function (p) { var o = document.createElement('option'); o.value = p.name; o.label = p.region; dl.appendChild(o); });
      }).catch(function () {});
    }, 200);
  });

  // The button is in the page from the start (so showing it moves nothing);
  // a browser that cannot locate loses it and its note.
  if (locate && !navigator.geolocation) {
    locate.hidden = true;
    var note = document.getElementById('locate-note');
    if (note) note.hidden = true;
  } else if (locate) {
    locate.addEventListener('click', function () {
      say('');
      locate.setAttribute('aria-busy', 'true');
      navigator.geolocation.getCurrentPosition(located, function (err) {
        locate.removeAttribute('aria-busy');
        // Refused (by the person or the browser's settings), or not found in time.
        say(err && err.code === 1 ? el.dataset.locateRefused : el.dataset.locateFailed);
        nearInput.focus();
      }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
    });
    map.on('dragstart', function () { if (state.located) { state.located = false; syncUrl(); } });
  }

  // The promise the page makes (map-locate-note): the position is rounded
  // here, to a 0.05° grid (about 5 km), before anything is sent, and never
  // written into the address.
  function located(pos) {
    locate.removeAttribute('aria-busy');
    var la = roundTo(pos.coords.latitude, 0.05), lo = roundTo(pos.coords.longitude, 0.05);
    state.located = true;
    fetch('/api/places?near=' + point(la, lo)).then(function (r) { return r.json(); }).then(function (data) {
      var name = (data.places && data.places[0] && data.places[0].name) || '';
      nearInput.value = name;
      goTo(la, lo, name);
    }).catch(function () { goTo(la, lo, ''); });
  }

  function roundTo(v, step) {
    return Math.round(v / step) * step;
  }

  // What happened to "use my location", said below the near-me box.
  function say(text) {
    var box = document.getElementById('locate-message');
    if (!box) {
      if (!text) return;
      box = document.createElement('p');
      box.id = 'locate-message';
      box.className = 'error';
      box.setAttribute('role', 'alert');
      var field = nearInput.closest('.near-field') || nearInput.parentNode;
      field.parentNode.insertBefore(box, field.nextSibling);
    }
    box.textContent = text || '';
    box.hidden = !text;
  }

  // The rest in a task of its own: an old phone then runs two short tasks
  // (the empty map laid out, then its controls and layers) instead of one
  // long one that holds up every tap.
  setTimeout(function () {
    zoomControl(map);
    twoFingers(map);
    L.control.attribution({ prefix: false, position: rtl ? 'bottomleft' : 'bottomright' }).addAttribution(el.dataset.tiles ? '' : 'Natural Earth, GeoNames').addTo(map);
    basemap(map);
    if (state.nearName) {
      findPlace(state.nearName).then(function (p) { if (p) { state.near = { lat: p.lat, lon: p.lon }; } refresh(); });
    } else {
      refresh();
    }
  }, 0);
})();
