import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * The body size limit. A request that declares its length is judged by its Content-Length header
 * alone (Node's HTTP parser never delivers more than the declared bytes), so its body is read once,
 * by the handler, straight from the socket. Hono's bodyLimit reads `c.req.raw.body`, which makes
 * @hono/node-server build a full web Request and stream the body through it: on the kiosk hot path
 * that costs more CPU than the validation and the business rules together. Chunked bodies, whose
 * size is known only while reading them, still go through Hono's counting reader.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? onError(c) : next();
    }
    return counting(c, next);
  };
}
