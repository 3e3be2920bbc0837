import { Hono, type Context } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import type { AppEnv } from './http/env.ts';
import { repoPath } from './root.ts';

export const UI_DIST = repoPath('kiosk', 'dist');

/**
 * The built web UI (kiosk/dist): the console at / (and its client-side paths), the door tablet at
 * /kiosk, hashed assets under /assets. Built by `npm run build`, which `npm start` runs first.
 */
export function uiRoutes() {
  const app = new Hono<AppEnv>();
  const page = (file: string) => {
    const path = `${UI_DIST}/${file}`;
    let cached: string | null = null;
    return (c: Context<AppEnv>) => {
      if (cached === null) {
        if (!existsSync(path)) return c.text('The web UI is not built: run `npm run build`.', 503);
        cached = readFileSync(path, 'utf8');
      }
      c.header('Cache-Control', 'no-store');
      return c.html(cached);
    };
  };
  const consolePage = page('index.html');
  const kioskPage = page('kiosk.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // serveStatic complains at construction when its root is missing; without a build there is nothing to serve.
  if (existsSync(UI_DIST)) app.use('/assets/*', serveStatic({ root: UI_DIST }));
  app.get('/kiosk', (c) => kioskPage(c));
  for (const path of ['/', '/setup', '/enrol', '/console', '/console/*']) app.get(path, (c) => consolePage(c));
  return app;
}
