import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { requireSignedIn } from '../auth/middleware.ts';
import { isCity } from '../auth/scope.ts';
import { AppError } from '../http/app-error.ts';
import { attentionFor } from './attention.ts';
import { firstDaySteps } from './first-day.ts';

/**
 * GET /api/home: one read for the console's home (issue 17, item 2). Until every first-day step is done,
 * `steps` says which are; `attention` counts what the person's roles act on today, in their sites. 甲's
 * staff set nothing up, so they get no steps.
 */
export function homeRoutes() {
  return new Hono<AppEnv>().get('/home', requireSignedIn, (c) => {
    const ctx = ctxOf(c);
    const actor = ctx.actor;
    if (actor.type !== 'person') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const steps = isCity(actor) ? [] : firstDaySteps(ctx.deps.db, actor);
    const setUp = steps.every((s) => s.done);
    return c.json({ setUp, steps: setUp ? [] : steps, attention: attentionFor(ctx, actor) });
  });
}
