import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import type { Ctx } from '../deps.ts';
import { AppError } from '../http/app-error.ts';
import { idText } from '../http/fields.ts';
import { validate } from '../http/validate.ts';
import { requireRole } from '../auth/middleware.ts';
import { assertSiteInScope, reachesSite } from '../auth/scope.ts';
import { sites } from '../db/schema/areas.ts';
import { month } from '../schedules/schemas.ts';
import { buildMonthlyReport } from './monthly.ts';
import { monthlyPage } from './monthly-page.ts';
import { monthlyCsv, monthlyDocument } from './monthly-csv.ts';
import { attachment, CSV_TYPE, download } from '../http/xlsx.ts';

const MonthlyQuery = z.object({ month, siteId: idText.optional(), format: z.enum(['json', 'csv', 'xlsx', 'html']).default('json') });

/**
 * The site a month report is for (F4): the one named, checked against the caller's sites; when none is
 * named, the only site the caller reaches. Several within reach and none named is a 400 naming the field.
 */
function reportSite(ctx: Ctx, siteId: number | undefined): number {
  const all = ctx.deps.db.select({ id: sites.id }).from(sites).orderBy(asc(sites.id)).all();
  if (siteId !== undefined) {
    if (!all.some((s) => s.id === siteId)) throw AppError.unknown('query.siteId', 'site');
    assertSiteInScope(ctx.actor, siteId);
    return siteId;
  }
  const mine = all.filter((s) => reachesSite(ctx.actor, s.id));
  if (mine.length === 1) return mine[0]!.id;
  if (mine.length === 0 && all.length > 0) throw new AppError('FORBIDDEN', 'outside the sites you are responsible for');
  throw AppError.field('query.siteId', mine.length === 0 ? 'no site has been registered yet' : 'name the site: the report is made for one site');
}

/** The monthly report (E3) of one site (F4) as JSON, a printable page, CSV or a workbook. */
export function reportRoutes() {
  return new Hono<AppEnv>().get('/reports/monthly', requireRole('supervisor', 'admin', 'auditor', 'city'), validate('query', MonthlyQuery), async (c) => {
    const ctx = ctxOf(c);
    const deps = ctx.deps;
    const q = c.req.valid('query');
    const siteId = reportSite(ctx, q.siteId);
    const report = await buildMonthlyReport(deps, q.month, deps.clock.now(), siteId);
    if (q.format === 'json') return c.json(report);
    if (q.format === 'html') return c.html(monthlyPage(report));
    if (q.format === 'xlsx') return download(c, monthlyDocument(report), 'xlsx');
    return c.body(monthlyCsv(report), 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(`monthly-report-${q.month}.csv`, `月次報告_${report.site.name}_${q.month}.csv`) });
  });
}
