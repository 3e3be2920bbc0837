import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kioskServiceWorker } from './sw/build-plugin.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

// Two pages: the staff console (index.html) and the door tablet (kiosk.html). Everything is bundled:
// the product runs on closed networks, so nothing may be fetched from outside at run time. The kiosk
// also gets a service worker whose cache list comes from this build's manifest (issue 19).
export default defineConfig({
  root: here,
  base: '/',
  plugins: [kioskServiceWorker({ entry: 'kiosk.html', pagePath: '/kiosk', template: resolve(here, 'sw', 'kiosk-sw.js') })],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    manifest: true,
    rollupOptions: {
      input: { console: resolve(here, 'index.html'), kiosk: resolve(here, 'kiosk.html') },
    },
  },
});
