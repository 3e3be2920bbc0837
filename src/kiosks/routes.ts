import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { rateLimit, RateLimiter } from '../http/rate-limit.ts';
import { AppError } from '../http/app-error.ts';
import { id, IdParam, text } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { beginAssertion } from '../auth/assertion.ts';
import type { Ctx } from '../deps.ts';
import { BadgeIdentifyBody, KioskEventBody } from '../access/schemas.ts';
import { recordKioskEvent } from '../access/kiosk-event.ts';
import { identifyBadgeAtKiosk } from '../access/identify-badge.ts';
import { requireKiosk } from './middleware.ts';
import { createKiosk, enrolKiosk, getKioskProfile, listKiosks, revokeKiosk } from './service.ts';

const KioskBody = z
  .object({ name: text(100), areaIds: z.array(id).min(1, 'at least one area').max(20).refine((a) => new Set(a).size === a.length, 'areas repeat') })
  .strict();
const EnrolBody = z.object({ code: z.string().min(10).max(20) }).strict();

/** Admin management of kiosks (/api/kiosks) and the kiosk's own API (/api/kiosk/*, device token). */
export function kioskRoutes() {
  const admin = requireRole('admin');
  // A 10-character code guessed online: ten tries per address every ten minutes.
  const enrolment = rateLimit(new RateLimiter(10, 10 * 60_000), 'kiosk enrolment');
  // Someone trying badge after badge at one door: after 20 refusals in 5 minutes the kiosk answers 429
  // (logged) instead of filling the ledger, until the window passes.
  const refusals = new RateLimiter(20, 5 * 60_000);
  const kioskKey = (ctx: Ctx) => `kiosk:${(ctx.actor as { id: number }).id}`;
  const holdOffRefusals = (c: Context<AppEnv>, ctx: Ctx) => {
    if (!refusals.exceeded(kioskKey(ctx))) return;
    ctx.deps.log.warn('kiosk refusals rate-limited', { requestId: ctx.requestId, kiosk: kioskKey(ctx) });
    c.header('Retry-After', String(Math.ceil(refusals.windowMs / 1000)));
    throw new AppError('RATE_LIMITED', 'too many refused attempts at this kiosk; call a guard');
  };
  return new Hono<AppEnv>()
    .get('/kiosks', requireRole('admin', 'auditor'), (c) => c.json({ kiosks: listKiosks(c.get('deps')) }))
    .post('/kiosks', admin, validate('json', KioskBody), (c) => c.json(createKiosk(ctxOf(c), c.req.valid('json')), 201))
    .post('/kiosks/:id/revoke', admin, validate('param', IdParam), (c) => c.json(revokeKiosk(ctxOf(c), c.req.valid('param').id)))
    .post('/kiosk/enrol', enrolment, validate('json', EnrolBody), (c) => c.json(enrolKiosk(c.get('deps'), c.get('requestId'), c.req.valid('json').code), 201))
    .get('/kiosk/me', requireKiosk, (c) => c.json(getKioskProfile(c.get('deps'), (ctxOf(c).actor as { id: number }).id)))
    .post('/kiosk/identify/options', requireKiosk, async (c) => c.json(await beginAssertion(c.get('deps'), 'identify')))
    // Read-only for a genuine badge; a forged or revoked one is a refusal and counts as one (issue 17).
    .post('/kiosk/identify/badge', requireKiosk, validate('json', BadgeIdentifyBody), async (c) => {
      const ctx = ctxOf(c);
      holdOffRefusals(c, ctx);
      const answer = await identifyBadgeAtKiosk(ctx, c.req.valid('json'));
      if (answer.kind === 'identified') return c.json(answer, 200);
      if (!answer.replayed) refusals.hit(kioskKey(ctx));
      return c.json(answer, answer.replayed ? 200 : 201);
    })
    .post('/kiosk/events', requireKiosk, validate('json', KioskEventBody), async (c) => {
      const ctx = ctxOf(c);
      holdOffRefusals(c, ctx);
      const outcome = await recordKioskEvent(ctx, c.req.valid('json'));
      if (outcome.event.result === 'refused' && !outcome.replayed) refusals.hit(kioskKey(ctx));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    });
}
