// Solidarity Atlas service worker: keeps the library pages a visitor has
// opened, so a know-your-rights sheet can be read again without a signal.
// Network first (fresh when online), the saved copy when offline. Nothing
// else is cached, and nothing is fetched that the visitor did not open.
const CACHE = 'atlas-library-v1';
const SAVED = /^\/(?:[a-z]{2}\/)?library\/[a-z0-9-]+$/;
const STYLE = '/pkg/atlas.css';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!SAVED.test(url.pathname) && url.pathname !== STYLE) return;
  event.respondWith(
    fetch(event.request)
      .then(response => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then(cache => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request).then(saved => saved || Response.error()))
  );
});
