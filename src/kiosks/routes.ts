import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { AppError } from '../http/app-error.ts';
import { rateLimit, RateLimiter } from '../http/rate-limit.ts';
import { releaseKioskThrottles } from './throttle.ts';
import { id, IdParam, text } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { areaSites, keepInScope } from '../auth/scope.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { beginAssertion } from '../auth/assertion.ts';
import type { Ctx } from '../deps.ts';
import { BadgeIdentifyBody, KioskEventBody } from '../access/schemas.ts';
import { recordKioskEvent } from '../access/kiosk-event.ts';
import { identifyBadgeAtKiosk } from '../access/identify-badge.ts';
import { requireKiosk, requireKioskOrHandover } from './middleware.ts';
import { createKiosk, enrolKiosk, getKioskProfile, listKiosks, revokeKiosk } from './service.ts';

const KioskBody = z
  .object({ name: text(100), areaIds: z.array(id).min(1, 'at least one area').max(20).refine((a) => new Set(a).size === a.length, 'areas repeat') })
  .strict();
const EnrolBody = z.object({ code: z.string().min(10).max(20) }).strict();

/**
 * Every refusal at the kiosk is logged. An event whose body fails validation names no one that can be
 * trusted, so it becomes no access event: it is logged here, with the kiosk and the fields at fault.
 */
const logInvalidEvent: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!(c.error instanceof AppError) || c.error.code !== 'VALIDATION_FAILED') return;
  const issues = (c.error.details?.issues ?? []) as { path: string }[];
  c.get('deps').log.warn('kiosk event refused: invalid input', { requestId: c.get('requestId'), kioskId: (c.get('actor') as { id: number }).id, fields: issues.map((i) => i.path) });
};

/** Admin management of kiosks (/api/kiosks) and the kiosk's own API (/api/kiosk/*, device token). */
export function kioskRoutes() {
  const admin = requireRole('admin');
  // A 10-character code guessed online: ten tries per address every ten minutes.
  const enrolment = rateLimit(new RateLimiter(10, 10 * 60_000), 'kiosk enrolment');
  return new Hono<AppEnv>()
    .get('/kiosks', requireRole('admin', 'auditor', 'guard', 'supervisor'), (c) => {
      const deps = c.get('deps');
      const siteOf = areaSites(deps.db);
      return c.json({ kiosks: keepInScope(c.get('actor')!, listKiosks(deps), (k) => k.areaIds.map((a) => siteOf.get(a)!)) });
    })
    .post('/kiosks', admin, validate('json', KioskBody), inScope((tx, c) => trace.areas(tx, input(c, 'json').areaIds)), (c) => c.json(createKiosk(ctxOf(c), c.req.valid('json')), 201))
    .post('/kiosks/:id/revoke', admin, validate('param', IdParam), idInScope('kiosk'), (c) => c.json(revokeKiosk(ctxOf(c), c.req.valid('param').id)))
    .post('/kiosks/:id/release-throttle', requireRole('guard', 'supervisor', 'admin'), validate('param', IdParam), idInScope('kiosk'), (c) => c.json(releaseKioskThrottles(ctxOf(c), c.req.valid('param').id)))
    .post('/kiosk/enrol', enrolment, validate('json', EnrolBody), (c) => c.json(enrolKiosk(c.get('deps'), c.get('requestId'), c.req.valid('json').code), 201))
    .get('/kiosk/me', requireKiosk, (c) => c.json(getKioskProfile(c.get('deps'), (ctxOf(c).actor as { id: number }).id)))
    .post('/kiosk/identify/options', requireKiosk, async (c) => c.json({ options: await beginAssertion(c.get('deps'), 'identify'), context: null }))
    // Read-only for a genuine badge; a forged or revoked one is a refusal, counted against its source (issue 17).
    .post('/kiosk/identify/badge', requireKiosk, validate('json', BadgeIdentifyBody), async (c) => {
      const answer = await identifyBadgeAtKiosk(ctxOf(c), c.req.valid('json'));
      return c.json(answer, answer.kind === 'identified' || answer.replayed ? 200 : 201);
    })
    // A stream of bad scans slows down its own source, not the door (src/kiosks/throttle.ts): the
    // answer is always the recorded event, a refusal while the source waits.
    .post('/kiosk/events', requireKioskOrHandover, logInvalidEvent, validate('json', KioskEventBody), async (c) => {
      const outcome = await recordKioskEvent(ctxOf(c), c.req.valid('json'));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    });
}
