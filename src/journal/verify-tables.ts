import type Database from 'better-sqlite3';
import type { JournalRow } from './append.ts';
import { existingSealedTables, quoteId, rowKey, rowSeal, rowStatement, SEALED_TABLES, sealColumnsSql, type SealedTable } from './seals.ts';

export type TableFailureReason = 'row_altered' | 'row_missing' | 'row_unjournaled';

export interface TableFailure {
  reason: TableFailureReason;
  table: string;
  id: string;
  /** The journal entry that disagrees: the row's latest seal, or the head for a row no entry wrote. */
  seq: number;
  message: string;
}

const PAGE = 5000;
const q = quoteId;

/**
 * The latest seal of every row, gathered while the chain is walked (a TEMP table of this connection, so
 * on disk past its cache: bounded memory at 5 M events). The walk hands over each verified entry; their
 * seals are copied into the index by SQLite itself, a range of entries at a time (json_each over the
 * same rows in the same read transaction), in seq order, so the last write wins.
 */
export class SealIndex {
  private readonly fill: Database.Statement[];
  private from: number | null = null;
  private to = 0;
  private pending = 0;

  constructor(private readonly sqlite: Database.Database) {
    // The index outgrows SQLite's default 2 MB temp cache early; 64 MB keeps a few hundred thousand rows'
    // worth of its pages hot and still bounds what verify holds at 5 M events.
    sqlite.pragma('temp.cache_size = -65536');
    // Tables with a one-column INTEGER key (nearly every row) share a rowid table keyed by table and key
    // together (INTEGER_SPAN apart): an integer B-tree that a table's keys, written in order, fill from
    // the end (each range is inserted in key order, and a key written twice keeps its later seq). Other
    // keys (text, or two columns) go to a table keyed by name and key; `k` has no type.
    sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS verify_int_seals (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, seal TEXT, salt TEXT)');
    sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS verify_seals (tbl TEXT NOT NULL, k NOT NULL, seq INTEGER NOT NULL, seal TEXT, salt TEXT, PRIMARY KEY (tbl, k)) WITHOUT ROWID');
    sqlite.exec('DELETE FROM temp.verify_int_seals');
    sqlite.exec('DELETE FROM temp.verify_seals');
    const literal = (n: string) => `'${n.replace(/'/g, "''")}'`;
    const names = INTEGER_TABLES.map(literal).join(', ');
    const base = `CASE s.value ->> 0 ${INTEGER_TABLES.map((n, i) => `WHEN ${literal(n)} THEN ${(i + 1) * INTEGER_SPAN}`).join(' ')} END`;
    const from = 'FROM main.journal j, json_each(j.row_seals) s WHERE j.seq BETWEEN ? AND ? AND j.row_seals IS NOT NULL';
    this.fill = [
      sqlite.prepare(`INSERT OR REPLACE INTO temp.verify_int_seals (id, seq, seal, salt)
        SELECT ${base} + CAST(s.value ->> 1 AS INTEGER), j.seq, s.value ->> 2, j.payload_salt ${from} AND s.value ->> 0 IN (${names}) ORDER BY 1, j.seq`),
      sqlite.prepare(`INSERT OR REPLACE INTO temp.verify_seals (tbl, k, seq, seal, salt)
        SELECT s.value ->> 0, s.value ->> 1, j.seq, s.value ->> 2, j.payload_salt ${from} AND s.value ->> 0 NOT IN (${names}) ORDER BY j.seq, s.key`),
    ];
  }

  /** An entry the walk has verified; entries arrive in seq order, one after the other. */
  add(row: JournalRow): void {
    if (row.rowSeals === null) return;
    if (this.from === null) this.from = row.seq;
    this.to = row.seq;
    if (++this.pending >= PAGE) this.flush();
  }

  private flush(): void {
    if (this.from === null) return;
    for (const fill of this.fill) fill.run(this.from, this.to);
    this.from = null;
    this.pending = 0;
  }

  /**
   * Checks every sealed table against the seals, table by table in name order and each in key order,
   * and names the first row that does not hold. A generator that pauses after each page, like the walk.
   */
  *check(headSeq: number): Generator<void, TableFailure | null> {
    this.flush();
    for (const t of existingSealedTables(this.sqlite)) {
      const failure = yield* (t.integerKey ? this.merge(t, headSeq) : this.lookUp(t, headSeq));
      if (failure) return failure;
    }
    return null;
  }

  /** One row against its seal: null when it holds. */
  private judge(t: SealedTable, id: string, values: Value[], sealed: Sealed | undefined, headSeq: number): TableFailure | null {
    const fail = (reason: TableFailureReason, seq: number, message: string): TableFailure => ({ reason, table: t.name, id, seq, message: `${t.name} ${id}: ${message}` });
    if (!sealed) return fail('row_unjournaled', headSeq, `no journal entry up to seq ${headSeq} wrote this row`);
    if (sealed.seal === null) return fail('row_unjournaled', sealed.seq, `the journal recorded its deletion at seq ${sealed.seq}, yet the row is there`);
    if (sealed.salt === null || rowSeal(sealed.salt, t, id, values) !== sealed.seal) return fail('row_altered', sealed.seq, `the row differs from what seq ${sealed.seq} recorded`);
    return null;
  }

  private missing(t: SealedTable, s: { k: unknown; seq: number }): TableFailure {
    return { reason: 'row_missing', table: t.name, id: String(s.k), seq: s.seq, message: `${t.name} ${String(s.k)}: written at seq ${s.seq} and never deleted, but the row is gone` };
  }

  /**
   * A one-column INTEGER key: the table and its seals read side by side in key order, page by page, as a
   * merge join (no look-up per row: at 5 M events the index lives on disk).
   */
  private *merge(t: SealedTable, headSeq: number): Generator<void, TableFailure | null> {
    const keyAt = t.columns.indexOf(t.keys[0]!);
    const rows = pager<Value[]>(this.sqlite, `SELECT ${sealColumnsSql(t)} FROM main.${q(t.name)}`, q(t.keys[0]!), (r) => r[keyAt] as number);
    const base = (INTEGER_TABLES.indexOf(t.name) + 1) * INTEGER_SPAN;
    const sealRows = pager<[number, number, string | null, string | null]>(this.sqlite, 'SELECT id, seq, seal, salt FROM temp.verify_int_seals', 'id', (s) => s[0], [base, base + INTEGER_SPAN]);
    const seals = (function* (): Generator<Sealed & { k: number }> {
      for (const [id, seq, seal, salt] of sealRows) yield { k: id - base, seq, seal, salt };
    })();
    let row = rows.next();
    let seal = seals.next();
    let seen = 0;
    while (!row.done || !seal.done) {
      if (++seen % PAGE === 0) yield;
      const rk = row.done ? Infinity : (row.value[keyAt] as number);
      const sk = seal.done ? Infinity : seal.value.k;
      if (sk < rk) {
        if (seal.value!.seal !== null) return this.missing(t, seal.value!);
        seal = seals.next();
        continue;
      }
      const failure = this.judge(t, String(rk), row.value!, sk === rk ? seal.value : undefined, headSeq);
      if (failure) return failure;
      row = rows.next();
      if (sk === rk) seal = seals.next();
    }
    return null;
  }

  /** Any other key (text, or two columns): each row looked up; missing rows found when the counts differ. */
  private *lookUp(t: SealedTable, headSeq: number): Generator<void, TableFailure | null> {
    const lookup = this.sqlite.prepare('SELECT seq, seal, salt FROM temp.verify_seals WHERE tbl = ? AND k = ?');
    const keyAt = t.keys.map((k) => t.columns.indexOf(k));
    const keyList = t.keys.map(q).join(', ');
    const first = this.sqlite.prepare(`SELECT ${sealColumnsSql(t)} FROM main.${q(t.name)} ORDER BY ${keyList} LIMIT ${PAGE}`).raw();
    const next = this.sqlite.prepare(`SELECT ${sealColumnsSql(t)} FROM main.${q(t.name)} WHERE (${keyList}) > (${t.keys.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${PAGE}`).raw();
    let matched = 0;
    let last: unknown[] | null = null;
    for (;;) {
      const rows = (last === null ? first.all() : next.all(...last)) as Value[][];
      for (const values of rows) {
        const keyValues = keyAt.map((i) => values[i]!);
        const id = rowKey(keyValues);
        const failure = this.judge(t, id, values, lookup.get(t.name, id) as Sealed | undefined, headSeq);
        if (failure) return failure;
        matched += 1;
        last = keyValues;
      }
      if (rows.length < PAGE) break;
      yield;
    }
    const missing = this.firstMissing(t, matched);
    return missing ? this.missing(t, missing) : null;
  }

  /** A sealed, undeleted row the table no longer has; looked for only when the counts say one is missing. */
  private firstMissing(t: SealedTable, matched: number): { k: string; seq: number } | null {
    const live = this.sqlite.prepare('SELECT count(*) FROM temp.verify_seals WHERE tbl = ? AND seal IS NOT NULL').pluck().get(t.name) as number;
    if (live === matched) return null;
    const byKey = rowStatement(this.sqlite, t);
    const page = this.sqlite.prepare(`SELECT k, seq FROM temp.verify_seals WHERE tbl = ? AND seal IS NOT NULL AND k > ? ORDER BY k LIMIT ${PAGE}`);
    for (let after = ''; ; ) {
      const seals = page.all(t.name, after) as { k: string; seq: number }[];
      for (const s of seals) {
        const keyValues = t.keys.length === 1 ? [s.k] : (JSON.parse(s.k) as unknown[]);
        if (byKey.get(...keyValues) === undefined) return s;
      }
      if (seals.length < PAGE) break;
      after = seals.at(-1)!.k;
    }
    return null;
  }
}

type Value = string | number | Buffer | null;
interface Sealed {
  seq: number;
  seal: string | null;
  salt: string | null;
}

const INTEGER_TABLES = SEALED_TABLES.filter((t) => t.integerKey).map((t) => t.name);
/** Keys of one table in verify_int_seals lie in [(i + 1) × span, (i + 2) × span): room for 2^44 ids each, within 2^53. */
const INTEGER_SPAN = 2 ** 44;

/**
 * Rows of `select` in ascending `key` order, read in keyset pages of PAGE, optionally within [from, to) of
 * the key. A page after the first is bounded below by the last key alone: a constant lower bound beside it
 * would be the one SQLite seeks to, and each page would read again every row before it.
 */
function* pager<R>(sqlite: Database.Database, select: string, key: string, keyOf: (r: R) => number, range?: [from: number, to: number]): Generator<R> {
  const below = range ? ` AND ${key} < ${range[1]}` : '';
  // Without a range the first page has no lower bound, so that no key however low is left unread.
  const first = sqlite.prepare(`${select}${range ? ` WHERE ${key} >= ${range[0]}${below}` : ''} ORDER BY ${key} LIMIT ${PAGE}`).raw();
  const next = sqlite.prepare(`${select} WHERE ${key} > ?${below} ORDER BY ${key} LIMIT ${PAGE}`).raw();
  for (let last: number | null = null; ; ) {
    const rows = (last === null ? first.all() : next.all(last)) as R[];
    yield* rows;
    if (rows.length < PAGE) return;
    last = keyOf(rows.at(-1)!);
  }
}
