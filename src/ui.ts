import { Hono, type Context } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import type { AppEnv } from './http/env.ts';
import { repoPath } from './root.ts';

export const UI_DIST = repoPath('kiosk', 'dist');

/**
 * The built web UI (kiosk/dist): the console at / (and its client-side paths), the door tablet at
 * /kiosk and its service worker at /kiosk-sw.js, hashed assets under /assets. Built by `npm run build`,
 * which `npm start` runs first.
 */
export function uiRoutes() {
  const app = new Hono<AppEnv>();
  const file = (name: string, type: string, cacheControl: string) => {
    const path = `${UI_DIST}/${name}`;
    let cached: string | null = null;
    return (c: Context<AppEnv>) => {
      if (cached === null) {
        if (!existsSync(path)) return c.text('The web UI is not built: run `npm run build`.', 503);
        cached = readFileSync(path, 'utf8');
      }
      c.header('Cache-Control', cacheControl);
      c.header('Content-Type', type);
      return c.body(cached);
    };
  };
  const html = 'text/html; charset=UTF-8';
  const consolePage = file('index.html', html, 'no-store');
  const kioskPage = file('kiosk.html', html, 'no-store');
  // The kiosk's offline copy of itself (issue 19). no-cache: the browser asks for it again on every
  // update check, so a new build reaches the tablets as soon as the server is back.
  const kioskWorker = file('kiosk-sw.js', 'text/javascript; charset=UTF-8', 'no-cache');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // serveStatic complains at construction when its root is missing; without a build there is nothing to serve.
  if (existsSync(UI_DIST)) app.use('/assets/*', serveStatic({ root: UI_DIST }));
  app.get('/kiosk', (c) => kioskPage(c));
  app.get('/kiosk-sw.js', (c) => kioskWorker(c));
  for (const path of ['/', '/setup', '/enrol', '/console', '/console/*']) app.get(path, (c) => consolePage(c));
  return app;
}
