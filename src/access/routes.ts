import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { id, idText, IdParam, text } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { download } from '../http/xlsx.ts';
import { GuardEventBody, PaperStayBody, PresenceQuery, VisitorEventBody, CsvHtmlFormat } from './schemas.ts';
import { recordPaperStay } from './paper.ts';
import { listRefusals } from './refusals.ts';
import { REFUSAL_REASONS } from '../db/schema/access.ts';
import { recordByGuard, recordVisitorAccess } from './guard.ts';
import { insideNow, musterList } from './inside.ts';
import { ID_TYPES, listVisitors, registerVisitor, signOutVisitor, VISITOR_STATUSES } from '../visitors/service.ts';
import { cursor, pageLimit, periodBound, periodOf } from '../http/period.ts';

const VisitorBody = z
  .object({ name: text(100), affiliation: text(200), purpose: text(200), idType: z.enum(ID_TYPES), escortPersonId: id, siteId: id })
  .strict();

const DAY_MS = 86_400_000;
/**
 * Refusals by period (`from`/`to`: days in the ledger's zone or instants; at most 31 days a request, the
 * last 31 by default), reason (comma-separated) and site; newest first, paged by `cursor` (the answer's
 * `next`). `before` is the cursor's older name, still read.
 */
const RefusalsQuery = z
  .object({
    from: periodBound.optional(),
    to: periodBound.optional(),
    reason: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(REFUSAL_REASONS)).min(1).max(REFUSAL_REASONS.length))
      .optional(),
    siteId: idText.optional(),
    cursor: cursor.optional(),
    before: cursor.optional(),
    limit: pageLimit(100, 500),
  })
  .strict()
  .refine((q) => q.cursor === undefined || q.before === undefined, { message: 'give cursor alone (before is its older name)', path: ['before'] });

/** Visitors by the day they were registered (`from`/`to`) and status; newest first, paged by `cursor`. */
const VisitorsQuery = z
  .object({
    onSite: z.enum(['true', 'false']).optional(),
    status: z.enum(VISITOR_STATUSES).optional(),
    siteId: idText.optional(),
    from: periodBound.optional(),
    to: periodBound.optional(),
    cursor: cursor.optional(),
    limit: pageLimit(200, 1000),
  })
  .refine((q) => q.onSite === undefined || q.status === undefined, { message: 'give status alone (onSite=true is status=on_site)', path: ['onSite'] });

/** Guard-recorded access, visitors, who is inside now and the muster list. */
export function accessRoutes() {
  const guards = requireRole('guard', 'supervisor');
  const watchers = requireRole('guard', 'supervisor', 'admin', 'auditor');
  const inspectors = requireRole('guard', 'supervisor', 'admin', 'auditor', 'city');
  const areaInBody = inScope((tx, c) => trace.area(tx, input(c, 'json').areaId));
  return new Hono<AppEnv>()
    .post('/access/guard-events', guards, validate('json', GuardEventBody), areaInBody, (c) => {
      const outcome = recordByGuard(ctxOf(c), c.req.valid('json'));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    })
    // B12: a stay from a paper sheet kept during an outage, entered later with its real times.
    .post('/access/paper-stays', requireRole('guard', 'supervisor', 'admin'), validate('json', PaperStayBody), (c) => c.json(recordPaperStay(ctxOf(c), c.req.valid('json')), 201))
    .get('/presence', inspectors, validate('query', PresenceQuery), inScope((tx, c) => {
      const q = input(c, 'query');
      return q.areaId !== undefined ? trace.area(tx, q.areaId) : trace.site(tx, q.siteId);
    }), (c) => c.json({ inside: insideNow(c.get('deps'), c.req.valid('query')) }))
    .get('/sites/:id/muster', watchers, validate('param', IdParam), idInScope('site'), validate('query', CsvHtmlFormat), (c) => {
      const out = musterList(c.get('deps'), c.req.valid('param').id, c.req.valid('query').format);
      if (out.json) return c.json(out.json);
      if (out.document) return download(c, out.document, out.format);
      return c.body(out.body, 200, { 'Content-Type': out.contentType });
    })
    .get('/access/refusals', inspectors, validate('query', RefusalsQuery), inScope((tx, c) => {
      const q = input(c, 'query');
      return q.siteId !== undefined ? trace.site(tx, q.siteId) : undefined; // the list keeps to the actor's sites itself
    }), (c) => {
      const q = c.req.valid('query');
      const deps = c.get('deps');
      const period = periodOf(q, deps.config.timeZone, 31);
      const to = period.end ?? (period.start !== undefined ? period.start + 31 * DAY_MS : deps.clock.now() + 1);
      const from = period.start ?? to - 31 * DAY_MS;
      return c.json(listRefusals(ctxOf(c), { from, to, reasons: q.reason, siteId: q.siteId, before: q.cursor ?? q.before, limit: q.limit }));
    })
    .get('/visitors', inspectors, validate('query', VisitorsQuery), (c) => {
      const q = c.req.valid('query');
      const deps = c.get('deps');
      const status = q.onSite === 'true' ? 'on_site' : q.status;
      return c.json(listVisitors(deps, { status, siteId: q.siteId, ...periodOf(q, deps.config.timeZone), cursor: q.cursor, limit: q.limit }, c.get('actor')!));
    })
    .post('/visitors', guards, validate('json', VisitorBody), inScope((tx, c) => trace.site(tx, input(c, 'json').siteId)), (c) => c.json(registerVisitor(ctxOf(c), c.req.valid('json')), 201))
    .post('/visitors/:id/events', guards, validate('param', IdParam), idInScope('visitor'), validate('json', VisitorEventBody), areaInBody, (c) => {
      const outcome = recordVisitorAccess(ctxOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    })
    .post('/visitors/:id/sign-out', guards, validate('param', IdParam), idInScope('visitor'), (c) => c.json(signOutVisitor(ctxOf(c), c.req.valid('param').id)));
}
