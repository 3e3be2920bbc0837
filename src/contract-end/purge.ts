import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { and, desc, eq, getTableColumns, isNotNull, ne, or, type Column } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Database } from 'better-sqlite3';
import * as schema from '../db/schema/index.ts';
import { accessEvents, visitors } from '../db/schema/access.ts';
import { challenges, credentials } from '../db/schema/auth.ts';
import { disposalRecords } from '../db/schema/compliance.ts';
import { journal } from '../db/schema/journal.ts';
import { people } from '../db/schema/roster.ts';
import { appendJournal } from '../journal/append.ts';
import { verifyJournal, type VerifyResult } from '../journal/verify.ts';
import { PURGE_ACTION, toRanges, type SeqRange } from '../journal/erasure.ts';
import { resealAll } from '../journal/reseal.ts';
import { compact, fileSize, openExclusive, setText, textValues, withoutUpdateTrigger } from './purge-sqlite.ts';
import { TABLES, tableName } from './tables.ts';

export const ERASED = '（消去済み）';

/** Values that are machine-made, never a name: the scrub leaves them alone (a base64 token could hold "Ito" by chance). */
const MACHINE_COLUMNS = /^(id|day|subject|transports|scanned_code|digest|hash|prev_hash|payload_hash|request_hash|token_hash|csrf_token|challenge|enrol_code_hash|user_handle|credential_id|idempotency_scope|idempotency_key|asset_number)$/;

export interface ErasureItem {
  table: string;
  columns: string[];
  rows: number;
  how: 'blanked' | 'names_replaced' | 'deleted';
}

export interface ErasureReport {
  at: string;
  by: string;
  items: ErasureItem[];
  lastExport: { seq: number; at: string; dir: string; entriesSince: number } | null;
  /** The journal entries whose payloads this purge erased, as ranges of seqs: verify accepts no other blank entry. */
  erasedSeqs: SeqRange[];
  journalEntryOfPurge: number;
}

export interface PurgeOutcome {
  report: ErasureReport;
  verification: VerifyResult;
  bytesBefore: number;
  bytesAfter: number;
  /** Export packages still next to the database: they hold what was just erased. */
  exportsLeft: string[];
}

/** A purge refused before it touched anything (no export for the city yet). */
export class PurgeRefusedError extends Error {}

type Db = ReturnType<typeof drizzle<typeof schema>>;

function lastExport(db: Db) {
  const found = db.select({ seq: journal.seq, at: journal.at, dir: journal.entityId }).from(journal).where(eq(journal.action, 'data_export.written')).orderBy(desc(journal.seq)).limit(1).get();
  if (!found) return null;
  const head = db.select({ seq: journal.seq }).from(journal).orderBy(desc(journal.seq)).limit(1).get()!;
  return { seq: found.seq, at: new Date(found.at).toISOString(), dir: found.dir, entriesSince: head.seq - found.seq };
}

/** The names to hunt for in free text: whole, without spaces, and each family or given name of two characters or more. */
function namesToScrub(db: Db): string[] {
  const whole = [
    ...db.select({ v: people.name }).from(people).all(),
    ...db.select({ v: people.kana }).from(people).all(),
    ...db.select({ v: visitors.name }).from(visitors).all(),
    ...db.select({ v: disposalRecords.executorName }).from(disposalRecords).all(),
  ].map((r) => r.v.normalize('NFC').trim());
  // Parts only when they hold Japanese script: a Latin part ("Note", "Id") could be a JSON key in a JSON column.
  const parts = (n: string) => n.split(/[\s\u3000]+/).filter((p) => /[^\x00-\x7f]/.test(p));
  const variants = whole.flatMap((n) => [n, n.replace(/[\s\u3000]+/g, ''), ...parts(n)]);
  return [...new Set(variants.filter((n) => [...n].length >= 2 && n !== ERASED))].sort((a, b) => b.length - a.length);
}

/** Entries with a payload left to erase; a purge's own entry is kept whole, as the record of what it erased. */
const hasPayload = and(or(isNotNull(journal.actorName), isNotNull(journal.data), isNotNull(journal.payloadSalt)), ne(journal.action, PURGE_ACTION));

function payloadSeqs(db: Db): SeqRange[] {
  return toRanges(db.select({ seq: journal.seq }).from(journal).where(hasPayload).orderBy(journal.seq).all().map((r) => r.seq));
}

/** The fields that hold personal data by definition, blanked whole (E6; the journal per decision 0001). */
function blankKnownFields(db: Db, sqlite: Database): ErasureItem[] {
  const run = (table: string, columns: string[], how: () => number): ErasureItem => ({ table, columns, rows: withoutUpdateTrigger(sqlite, table, how), how: 'blanked' });
  return [
    run('people', ['name', 'kana', 'contact', 'nationality', 'expertise'], () => db.update(people).set({ name: ERASED, kana: '', contact: '', nationality: '', expertise: '' }).run().changes),
    run('visitors', ['name'], () => db.update(visitors).set({ name: ERASED }).run().changes),
    run('access_events', ['name_snapshot'], () => db.update(accessEvents).set({ nameSnapshot: null }).where(isNotNull(accessEvents.nameSnapshot)).run().changes),
    run('disposal_records', ['executor_name'], () => db.update(disposalRecords).set({ executorName: ERASED }).run().changes),
    run('credentials', ['name'], () => db.update(credentials).set({ name: ERASED }).run().changes),
    // A WebAuthn challenge is single-use and short-lived, but a registration's binding keeps the form it
    // came with (a first admin's name and reading): with the server stopped, none is of any further use.
    { table: 'challenges', columns: ['*'], rows: db.delete(challenges).run().changes, how: 'deleted' },
    run('journal', ['actor_name', 'data', 'payload_salt'], () =>
      db.update(journal).set({ actorName: null, data: null, payloadSalt: null }).where(hasPayload).run().changes,
    ),
  ];
}

/** Every other text column: the names above replaced wherever a note, a title or a purpose mentions them. */
function scrubFreeText(sqlite: Database, names: string[]): ErasureItem[] {
  if (names.length === 0) return [];
  const source = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const mentions = new RegExp(source);
  const every = new RegExp(source, 'g');
  const items: ErasureItem[] = [];
  for (const t of TABLES) {
    const table = tableName(t);
    if (table === 'journal') continue;
    const columns = (Object.values(getTableColumns(t)) as Column[]).filter((c) => (c.dataType === 'string' || c.dataType === 'json') && !(c.enumValues && c.enumValues.length > 0) && !MACHINE_COLUMNS.test(c.name));
    for (const c of columns) {
      const changed = textValues(sqlite, table, c.name).filter((r) => mentions.test(r.v));
      if (changed.length === 0) continue;
      withoutUpdateTrigger(sqlite, table, () => changed.forEach((r) => setText(sqlite, table, c.name, r.rid, r.v.replace(every, ERASED))));
      items.push({ table, columns: [c.name], rows: changed.length, how: 'names_replaced' });
    }
  }
  return items;
}

/**
 * The contract-end erasure (E6, D4): personal data out of the database file, its WAL and its free pages,
 * the journal still verifiable (decision 0001), and an erasure report printed and journaled in the same
 * transaction as the erasure. Refuses while anything else has the file open, and (unless told) before a
 * city export has been written. The export packages themselves are the operator's to hand over and delete.
 */
export function purgePersonalData(opts: { dbPath: string; by: string; now: number; allowWithoutExport?: boolean }): PurgeOutcome {
  const sqlite = openExclusive(opts.dbPath);
  try {
    const db = drizzle(sqlite, { schema });
    const exported = lastExport(db);
    if (!exported && !opts.allowWithoutExport) throw new PurgeRefusedError('no export for the city was written (npm run cli -- export DIR): export first, or pass --allow-without-export');
    const bytesBefore = fileSize(sqlite);
    const at = new Date(opts.now).toISOString();
    const report = sqlite
      .transaction((): ErasureReport => {
        const names = namesToScrub(db);
        const erasedSeqs = payloadSeqs(db);
        const items = [...blankKnownFields(db, sqlite), ...scrubFreeText(sqlite, names)];
        const draft = { at, by: opts.by, items, lastExport: exported, erasedSeqs, journalEntryOfPurge: 0 };
        const actor = { type: 'system' as const, name: opts.by };
        const entry = appendJournal(db, { at: opts.now, actor, requestId: null, action: PURGE_ACTION, entityType: 'contract', entityId: 'purge', data: { ...draft, journalEntryOfPurge: undefined } });
        // The erasure rewrote rows and took the salts of every earlier seal with it: the tables are sealed anew.
        resealAll(db, { at: opts.now, actor, reason: 'purge' });
        return { ...draft, journalEntryOfPurge: entry.seq };
      })
      .immediate();
    compact(sqlite);
    const dir = join(dirname(opts.dbPath), 'exports');
    return { report, verification: verifyJournal(db), bytesBefore, bytesAfter: fileSize(sqlite), exportsLeft: existsSync(dir) ? readdirSync(dir) : [] };
  } finally {
    sqlite.close();
  }
}

/** The erasure report as printed by `cli purge`. */
export function formatErasureReport(o: PurgeOutcome): string {
  const r = o.report;
  const lines = [
    '消去報告 / erasure report',
    `  when:    ${r.at}`,
    `  by:      ${r.by}`,
    `  journal: entry ${r.journalEntryOfPurge} (personal_data.purged); verify ${o.verification.ok ? `ok, ${o.verification.count} entries, head ${o.verification.headHash}` : `FAILED at seq ${o.verification.seq}: ${o.verification.reason}`}`,
    r.lastExport ? `  export:  ${r.lastExport.dir} at ${r.lastExport.at} (seq ${r.lastExport.seq}; ${r.lastExport.entriesSince} journal entries written after it)` : '  export:  none (purged without an export for the city)',
    '  what:',
    ...r.items.map((i) => `    ${i.table}.${i.columns.join(', ')}: ${i.rows} rows ${i.how === 'names_replaced' ? 'with names replaced' : i.how}`),
    `  file:    ${o.bytesBefore} bytes before, ${o.bytesAfter} after (secure_delete, WAL checkpointed and truncated, VACUUM)`,
    ...(o.exportsLeft.length > 0 ? [`  NOTE: export packages still next to the database hold the erased data: ${o.exportsLeft.join(', ')}`] : []),
  ];
  return lines.join('\n');
}
