import { eq } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { sites } from '../db/schema/areas.ts';
import type { SubmissionKind } from '../db/schema/submissions.ts';
import { AppError } from '../http/app-error.ts';
import { siteOfArea, assertSiteInScope } from '../auth/scope.ts';
import { buildLedger, type DailyLedger } from '../ledger/build.ts';
import { ledgerPage } from '../ledger/page.ts';
import { dayCheckpoint } from '../journal/checkpoints.ts';
import { buildMonthlyReport, type MonthlyReport } from '../reports/monthly.ts';
import { monthlyPage } from '../reports/monthly-page.ts';
import { getDisposal, type DisposalView } from '../disposal/read.ts';
import { certificatePage } from '../disposal/certificate.ts';
import { eraDate, workingDay } from '../time.ts';
import { entriesDigest, rosterChanges, rosterEntries, rosterPage, type RosterDocument, type RosterEntry } from './roster-document.ts';
import type { SubjectInput } from './schemas.ts';

/** `2026-11` as 2026年11月. */
export const monthWords = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

/** A document ready to submit: where it belongs, which one it is, and its content. */
export interface Built {
  siteId: number;
  subjectKey: string;
  title: string;
  content: unknown;
}

/** The last roster submitted for a site and not returned: what the next one's changes are counted from. */
export type LastRoster = (siteId: number) => { id: number; day: string; entries: RosterEntry[] } | null;

function requireSite(ctx: Ctx, siteId: number): { id: number; name: string } {
  const site = ctx.deps.db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId)).get();
  if (!site) throw AppError.unknown('body.siteId', 'site');
  assertSiteInScope(ctx.actor, siteId);
  return site;
}

/**
 * Builds the document a submission names, as it stands now, through the features that own it: the
 * daily 入退室管理簿 (ledger), the monthly セキュリティ保全状況報告書 (reports), a disposal record and its
 * 廃棄証明書 (disposal), the 作業従事者名簿 and its changes (roster). Async: the month report is a long read.
 */
export async function buildDocument(ctx: Ctx, s: SubjectInput, lastRoster: LastRoster): Promise<Built> {
  const { deps } = ctx;
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  switch (s.kind) {
    case 'daily_ledger': {
      const siteId = siteOfArea(deps.db, s.areaId);
      if (siteId === null) throw AppError.unknown('body.areaId', 'area');
      assertSiteInScope(ctx.actor, siteId);
      if (s.date > workingDay(now, tz)) throw AppError.field('body.date', 'a day that has not come yet');
      const ledger = buildLedger(deps.db, { timeZone: tz, now }, s.areaId, s.date);
      return { siteId, subjectKey: `area:${s.areaId}:${s.date}`, title: `入退室管理簿 ${ledger.area.name} ${ledger.eraDay}`, content: ledger };
    }
    case 'monthly_report': {
      const site = requireSite(ctx, s.siteId);
      if (s.month > workingDay(now, tz).slice(0, 7)) throw AppError.field('body.month', 'a month that has not begun yet');
      const report = await buildMonthlyReport(deps, s.month, now, site.id);
      return { siteId: site.id, subjectKey: s.month, title: `セキュリティ保全状況報告書（${monthWords(s.month)}分）`, content: report };
    }
    case 'disposal_record': {
      const site = requireSite(ctx, s.siteId);
      let view: DisposalView;
      try {
        view = getDisposal(ctx, s.disposalRequestId);
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') throw AppError.unknown('body.disposalRequestId', 'disposal request');
        throw err;
      }
      if (!view.record) throw AppError.conflict('body.disposalRequestId', 'this disposal has not been carried out yet; its record is submitted after it');
      return { siteId: site.id, subjectKey: `disposal:${view.id}`, title: `廃棄証明書 No.${view.id}`, content: view };
    }
    case 'roster': {
      const site = requireSite(ctx, s.siteId);
      if (s.date > workingDay(now, tz)) throw AppError.field('body.date', 'a day that has not come yet');
      const entries = rosterEntries(deps.db, site.id, s.date, tz);
      const last = lastRoster(site.id);
      const doc: RosterDocument = {
        site,
        day: s.date,
        entries,
        entriesDigest: entriesDigest(entries),
        changes: last ? { ...rosterChanges(last.entries, entries), since: { submissionId: last.id, day: last.day } } : null,
      };
      return { siteId: site.id, subjectKey: `roster:${s.date}`, title: `作業従事者名簿 ${eraDate(s.date, tz)}時点`, content: doc };
    }
  }
}

/** The printable page of a stored document, drawn by the page its feature already prints. */
export function renderDocument(kind: SubmissionKind, content: unknown, config: { timeZone: string; checkpointPath: string }, submittedAt: number): string {
  const tz = config.timeZone;
  switch (kind) {
    case 'daily_ledger': {
      const ledger = content as DailyLedger;
      return ledgerPage(ledger, tz, dayCheckpoint(config, ledger.day));
    }
    case 'monthly_report':
      return monthlyPage(content as MonthlyReport);
    case 'disposal_record':
      return certificatePage(content as DisposalView, tz, submittedAt);
    case 'roster':
      return rosterPage(content as RosterDocument, tz);
  }
}
