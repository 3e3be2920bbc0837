import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

// A client's id is kept only when it is a short token: it is written into every journal entry and log
// line of the request, where a long or odd one would be noise at best and an injection at worst.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request id: the client's X-Request-Id when it is a safe token, otherwise a fresh UUID. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
