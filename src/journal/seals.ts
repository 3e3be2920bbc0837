import type Database from 'better-sqlite3';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import { SQLiteTable as SQLiteTableClass } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema/index.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';

/**
 * Row seals: what binds every table to the journal (issue 14, decision 0011). The journal is the record
 * and every other table a projection of it; a seal is a salted SHA-256 of one row's content, and each
 * journal entry carries the seals of the rows its change wrote (`journal.row_seals`, hashed into the
 * chain). verify then checks that each row still has the content its latest seal vouches for.
 *
 * Which rows a change wrote is not left to each service to declare: per connection, TEMP triggers on
 * every sealed table note the primary key of each inserted, updated or deleted row in `temp.seal_pending`,
 * and appendJournal seals what is pending and clears it. A transaction that writes a sealed row after its
 * last journal entry is refused at its end (assertNothingUnsealed), so no write can slip past a seal.
 */

/**
 * Tables of machinery, not records: sign-in state rewritten on every request (sessions) or single-use
 * (challenges), and the kiosks' bad-scan counters (a throttle's start and release are journaled as
 * entries of their own; the running count is not a record).
 */
const UNSEALED = new Set(['journal', 'sessions', 'challenges', 'kiosk_throttles']);

/**
 * Columns a request touches without a change worth a journal entry: a kiosk's last contact and what it
 * reports of its queue and build, and a
 * passkey's signature counter and last use (advanced by every assertion, even one whose purpose is then
 * refused; the counter is clone detection, not a record).
 */
const VOLATILE: Record<string, readonly string[]> = { kiosks: ['last_seen_at', 'queue_size', 'queue_oldest_at', 'app_version'], credentials: ['counter', 'last_used_at'] };

export interface SealedTable {
  name: string;
  /** Primary-key columns, in key order (one, or two for presence). */
  keys: string[];
  /** The columns a seal covers, sorted: every column but the volatile ones. */
  columns: string[];
  /** A one-column INTEGER key: verify merges the table with its seals in key order instead of looking each up. */
  integerKey: boolean;
}

export const SEALED_TABLES: SealedTable[] = (Object.values(schema) as unknown[])
  .filter((v): v is SQLiteTable => is(v, SQLiteTableClass))
  .map((t) => getTableConfig(t))
  .filter((cfg) => !UNSEALED.has(cfg.name))
  .map((cfg) => {
    const single = cfg.columns.filter((c) => c.primary).map((c) => c.name);
    const keys = single.length > 0 ? single : (cfg.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
    if (keys.length === 0 || keys.length > 2) throw new Error(`seals: table ${cfg.name} needs a primary key of one or two columns`);
    const volatile = new Set(VOLATILE[cfg.name] ?? []);
    const columns = cfg.columns.map((c) => c.name).filter((c) => !volatile.has(c)).sort();
    const integerKey = keys.length === 1 && cfg.columns.find((c) => c.name === keys[0])!.getSQLType() === 'integer';
    return { name: cfg.name, keys, columns, integerKey };
  })
  .sort((a, b) => (a.name < b.name ? -1 : 1));

const BY_NAME = new Map(SEALED_TABLES.map((t) => [t.name, t]));

export function sealedTable(name: string): SealedTable {
  const t = BY_NAME.get(name);
  if (!t) throw new Error(`seals: ${name} is not a sealed table`);
  return t;
}

type Value = string | number | bigint | Buffer | null;

/** A row's key as the journal names it: the value of a one-column key, else the JSON array of both. */
export function rowKey(values: Value[]): string {
  return values.length === 1 ? String(values[0]) : JSON.stringify(values.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

/** An identifier quoted for SQL. */
export const quoteId = (id: string) => `"${id.replace(/"/g, '""')}"`;
const q = quoteId;

/** The sealed tables this database has (a database being migrated may not have them all yet). */
export function existingSealedTables(sqlite: Database.Database): SealedTable[] {
  const existing = new Set(sqlite.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  return SEALED_TABLES.filter((t) => existing.has(t.name));
}

/** The SELECT list of a seal: the covered columns in sorted order. */
export function sealColumnsSql(t: SealedTable): string {
  return t.columns.map(q).join(', ');
}

/**
 * The seal of one row: salt, table, key and the row's non-null columns as canonical JSON. Nulls are left
 * out so that a migration adding a nullable column leaves every seal as it was. 32 hex digits (128 bits)
 * are plenty against a second preimage and keep a check-in's entry short.
 */
export function rowSeal(salt: string, t: SealedTable, key: string, values: Value[]): string {
  const names = memberNames(t);
  let content = '{';
  for (let i = 0; i < names.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    content += (content.length > 1 ? ',' : '') + names[i] + canonicalJson(typeof v === 'object' ? `base64:${v.toString('base64')}` : typeof v === 'bigint' ? Number(v) : v);
  }
  return sha256Hex(`${canonicalJson(salt)}|${t.name}|${canonicalJson(key)}|${content}}`).slice(0, 32);
}

// `"column":` for each covered column of a table, written once (every seal of every check-in and every
// row verify reads went through a template string per column).
const memberNamesOf = new WeakMap<SealedTable, string[]>();
function memberNames(t: SealedTable): string[] {
  let names = memberNamesOf.get(t);
  if (!names) memberNamesOf.set(t, (names = t.columns.map((c) => `"${c}":`)));
  return names;
}

/** One journal entry's seals: [table, key, seal] per row written, seal null for a row deleted. */
export type Seal = [table: string, key: string, seal: string | null];

interface Statements {
  /** Empties the pending list and returns what it held, in no order and with repeats (see takeSeals). */
  take: Database.Statement;
  clear: Database.Statement;
  any: Database.Statement;
  rows: Map<string, Database.Statement>;
}

// Key columns without a type: no affinity, so a text key that looks like a number stays text. No unique
// key either: the triggers cannot skip a duplicate with OR IGNORE, because the conflict clause of the
// statement that fired them (an UPSERT's) overrides their own; takeSeals reads DISTINCT instead.
function createPendingTable(sqlite: Database.Database): void {
  sqlite.exec("CREATE TEMP TABLE IF NOT EXISTS seal_pending (tbl TEXT NOT NULL, k1 NOT NULL, k2 NOT NULL DEFAULT '')");
}

const statements = new WeakMap<Database.Database, Statements>();

/**
 * Creates this connection's pending list and its capture triggers on every sealed table that exists
 * (again after a migration: dropping a table drops its TEMP triggers). A TEMP trigger can watch a main
 * table, lives only on this connection, and leaves the database file as it was.
 */
export function installSealCapture(sqlite: Database.Database): void {
  createPendingTable(sqlite);
  const existing = new Set(existingSealedTables(sqlite));
  for (const t of SEALED_TABLES) {
    for (const op of ['insert', 'update', 'delete'] as const) sqlite.exec(`DROP TRIGGER IF EXISTS temp.${q(`seal_${t.name}_${op}`)}`);
    if (!existing.has(t)) continue;
    const values = (row: 'NEW' | 'OLD') => `'${t.name}', ${t.keys.map((k) => `${row}.${q(k)}`).join(', ')}${t.keys.length === 1 ? ", ''" : ''}`;
    const note = (row: 'NEW' | 'OLD') => `INSERT INTO temp.seal_pending (tbl, k1, k2) VALUES (${values(row)});`;
    sqlite.exec(`CREATE TEMP TRIGGER ${q(`seal_${t.name}_insert`)} AFTER INSERT ON main.${q(t.name)} BEGIN ${note('NEW')} END`);
    sqlite.exec(`CREATE TEMP TRIGGER ${q(`seal_${t.name}_update`)} AFTER UPDATE OF ${t.columns.map(q).join(', ')} ON main.${q(t.name)} BEGIN ${note('OLD')} ${note('NEW')} END`);
    sqlite.exec(`CREATE TEMP TRIGGER ${q(`seal_${t.name}_delete`)} AFTER DELETE ON main.${q(t.name)} BEGIN ${note('OLD')} END`);
  }
  statements.delete(sqlite);
}

function statementsOf(sqlite: Database.Database): Statements {
  let s = statements.get(sqlite);
  if (!s) {
    createPendingTable(sqlite);
    s = {
      take: sqlite.prepare('DELETE FROM temp.seal_pending RETURNING tbl, k1, k2').raw(),
      clear: sqlite.prepare('DELETE FROM temp.seal_pending'),
      any: sqlite.prepare('SELECT tbl FROM temp.seal_pending LIMIT 1').pluck(),
      rows: new Map(),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/** The statement that reads one row's sealed columns by its key. */
export function rowStatement(sqlite: Database.Database, t: SealedTable): Database.Statement {
  const s = statementsOf(sqlite);
  let stmt = s.rows.get(t.name);
  if (!stmt) {
    stmt = sqlite.prepare(`SELECT ${sealColumnsSql(t)} FROM main.${q(t.name)} WHERE ${t.keys.map((k) => `${q(k)} = ?`).join(' AND ')}`).raw();
    s.rows.set(t.name, stmt);
  }
  return stmt;
}

type Pending = [tbl: string, k1: Value, k2: Value];

// SQLite's order of values of different types (ORDER BY): numbers, then text, then blobs (no NULL here).
const typeRank = (v: Value): number => (typeof v === 'number' || typeof v === 'bigint' ? 0 : typeof v === 'string' ? 1 : 2);
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Two values as SQLite's ORDER BY compares them under the BINARY collation: numbers by value, text by
 * its UTF-8 bytes (code point order: JavaScript's `<` compares UTF-16 code units, which differs only
 * where a character beyond U+FFFF meets one from U+E000 to U+FFFF), blobs by memcmp then length.
 */
export function compareSqlValues(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return a! < b! ? -1 : a! > b! ? 1 : 0;
  if (ra === 1) {
    const x = a as string;
    const y = b as string;
    if (SURROGATE.test(x) || SURROGATE.test(y)) return Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Buffer.compare(a as Buffer, b as Buffer);
}

const comparePending = (a: Pending, b: Pending): number => compareSqlValues(a[0], b[0]) || compareSqlValues(a[1], b[1]) || compareSqlValues(a[2], b[2]);

/**
 * The pending rows once each, in the order of `SELECT DISTINCT tbl, k1, k2 … ORDER BY tbl, k1, k2` (what
 * takeSeals read before issue 20: the order is hashed into the chain, so it must not change). Taken with
 * the one DELETE … RETURNING that also empties the list, instead of a sorted SELECT and a DELETE.
 */
export function distinctPending(rows: Pending[]): Pending[] {
  if (rows.length > 1) rows.sort(comparePending);
  const out: Pending[] = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last === undefined || comparePending(last, row) !== 0) out.push(row);
  }
  return out;
}

/** Seals every pending row under `salt` and clears the list: the row_seals of the entry being appended (null if none). */
export function takeSeals(sqlite: Database.Database, salt: string): string | null {
  const s = statementsOf(sqlite);
  const taken = s.take.all() as Pending[];
  if (taken.length === 0) return null;
  const seals: Seal[] = distinctPending(taken).map(([tbl, k1, k2]) => {
    const t = sealedTable(tbl);
    const keyValues = t.keys.length === 1 ? [k1] : [k1, k2];
    const key = rowKey(keyValues);
    const row = rowStatement(sqlite, t).get(...keyValues) as Value[] | undefined;
    return [tbl, key, row ? rowSeal(salt, t, key, row) : null];
  });
  return JSON.stringify(seals);
}

/** Adds rows to the pending list by hand (a reseal of whole tables, where no trigger fired). */
export function markPending(sqlite: Database.Database, table: string, keys: unknown[][]): void {
  statementsOf(sqlite);
  const insert = sqlite.prepare('INSERT INTO temp.seal_pending (tbl, k1, k2) VALUES (?, ?, ?)');
  for (const k of keys) insert.run(table, k[0], k.length > 1 ? k[1] : '');
}

/**
 * Refuses the end of a transaction that wrote sealed rows after its last journal entry: the write would
 * stand with no seal, and verify would call it altered. A programming error, never a user's.
 */
export function assertNothingUnsealed(sqlite: Database.Database): void {
  const tbl = statementsOf(sqlite).any.get() as string | undefined;
  if (tbl !== undefined) throw new Error(`a change to ${tbl} was not followed by its journal entry in the same transaction`);
}

/** Forgets what is pending (after a migration, whose changes the reseal that follows covers). */
export function clearPending(sqlite: Database.Database): void {
  statementsOf(sqlite).clear.run();
}
