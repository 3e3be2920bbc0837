import { basename } from 'node:path';
import type { Ctx } from '../deps.ts';
import { transact } from '../db/client.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import type { Tx } from '../db/client.ts';
import { yieldToLoop } from '../reports/snapshot.ts';
import { longRead, longReadJob } from '../reports/long-read.ts';
import { journalJsonl, verificationReport } from './journal-export.ts';
import { TABLES, tableCsv, tableName } from './tables.ts';
import { ExportWriter, type Manifest } from './writer.ts';

const README = `入退室・持込持出管理 — 契約終了時のデータ一式 / contract-end export\r
\r
tables/*.csv            every table of the database (UTF-8 with BOM, CRLF; header = column names).\r
                        Times are UTC epoch milliseconds; booleans 1/0; JSON columns as JSON text.\r
                        Sign-in secrets are shown as [withheld].\r
                        A text value a spreadsheet would turn into a number or date (00123, 11-20)\r
                        is written ="00123", which Excel and Calc show as that text; strip =" and "\r
                        (and read "" as ") when loading the files into another program.\r
journal/journal.jsonl   the hash-chained journal, one entry a line, as stored.\r
journal/verification.json  the result of walking the chain when this export was written, and how to check it.\r
manifest.json           every file with its size and SHA-256.\r
`;

export interface ExportOutcome {
  dir: string;
  manifest: Manifest;
  manifestSha256: string;
}

/** Journals that a package was written: in its own transaction, after the files are on disk. */
export function journalExport(ctx: Ctx, action: 'data_export.written' | 'evidence_package.written', out: ExportOutcome, extra: Record<string, unknown> = {}) {
  transact(ctx.deps.db, (tx) =>
    recordChange(tx, ctx, {
      action,
      entityType: 'export',
      entityId: basename(out.dir),
      data: { dir: out.dir, manifestSha256: out.manifestSha256, files: out.manifest.files.length, journal: out.manifest.journal, ...extra },
    }),
  );
}

export interface CityFilesArgs {
  dir: string;
  timeZone: string;
  now: number;
  generatedBy: string;
}

/** The files of the city export, read on the snapshot `db` (a long read: see long-read.ts). */
export const cityFilesJob = longReadJob('cityFiles', (db, a: CityFilesArgs) => writeCityFiles(db, a));

export async function writeCityFiles(db: Tx, a: CityFilesArgs) {
  const writer = await ExportWriter.create(a.dir);
  for (const t of TABLES) {
    await writer.write(`tables/${tableName(t)}.csv`, tableCsv(db, t));
    await yieldToLoop();
  }
  await writer.write('journal/journal.jsonl', journalJsonl(db));
  const verification = await verificationReport(db, iso(a.now));
  await writer.write('journal/verification.json', `${JSON.stringify(verification, null, 2)}\n`);
  await writer.write('README.txt', README);
  const v = verification.result;
  return writer.finish({
    kind: 'contract_end',
    generatedAt: iso(a.now),
    generatedBy: a.generatedBy,
    timeZone: a.timeZone,
    tables: TABLES.map(tableName),
    journal: v.ok ? { ok: true, headSeq: v.headSeq, headHash: v.headHash } : { ok: false, seq: v.seq, reason: v.reason },
  });
}

/**
 * Everything for the city at contract end (E6): every table as CSV, the journal as JSONL, its
 * verification, and a manifest with the SHA-256 of every file, read on one snapshot so the files agree
 * with each other. The journal entry recording the export follows it (so the exported head is the entry before).
 */
export async function exportForCity(ctx: Ctx, dir: string): Promise<ExportOutcome> {
  const out = await longRead(ctx.deps, cityFilesJob, { dir, timeZone: ctx.deps.config.timeZone, now: ctx.deps.clock.now(), generatedBy: ctx.actor.name });
  const outcome = { dir, manifest: out.manifest, manifestSha256: out.sha256 };
  journalExport(ctx, 'data_export.written', outcome);
  return outcome;
}
