// The embed builder (/embed): the preview and the snippet follow every
// change of the form ("Copy" is copy.js's, as on What's on). Without
// this script the form's GET shows the same on each submit. The snippet is
// written as EmbedChoice (app/src/pages/embed.rs) writes it; the browser
// test checks that both agree.
(function () {
  var form = document.getElementById('embed-form');
  var snippet = document.getElementById('snippet');
  var frame = document.getElementById('embed-preview-frame');
  if (!form || !snippet || !frame) return;
  var f = form.elements;
  var titles = JSON.parse(form.getAttribute('data-titles') || '{}');
  var publicUrl = form.getAttribute('data-public-url') || '';

  function escape(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function size(name, fallback, max) {
    var v = Number(f[name].value);
    return Number.isInteger(v) && v >= 200 && v <= max ? v : fallback;
  }
  function iframe(src, title, w, h) {
    return '<iframe src="' + escape(src) + '" title="' + escape(title) + '" width="' + w + '" height="' + h +
      '" loading="lazy" style="width:100%;max-width:' + w + 'px;height:' + h + 'px;border:0"></iframe>';
  }

  function update() {
    var what = f.what.value, ui = f.ui.value;
    var query = new URLSearchParams();
    ['kind', 'lang', 'near', 'radius'].forEach(function (k) {
      var v = f[k].value.trim();
      if (v) query.append(k, v);
    });
    if (f.on.checked) query.append('on', 'week');
    var q = query.toString();
    var path = (ui === 'en' ? '' : '/' + ui) + '/embed/' + what + (q ? '?' + q : '');
    var title = (titles[ui] || titles.en || [])[what === 'events' ? 1 : 0] || '';
    var w = size('width', 400, 1600), h = size('height', 500, 1600);
    snippet.value = iframe(publicUrl + path, title, w, h);
    if (frame.getAttribute('src') !== path) frame.setAttribute('src', path);
    frame.title = title;
    frame.width = w;
    frame.height = h;
    frame.style.maxWidth = w + 'px';
    frame.style.height = h + 'px';
    // A reload, or the address shared, shows the same choices.
    history.replaceState(null, '', location.pathname + '?' + new URLSearchParams(new FormData(form)).toString());
  }

  // Lists and numbers at once; a town once it is typed (leaving the field
  // or Enter), not at every letter.
  form.addEventListener('change', update);
  form.addEventListener('input', function (e) { if (e.target.type === 'number') update(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  f.near.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); update(); } });
  var show = document.getElementById('embed-show');
  if (show) show.hidden = true;
})();
