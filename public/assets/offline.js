// Registers the service worker that keeps opened library pages for
// reading offline, and says so once it is active.
(function () {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').then(function () {
    return navigator.serviceWorker.ready;
  }).then(function () {
    var note = document.getElementById('offline-note');
    if (note) note.hidden = false;
  }).catch(function () {});
})();
