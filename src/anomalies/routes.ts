import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { idText } from '../http/fields.ts';
import { cursor, pageLimit, periodBound, periodOf } from '../http/period.ts';
import { requireRole } from '../auth/middleware.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { ANOMALY_KINDS } from '../db/schema/compliance.ts';
import { getSettings, SettingsPatch, updateSettings } from './settings.ts';
import { listAnomalies } from './list.ts';
import { sweepAnomalies } from './sweep.ts';

const DAY = 86_400_000;

/** Anomalies by period (`from`/`to`: days in the ledger's zone or instants; the last 31 days by default), kind and person; newest first, paged by `cursor`. */
const AnomaliesQuery = z.object({
  from: periodBound.optional(),
  to: periodBound.optional(),
  kind: z.enum(ANOMALY_KINDS).optional(),
  personId: idText.optional(),
  cursor: cursor.optional(),
  limit: pageLimit(200, 1000),
});

/** The anomaly rules' settings, the anomalies found, and the sweep for stays still open (B7). */
export function anomalyRoutes() {
  const readers = requireRole('admin', 'supervisor', 'auditor');
  return new Hono<AppEnv>()
    .get('/anomaly-settings', readers, (c) => c.json(getSettings(c.get('deps'))))
    .patch('/anomaly-settings', requireRole('admin'), unscopedOnly, validate('json', SettingsPatch), (c) => c.json(updateSettings(ctxOf(c), c.req.valid('json'))))
    .get('/anomalies', requireRole('admin', 'supervisor', 'auditor', 'city'), validate('query', AnomaliesQuery), (c) => {
      const deps = c.get('deps');
      const { from: _from, to: _to, ...q } = c.req.valid('query');
      const period = periodOf({ from: _from, to: _to }, deps.config.timeZone);
      const to = period.end ?? deps.clock.now() + 1;
      return c.json(listAnomalies(deps, { ...q, to, from: period.start ?? to - 31 * DAY }, c.get('actor')!));
    })
    .post('/anomalies/sweep', requireRole('admin', 'supervisor'), unscopedOnly, (c) => c.json(sweepAnomalies(ctxOf(c))));
}
