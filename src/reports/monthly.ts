import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { iso } from '../http/fields.ts';
import type { JournalRow } from '../journal/append.ts';
import type { VerifyResult } from '../journal/verify.ts';
import { dayBounds, eraDate } from '../time.ts';
import { monthRange } from '../schedules/service.ts';
import { accessMonth } from './month-access.ts';
import { anomaliesMonth, assetsAt, custodyMonth, disposalsMonth, incidentsMonth, trainingMonth } from './month-sections.ts';
import { StateAsOf } from './as-of.ts';
import { siteScope } from './site-scope.ts';
import { verifyJournalInChunks } from './verify-chunked.ts';
import { yieldToLoop } from './snapshot.ts';
import { longRead, longReadJob } from './long-read.ts';
import { contractOfSite } from '../contract/service.ts';

export interface JournalMonth {
  verification: VerifyResult;
  headSeq: number;
  headHash: string | null;
  /** Roster changes (A3) and reads of restricted fields (A6) journaled in the month. */
  rosterChanges: Record<string, number>;
  sensitiveReads: number;
}

/**
 * One pass over the journal: the chain verified, the month's entries tallied and the state at its end
 * projected on the way. The roster figures count the site's people only (`ofSite`); the chain is one
 * for the deployment, and its verification and head are what the report commits to.
 */
async function journalMonth(db: Tx, start: number, end: number, state: StateAsOf, ofSite: (personId: number) => boolean): Promise<JournalMonth> {
  let sensitiveReads = 0;
  let head: Pick<JournalRow, 'seq' | 'hash'> | null = null;
  const rosterChanges: Record<string, number> = {};
  const verification = await verifyJournalInChunks(db, (row) => {
    head = row;
    state.visit(row);
    if (row.at < start || row.at >= end) return;
    if (!row.action.startsWith('person.') || !ofSite(Number(row.entityId))) return;
    if (row.action === 'person.sensitive_read') sensitiveReads += 1;
    else rosterChanges[row.action] = (rosterChanges[row.action] ?? 0) + 1;
  });
  const last = head as Pick<JournalRow, 'seq' | 'hash'> | null;
  return { verification, headSeq: last?.seq ?? 0, headHash: last?.hash ?? null, rosterChanges, sensitiveReads };
}

export interface MonthBounds {
  month: string;
  start: number;
  end: number;
  lastDay: string;
}

export function monthBounds(month: string, timeZone: string): MonthBounds {
  const { first, next } = monthRange(month);
  const end = dayBounds(next, timeZone).start;
  return { month, start: dayBounds(first, timeZone).start, end, lastDay: new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) };
}

/**
 * The monthly self-inspection (自己点検, 003 §11(1)) and security status report (セキュリティ保全状況報告書,
 * 001 §6) for a calendar month in the configured time zone (E3), read in chunks on a snapshot, off the request loop.
 * The state sections (people on the roster, their training, assets inside and out, open incidents) are
 * as of the period's end, or of `now` while the month is still running: a report printed in December
 * for November says what was true at the end of November.
 */
export function buildMonthlyReport(deps: Pick<Deps, 'db' | 'sqlite' | 'config'>, month: string, now: number, siteId: number): Promise<MonthlyReport> {
  return longRead(deps, monthlyReportJob, { timeZone: deps.config.timeZone, month, now, siteId });
}

/** The report read through `db`: a snapshot that the caller holds (an export reads several on one). */
export const monthlyReportJob = longReadJob('monthlyReport', (db, a: { timeZone: string; month: string; now: number; siteId: number }) => monthlyReportOn(db, a.timeZone, a.month, a.now, a.siteId));

/**
 * One site's report (F4): each section holds the site's records only (site-scope.ts says which are the
 * site's), so the 甲 of one contract receives nothing of another. The caller has checked that the site
 * exists; a site that does not is an error here.
 */
export async function monthlyReportOn(db: Tx, tz: string, month: string, now: number, siteId: number) {
  const b = monthBounds(month, tz);
  const asOf = Math.min(now, b.end);
  const scope = siteScope(db, siteId, b.start, b.end);
  if (!scope) throw new Error(`no site ${siteId}`);
  const access = await accessMonth(db, siteId, b.start, b.end, now);
  await yieldToLoop();
  const state = new StateAsOf(b.end);
  const journal = await journalMonth(db, b.start, b.end, state, scope.hasPerson);
  const custody = custodyMonth(db, scope, b.start, b.end);
  const assets = assetsAt(db, scope, [...state.assets.values()], asOf);
  await yieldToLoop();
  const active = state.activePeople().filter(scope.hasPerson);
  const training = trainingMonth(db, b.start, b.end, active);
  const incidents = incidentsMonth(db, scope, b.start, b.end);
  const anomalies = anomaliesMonth(db, scope, b.start, b.end);
  const disposals = disposalsMonth(db, scope, b.start, b.end);
  return {
    month,
    site: scope.site,
    /** The contract the site is worked under, as it stands when the report is made: the header's fields (decision 0023). */
    contract: contractOfSite(db, siteId),
    period: { from: iso(b.start), to: iso(b.end), firstDay: `${month}-01`, lastDay: b.lastDay, eraFrom: eraDate(`${month}-01`, tz), eraTo: eraDate(b.lastDay, tz) },
    timeZone: tz,
    generatedAt: iso(now),
    /** The instant the state sections describe: the period's end, or `now` for a month still running. */
    asOf: iso(asOf),
    roster: { activePeople: active.length, changes: journal.rosterChanges, sensitiveReads: journal.sensitiveReads },
    access,
    anomalies,
    custody,
    assets,
    training,
    incidents,
    disposals,
    journal: { verification: journal.verification, headSeq: journal.headSeq, headHash: journal.headHash },
  };
}

export type MonthlyReport = Awaited<ReturnType<typeof monthlyReportOn>>;
