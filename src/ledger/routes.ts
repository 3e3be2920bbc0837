import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { buildDailyLedger } from './build.ts';
import { ledgerDocument } from './csv.ts';
import { download } from '../http/xlsx.ts';
import { ledgerPage } from './page.ts';
import { dayCheckpoint } from '../journal/checkpoints.ts';
import { addCorrection } from './corrections.ts';
import { signOff, signOffSite, signoffOptions, siteSignoffOptions } from './signoff.ts';
import { buildDailySiteLedger } from './site.ts';
import { siteLedgerDocument, siteLedgerPage } from './site-page.ts';
import { assertSiteInScope } from '../auth/scope.ts';
import { CorrectionBody, LedgerDayParams, LedgerQuery, SignoffBody } from './schemas.ts';

/** The daily ledger (B10) as JSON, a printable page, CSV (one table a file) or an Excel workbook, its passkey sign-off, and supervisors' corrections (B3). */
export function ledgerRoutes() {
  const readers = requireRole('supervisor', 'admin', 'auditor', 'city');
  const areaInPath = idInScope('area');
  const supervisors = requireRole('supervisor');
  return new Hono<AppEnv>()
    .get('/areas/:id/ledger', readers, validate('param', IdParam), areaInPath, validate('query', LedgerQuery), (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const { date, format, section } = c.req.valid('query');
      const ledger = buildDailyLedger(deps, id, date);
      if (format === 'json') return c.json(ledger);
      if (format === 'html') return c.html(ledgerPage(ledger, deps.config.timeZone, dayCheckpoint(deps.config, date)));
      return download(c, ledgerDocument(ledger, deps.config.timeZone), format, section);
    })
    .post('/areas/:id/ledger/:date/signoff/options', supervisors, validate('param', LedgerDayParams), areaInPath, async (c) => {
      const { id, date } = c.req.valid('param');
      return c.json(await signoffOptions(ctxOf(c), id, date));
    })
    .post('/areas/:id/ledger/:date/signoff', supervisors, validate('param', LedgerDayParams), areaInPath, validate('json', SignoffBody), async (c) => {
      const { id, date } = c.req.valid('param');
      return c.json(await signOff(ctxOf(c), id, date, c.req.valid('json').response), 201);
    })
    // B13: the site's daily record, every managed area in time order, with the same formats and sign-off.
    .get('/sites/:id/ledger', readers, validate('param', IdParam), validate('query', LedgerQuery), (c) => {
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      assertSiteInScope(ctxOf(c).actor, id);
      const { date, format, section } = c.req.valid('query');
      const ledger = buildDailySiteLedger(deps, id, date);
      if (format === 'json') return c.json(ledger);
      if (format === 'html') return c.html(siteLedgerPage(ledger, deps.config.timeZone, dayCheckpoint(deps.config, date)));
      return download(c, siteLedgerDocument(ledger, deps.config.timeZone), format, section);
    })
    .post('/sites/:id/ledger/:date/signoff/options', supervisors, validate('param', LedgerDayParams), async (c) => {
      const { id, date } = c.req.valid('param');
      assertSiteInScope(ctxOf(c).actor, id);
      return c.json(await siteSignoffOptions(ctxOf(c), id, date));
    })
    .post('/sites/:id/ledger/:date/signoff', supervisors, validate('param', LedgerDayParams), idInScope('site'), validate('json', SignoffBody), async (c) => {
      const { id, date } = c.req.valid('param');
      assertSiteInScope(ctxOf(c).actor, id);
      return c.json(await signOffSite(ctxOf(c), id, date, c.req.valid('json').response), 201);
    })
    .post('/access/corrections', supervisors, validate('json', CorrectionBody), inScope((tx, c) => trace.event(tx, input(c, 'json').eventId)), (c) => c.json(addCorrection(ctxOf(c), c.req.valid('json')), 201));
}
