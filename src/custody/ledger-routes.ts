import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope } from '../auth/scope-trace.ts';
import type { Ctx } from '../deps.ts';
import { LedgerDayParams, LedgerQuery, SignoffBody } from '../ledger/schemas.ts';
import { beginSignoff, completeSignoff, type SignTarget } from '../ledger/signing.ts';
import { buildCustodyLedger, dailyCustodyLedger } from './ledger.ts';
import { custodyLedgerDocument, custodyLedgerPage } from './ledger-print.ts';
import { download } from '../http/xlsx.ts';
import { dayCheckpoint } from '../journal/checkpoints.ts';

/** The 持込・持出管理簿 of one area and day, as the sign-off reads it. */
function custodyLedger(ctx: Ctx, areaId: number, day: string): SignTarget {
  const timeZone = ctx.deps.config.timeZone;
  return { ledger: 'custody', areaId, day, read: (db, now) => buildCustodyLedger(db, { timeZone, now }, areaId, day) };
}

/** The daily 持込・持出管理簿 (item 7) as JSON, a page, CSV or a workbook, and its supervisor's passkey sign-off, like the 入退室管理簿. */
export function custodyLedgerRoutes() {
  const readers = requireRole('supervisor', 'admin', 'auditor', 'city');
  const areaInPath = idInScope('area');
  const supervisors = requireRole('supervisor');
  return new Hono<AppEnv>()
    .get('/areas/:id/custody-ledger', readers, validate('param', IdParam), areaInPath, validate('query', LedgerQuery), (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const { date, format, section } = c.req.valid('query');
      const ledger = dailyCustodyLedger(deps, id, date);
      if (format === 'json') return c.json(ledger);
      if (format === 'html') return c.html(custodyLedgerPage(ledger, deps.config.timeZone, dayCheckpoint(deps.config, date)));
      return download(c, custodyLedgerDocument(ledger, deps.config.timeZone), format, section);
    })
    .post('/areas/:id/custody-ledger/:date/signoff/options', supervisors, validate('param', LedgerDayParams), areaInPath, async (c) => {
      const { id, date } = c.req.valid('param');
      const ctx = ctxOf(c);
      return c.json(await beginSignoff(ctx, custodyLedger(ctx, id, date)));
    })
    .post('/areas/:id/custody-ledger/:date/signoff', supervisors, validate('param', LedgerDayParams), areaInPath, validate('json', SignoffBody), async (c) => {
      const { id, date } = c.req.valid('param');
      const ctx = ctxOf(c);
      return c.json(await completeSignoff(ctx, custodyLedger(ctx, id, date), c.req.valid('json').response), 201);
    });
}
