import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { sites } from '../db/schema/areas.ts';
import { disposalRequests } from '../db/schema/compliance.ts';
import { submissions } from '../db/schema/submissions.ts';
import { reachesSite } from '../auth/scope.ts';
import { workingDay } from '../time.ts';
import { listSubmissions, lastRosterOf, replacedIds } from './service.ts';
import { entriesDigest, rosterEntries } from './roster-document.ts';

export type Due =
  | { kind: 'monthly_report'; siteId: number; siteName: string; month: string }
  | { kind: 'disposal_record'; disposalRequestId: number }
  | { kind: 'roster'; siteId: number; siteName: string; date: string; lastSubmissionId: number | null };

/** The month before the one `day` falls in, `YYYY-MM`. */
export function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * What is due to 甲 and not submitted (F3): last month's monthly report at each of the actor's sites,
 * every disposal carried out whose record was not submitted (a disposal names no site, so any site's
 * submission covers it), and the roster of each site when it differs from the one last submitted.
 */
function dueDocuments(ctx: Ctx): Due[] {
  const db = ctx.deps.db;
  const today = workingDay(ctx.deps.clock.now(), ctx.deps.config.timeZone);
  const month = previousMonth(today);
  const mine = db.select({ id: sites.id, name: sites.name }).from(sites).orderBy(sites.id).all().filter((s) => reachesSite(ctx.actor, s.id));
  const standing = (kind: 'monthly_report' | 'disposal_record', siteIds?: number[]) =>
    db
      .select({ siteId: submissions.siteId, subjectKey: submissions.subjectKey })
      .from(submissions)
      .where(and(eq(submissions.kind, kind), ne(submissions.status, 'returned'), siteIds ? inArray(submissions.siteId, siteIds) : undefined))
      .all();
  const monthly = new Set(standing('monthly_report').filter((s) => s.subjectKey === month).map((s) => s.siteId));
  const disposed = new Set(standing('disposal_record').map((s) => s.subjectKey));
  const due: Due[] = [];
  for (const s of mine) if (!monthly.has(s.id)) due.push({ kind: 'monthly_report', siteId: s.id, siteName: s.name, month });
  const executed = db.select({ id: disposalRequests.id }).from(disposalRequests).where(eq(disposalRequests.status, 'executed')).orderBy(disposalRequests.id).all();
  for (const d of executed) if (!disposed.has(`disposal:${d.id}`)) due.push({ kind: 'disposal_record', disposalRequestId: d.id });
  const lastRoster = lastRosterOf(db);
  for (const s of mine) {
    const last = lastRoster(s.id);
    const now = entriesDigest(rosterEntries(db, s.id, today, ctx.deps.config.timeZone));
    if (!last || entriesDigest(last.entries) !== now) due.push({ kind: 'roster', siteId: s.id, siteName: s.name, date: today, lastSubmissionId: last?.id ?? null });
  }
  return due;
}

/** The contractor's view of what is outstanding with 甲: awaiting receipt, returned, due and not submitted. */
export function outstanding(ctx: Ctx) {
  const awaitingReceipt = listSubmissions(ctx, { status: 'submitted' }).submissions;
  const returned = listSubmissions(ctx, { status: 'returned' }).submissions;
  const replaced = replacedIds(ctx.deps.db, returned.map((r) => r.id));
  return { awaitingReceipt, returned: returned.filter((r) => !replaced.has(r.id)), due: dueDocuments(ctx) };
}
