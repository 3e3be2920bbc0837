import { lastCheckpoint, type Checkpoint } from '../journal/checkpoints.ts';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { disposalRecords, disposalRequests } from '../db/schema/compliance.ts';
import { custodyApprovals, custodyRequests } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';
import { CSV_BOM, csvLine } from '../http/csv.ts';
import { iso } from '../http/fields.ts';
import { selfContainedPage } from '../http/print-css.ts';
import { dayBounds, localDateTime } from '../time.ts';
import { buildLedger } from '../ledger/build.ts';
import { ledgerCsv } from '../ledger/csv.ts';
import { ledgerPage } from '../ledger/page.ts';
import { buildCustodyLedger } from '../custody/ledger.ts';
import { custodyLedgerCsv, custodyLedgerPage } from '../custody/ledger-print.ts';
import { certificatePage } from '../disposal/certificate.ts';
import { disposalView } from '../disposal/read.ts';
import { monthlyReportOn } from '../reports/monthly.ts';
import { monthlyPage } from '../reports/monthly-page.ts';
import { monthlyCsv } from '../reports/monthly-csv.ts';
import { yieldToLoop } from '../reports/snapshot.ts';
import { longRead, longReadJob } from '../reports/long-read.ts';
import { journalExport, type ExportOutcome } from './city-export.ts';
import { journalJsonl, verificationReport } from './journal-export.ts';
import { ExportWriter } from './writer.ts';

/** An inspection covers days, not years: a quarter at most per package. */
export const MAX_EVIDENCE_DAYS = 92;

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The daily 入退室管理簿 and 持込・持出管理簿 of every area with something on them, as CSV and printable HTML. */
async function writeLedgers(w: ExportWriter, db: Tx, tz: string, now: number, days: string[]): Promise<number> {
  const areaIds = db.select({ id: areas.id }).from(areas).orderBy(asc(areas.id)).all().map((a) => a.id);
  let written = 0;
  for (const day of days) {
    for (const areaId of areaIds) {
      const access = buildLedger(db, { timeZone: tz, now }, areaId, day);
      if (access.stays.length > 0 || access.refusals.length > 0 || access.signoff) {
        await w.write(`ledgers/access/${day}/area-${areaId}.csv`, ledgerCsv(access, tz));
        if (access.refusals.length > 0) await w.write(`ledgers/access/${day}/area-${areaId}-refusals.csv`, ledgerCsv(access, tz, 'refusals'));
        await w.write(`ledgers/access/${day}/area-${areaId}.html`, selfContainedPage(ledgerPage(access, tz)));
        written += 1;
      }
      const custody = buildCustodyLedger(db, { timeZone: tz, now }, areaId, day);
      if (custody.rows.length > 0 || custody.refusals.length > 0 || custody.signoff) {
        await w.write(`ledgers/custody/${day}/area-${areaId}.csv`, custodyLedgerCsv(custody, tz));
        if (custody.refusals.length > 0) await w.write(`ledgers/custody/${day}/area-${areaId}-refusals.csv`, custodyLedgerCsv(custody, tz, 'refusals'));
        await w.write(`ledgers/custody/${day}/area-${areaId}.html`, selfContainedPage(custodyLedgerPage(custody, tz)));
        written += 1;
      }
    }
    await yieldToLoop();
  }
  return written;
}

function approvalsCsv(db: Tx, tz: string, start: number, end: number): string {
  const rows = db
    .select({ a: custodyApprovals, r: custodyRequests, approverName: people.name })
    .from(custodyApprovals)
    .innerJoin(custodyRequests, eq(custodyRequests.id, custodyApprovals.requestId))
    .innerJoin(people, eq(people.id, custodyApprovals.approverId))
    .where(and(gte(custodyApprovals.at, start), lt(custodyApprovals.at, end)))
    .orderBy(asc(custodyApprovals.at), asc(custodyApprovals.id))
    .all();
  const header = ['日時', '申請番号', '種別', '目的', '区域ID', '判断', '承認者', 'その場承認', '理由・備考'];
  return CSV_BOM + csvLine(header) + rows.map(({ a, r, approverName }) => csvLine([localDateTime(a.at, tz), r.id, r.kind === 'carry_in' ? '持込' : '持出', r.purpose, r.areaId, a.decision === 'approved' ? '承認' : '却下', approverName, a.onTheSpot ? '○' : '', a.reason])).join('');
}

/** The 廃棄証明書 of every disposal carried out in the range (D3), printed by the disposal feature. */
async function writeCertificates(w: ExportWriter, db: Tx, tz: string, now: number, start: number, end: number): Promise<number> {
  const done = db
    .select({ request: disposalRequests })
    .from(disposalRecords)
    .innerJoin(disposalRequests, eq(disposalRequests.id, disposalRecords.requestId))
    .where(and(gte(disposalRecords.executedAt, start), lt(disposalRecords.executedAt, end)))
    .orderBy(asc(disposalRecords.executedAt))
    .all();
  for (const { request } of done) await w.write(`disposal-certificates/disposal-${request.id}.html`, selfContainedPage(certificatePage(disposalView(db, request), tz, now)));
  return done.length;
}

export interface EvidenceFilesArgs {
  dir: string;
  timeZone: string;
  now: number;
  generatedBy: string;
  range: { from: string; to: string };
  /** The signed checkpoint the package was made under: it anchors the package to the chain (issue 14). */
  checkpoint: Checkpoint | null;
}

/** The files of an evidence package, read on the snapshot `db` (a long read: see long-read.ts). */
export const evidenceFilesJob = longReadJob('evidenceFiles', (db, a: EvidenceFilesArgs) => writeEvidenceFiles(db, a));

export async function writeEvidenceFiles(db: Tx, a: EvidenceFilesArgs) {
  const { timeZone: tz, now, range } = a;
  const days = daysBetween(range.from, range.to);
  const start = dayBounds(range.from, tz).start;
  const end = dayBounds(range.to, tz).end;
  const w = await ExportWriter.create(a.dir);
  const ledgers = await writeLedgers(w, db, tz, now, days);
  await w.write('approvals.csv', approvalsCsv(db, tz, start, end));
  const certificates = await writeCertificates(w, db, tz, now, start, end);
  const months = [...new Set(days.map((d) => d.slice(0, 7)))];
  // One monthly report per site and month, as each site's 甲 receives it (F4, decision 0022): named by the month alone where there is one site.
  const siteIds = db.select({ id: sites.id }).from(sites).orderBy(asc(sites.id)).all().map((x) => x.id);
  for (const month of months) {
    for (const siteId of siteIds) {
      const report = await monthlyReportOn(db, tz, month, now, siteId);
      const name = siteIds.length === 1 ? month : `${month}-site-${siteId}`;
      await w.write(`monthly-reports/${name}.html`, selfContainedPage(monthlyPage(report)));
      await w.write(`monthly-reports/${name}.csv`, monthlyCsv(report));
      await w.write(`monthly-reports/${name}.json`, `${JSON.stringify(report, null, 2)}\n`);
    }
  }
  await w.write('journal/journal.jsonl', journalJsonl(db));
  const verification = await verificationReport(db, iso(now));
  await w.write('journal/verification.json', `${JSON.stringify(verification, null, 2)}\n`);
  const v = verification.result;
  return w.finish({
    kind: 'evidence',
    generatedAt: iso(now),
    generatedBy: a.generatedBy,
    timeZone: tz,
    range: { from: range.from, to: range.to },
    contents: { ledgers, certificates, months },
    journal: v.ok ? { ok: true, headSeq: v.headSeq, headHash: v.headHash } : { ok: false, seq: v.seq, reason: v.reason },
    checkpoint: a.checkpoint,
  });
}

/**
 * One action, one dated evidence package for an inspection (E5, 003 §11(2)): the daily ledgers of the
 * range, the approvals, the disposal certificates, the monthly report of every month the range touches,
 * and the journal with its verification; written with the contract-end export's writer and manifest.
 */
export async function exportEvidence(ctx: Ctx, dir: string, range: { from: string; to: string }): Promise<ExportOutcome> {
  const out = await longRead(ctx.deps, evidenceFilesJob, { dir, timeZone: ctx.deps.config.timeZone, now: ctx.deps.clock.now(), generatedBy: ctx.actor.name, range, checkpoint: lastCheckpoint(ctx.deps.config.checkpointPath) });
  const outcome = { dir, manifest: out.manifest, manifestSha256: out.sha256 };
  journalExport(ctx, 'evidence_package.written', outcome, { range });
  return outcome;
}
