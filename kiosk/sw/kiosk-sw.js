/* The door tablet's offline copy of its own page (issue 19). The build prepends VERSION and PRECACHE
 * (kiosk/sw/build-plugin.ts): the kiosk page and exactly the script, styles and fonts it loads. Nothing
 * else is cached: the console and every /api answer (personal data) always go to the network. */
/* global VERSION, PRECACHE */
const CACHE = `ledger-kiosk-${VERSION}`;
const PREFIX = 'ledger-kiosk-';
const KEPT = new Set(PRECACHE.map((path) => new URL(path, self.location.origin).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // 'reload' skips the HTTP cache: the copy kept must be what this server serves now.
      await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload', credentials: 'omit' })));
      // The first worker takes over at once (nobody is using an older page). A later one waits until the
      // page, at its idle screen, asks it to take over: never in the middle of a person's scan.
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'take-over') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    })(),
  );
});

// Cache first for the page and its files: the tablet opens the same version it was installed with,
// server or no server; a new version arrives as a new worker. Everything else is not touched.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search !== '' || !KEPT.has(url.href)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const kept = await cache.match(url.href);
      return kept ?? fetch(request);
    })(),
  );
});
