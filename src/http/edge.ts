import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import type { AppEnv } from './env.ts';
import { PRINT_CSS_HASH } from './print-css.ts';

// A client's id is kept only when it is a short token: it is written into every journal entry and log
// line of the request, where a long or odd one would be noise at best and an injection at worst.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${PRINT_CSS_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The security headers of every answer, page or API (issue 7): a strict CSP (no inline script, the print
 * stylesheet by hash, never framed) and the rest of what hono's secureHeaders sets by default, with no
 * Referrer header and without Cross-Origin-Embedder-Policy.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/**
 * The edge every request passes first: its id (the client's X-Request-Id when it is a safe token,
 * otherwise a fresh UUID), the deps, the security headers and, under /api, where anything may carry
 * personal data, no-store (never cached by a browser or a proxy). The headers are set before the handler
 * runs, so that each answer is built with them once: setting them on a finished response makes hono copy
 * it (issue 20: one middleware here instead of four, hono's secureHeaders among them, which set its
 * headers on the finished response). A route may still set its own Cache-Control over this one.
 */
export function edge(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    c.set('deps', deps);
    c.header('X-Request-Id', id);
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    if (!deps.log.enabled('debug')) return next();
    const started = performance.now();
    await next();
    deps.log.debug('request', { requestId: id, method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) });
  };
}
