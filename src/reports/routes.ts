import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole } from '../auth/middleware.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { month } from '../schedules/schemas.ts';
import { buildMonthlyReport } from './monthly.ts';
import { monthlyPage } from './monthly-page.ts';
import { monthlyCsv } from './monthly-csv.ts';

const MonthlyQuery = z.object({ month, format: z.enum(['json', 'csv', 'html']).default('json') });

/** The monthly report (E3) as JSON, a printable page, or CSV. */
export function reportRoutes() {
  return new Hono<AppEnv>().get('/reports/monthly', requireRole('supervisor', 'admin', 'auditor'), unscopedOnly, validate('query', MonthlyQuery), async (c) => {
    const deps = c.get('deps');
    const q = c.req.valid('query');
    const report = await buildMonthlyReport(deps, q.month, deps.clock.now());
    if (q.format === 'json') return c.json(report);
    if (q.format === 'html') return c.html(monthlyPage(report));
    c.header('Content-Disposition', `attachment; filename="monthly-report-${q.month}.csv"`);
    return c.body(monthlyCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
}
