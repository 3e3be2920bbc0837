import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { describeRoute } from '../http/route-meta.ts';
import { buildDocument, type ApiDocument, type DocumentFacts, type RegisteredRoute } from './document.ts';
import { REFERENCE_CSS, referencePage } from './page.ts';

/**
 * `GET /api/openapi.json` and the reference page. Public, like /api/info: they describe shapes, never
 * data, and a client needs them before it can sign in. Built once, on first request, from the finished
 * app's routes (`routes()`), so every route mounted after this one is described too.
 */
export function apiDocRoutes(routes: () => readonly RegisteredRoute[], facts: DocumentFacts) {
  let doc: ApiDocument | undefined;
  let page: string | undefined;
  const documentOnce = () => (doc ??= buildDocument(routes(), facts));
  const open = describeRoute({ access: { kind: 'public' } });
  return new Hono<AppEnv>()
    .get('/openapi.json', open, (c) => c.json(documentOnce()))
    .get('/docs', open, (c) => c.html((page ??= referencePage(documentOnce()))))
    .get('/docs.css', open, (c) => c.body(REFERENCE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}
