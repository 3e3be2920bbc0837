import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../http/env.ts';
import { actorOfPerson } from '../actor.ts';
import { AppError } from '../http/app-error.ts';
import { withMeta } from '../http/route-meta.ts';
import type { Role } from '../db/schema/roster.ts';
import { resolveSession, sessionCookieName } from './sessions.ts';
import { safeEqual } from './tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Identifies the actor from the session cookie. On a cookie-authenticated mutation it also requires
 * the session's CSRF token in `x-csrf-token` and, when the browser sends one, an Origin equal to ours.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  c.set('actor', null);
  c.set('csrfToken', null);
  // A request carrying a device token is a kiosk's: a staff cookie the same browser happens to hold must
  // neither authenticate it nor demand a CSRF token from it (requireKiosk checks the device token).
  const bearer = /^Bearer /.test(c.req.header('authorization') ?? '');
  const token = bearer ? undefined : getCookie(c, sessionCookieName(deps));
  if (token) {
    const found = resolveSession(deps, token);
    if (found) {
      if (!SAFE_METHODS.has(c.req.method)) {
        const origin = c.req.header('origin');
        if (origin !== undefined && origin !== deps.config.rpOrigin) throw new AppError('FORBIDDEN', 'cross-origin request refused');
        if (!safeEqual(c.req.header('x-csrf-token') ?? '', found.session.csrfToken)) {
          throw new AppError('FORBIDDEN', 'missing or wrong x-csrf-token header');
        }
      }
      const { person, session } = found;
      c.set('actor', actorOfPerson(person, session.id));
      c.set('csrfToken', session.csrfToken);
    }
  }
  await next();
};

/** Allows the request only for a signed-in person holding one of `roles`. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (actor.type !== 'person' || !actor.roles.some((r) => roles.includes(r))) {
      throw new AppError('FORBIDDEN', `requires one of: ${roles.join(', ')}`);
    }
    await next();
  };
  return withMeta(check, { access: { kind: 'roles', roles }, errors: [401, 403] });
}

/** Any signed-in person, whatever their roles (their own passkeys, sign-out). */
export const requireSignedIn: MiddlewareHandler<AppEnv> = withMeta<MiddlewareHandler<AppEnv>>(
  async (c, next) => {
    const actor = c.get('actor');
    if (!actor || actor.type !== 'person') throw new AppError('UNAUTHENTICATED', 'sign in first');
    await next();
  },
  { access: { kind: 'signed-in' }, errors: [401] },
);
