import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

// Two pages: the staff console (index.html) and the door tablet (kiosk.html). Everything is bundled:
// the product runs on closed networks, so nothing may be fetched from outside at run time.
export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { console: resolve(here, 'index.html'), kiosk: resolve(here, 'kiosk.html') },
    },
  },
});
