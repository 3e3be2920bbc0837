import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { idText, instant } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { ANOMALY_KINDS } from '../db/schema/compliance.ts';
import { getSettings, SettingsPatch, updateSettings } from './settings.ts';
import { listAnomalies } from './list.ts';
import { sweepAnomalies } from './sweep.ts';

const DAY = 86_400_000;

const AnomaliesQuery = z
  .object({ from: instant.optional(), to: instant.optional(), kind: z.enum(ANOMALY_KINDS).optional(), personId: idText.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });

/** The anomaly rules' settings, the anomalies found, and the sweep for stays still open (B7). */
export function anomalyRoutes() {
  const readers = requireRole('admin', 'supervisor', 'auditor');
  return new Hono<AppEnv>()
    .get('/anomaly-settings', readers, (c) => c.json(getSettings(c.get('deps'))))
    .patch('/anomaly-settings', requireRole('admin'), unscopedOnly, validate('json', SettingsPatch), (c) => c.json(updateSettings(ctxOf(c), c.req.valid('json'))))
    .get('/anomalies', requireRole('admin', 'supervisor', 'auditor', 'city'), validate('query', AnomaliesQuery), (c) => {
      const deps = c.get('deps');
      const q = c.req.valid('query');
      const to = q.to ?? deps.clock.now() + 1;
      return c.json(listAnomalies(deps, { ...q, to, from: q.from ?? to - 31 * DAY }, c.get('actor')!));
    })
    .post('/anomalies/sweep', requireRole('admin', 'supervisor'), unscopedOnly, (c) => c.json(sweepAnomalies(ctxOf(c))));
}
