import type { Context } from 'hono';
import type { Deps, Ctx } from '../deps.ts';
import type { Actor } from '../actor.ts';
import { AppError } from './app-error.ts';

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** Set by the authenticate middleware when a valid session cookie or kiosk token came with the request. */
    actor: Actor | null;
    /** The session's CSRF token, for the console to echo in `x-csrf-token`. */
    csrfToken: string | null;
  };
}

/** The service context for the authenticated actor of this request. */
export function ctxOf(c: Context<AppEnv>): Ctx {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED', 'sign in first');
  return { deps: c.get('deps'), actor, requestId: c.get('requestId') };
}
