import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { AssetItemParams, BadgeItemParams, OffboardBody, SettleBody } from './schemas.ts';
import { offboardPerson } from './offboard.ts';
import { offboardingView } from './outstanding.ts';
import { settleAsset, settleBadge } from './settle.ts';

/** Offboarding (A5, B8): revoke everything at once, then follow each item out until it is back or reported lost. */
export function offboardingRoutes() {
  const settlers = requireRole('admin', 'supervisor');
  return new Hono<AppEnv>()
    .post('/people/:id/offboard', requireRole('admin'), validate('param', IdParam), idInScope('person'), validate('json', OffboardBody), (c) =>
      c.json(offboardPerson(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/people/:id/offboarding', requireRole('admin', 'supervisor', 'auditor'), validate('param', IdParam), (c) => c.json(offboardingView(c.get('deps'), c.req.valid('param').id)))
    .post('/people/:id/offboarding/badges/:serial', settlers, validate('param', BadgeItemParams), validate('json', SettleBody), (c) => {
      const { id, serial } = c.req.valid('param');
      return c.json(settleBadge(ctxOf(c), id, serial, c.req.valid('json')));
    })
    .post('/people/:id/offboarding/assets/:assetId', settlers, validate('param', AssetItemParams), inScope((tx, c) => trace.asset(tx, input(c, 'param').assetId)), validate('json', SettleBody), (c) => {
      const { id, assetId } = c.req.valid('param');
      return c.json(settleAsset(ctxOf(c), id, assetId, c.req.valid('json')));
    });
}
