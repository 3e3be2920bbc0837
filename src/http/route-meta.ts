import type { MiddlewareHandler } from 'hono';

/**
 * What a middleware says about the routes it guards, for the API document (src/api-doc walks the built
 * app's `app.routes` and reads this from each handler, as hono-openapi's describeRoute does). Metadata
 * only: attaching it changes nothing a request sees. Because the one validation hook and the access
 * middlewares carry it, a route is described by the declaration that already validates and guards it.
 */
export const ROUTE_META: unique symbol = Symbol.for('access-custody-ledger.route-meta') as never;

/** Who may call a route. Roles are plain strings here: src/http imports no feature. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'roles'; roles: readonly string[] }
  /** `handover`: a kiosk revoked since may still hand over what it kept (src/kiosks/middleware.ts). */
  | { kind: 'kiosk'; handover?: boolean };

export type InputTarget = 'json' | 'form' | 'query' | 'param' | 'header' | 'cookie';

export interface RouteMeta {
  access?: RouteAccess;
  /** A zod schema the request's `target` is validated with. */
  input?: { target: InputTarget; schema: unknown };
  /** Error statuses this middleware itself may answer. */
  errors?: readonly number[];
  summary?: string;
  description?: string;
  /** The success answer when it is not JSON with the method's usual status. */
  success?: { status: number; description?: string; contentType?: string };
}

/** Attaches `meta` to a middleware (merged with what it already carries) and returns the same function. */
export function withMeta<H extends object>(handler: H, meta: RouteMeta): H {
  const before = (handler as { [ROUTE_META]?: RouteMeta })[ROUTE_META];
  Object.defineProperty(handler, ROUTE_META, { value: { ...before, ...meta }, enumerable: false, configurable: true });
  return handler;
}

/** The metadata a registered handler carries, looking through Hono's wrapper for a sub-app with its own onError. */
export function metaOf(handler: unknown): RouteMeta | undefined {
  if (typeof handler !== 'function') return undefined;
  const own = (handler as { [ROUTE_META]?: RouteMeta })[ROUTE_META];
  if (own) return own;
  return metaOf((handler as { __COMPOSED_HANDLER?: unknown }).__COMPOSED_HANDLER);
}

/**
 * A pass-through middleware that only describes its route, for what cannot be read from the validators
 * and access middlewares: `describeRoute({ summary: '…', success: { status: 201 } })`.
 */
export function describeRoute(meta: Omit<RouteMeta, 'input'>): MiddlewareHandler {
  const passThrough: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  return withMeta(passThrough, meta);
}
