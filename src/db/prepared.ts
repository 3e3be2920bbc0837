import type { RunResult, Statement } from 'better-sqlite3';
import { Column, is, Param, Placeholder, SQL, sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

/**
 * Prepared queries, built once per connection. drizzle's query builder costs more CPU than SQLite
 * itself on the kiosk hot path (building the SQL string and preparing the statement on every call),
 * so hot queries are prepared with placeholders and reused.
 *
 * The SQL is still built by drizzle (so it stays portable); only the execution is ours. drizzle's own
 * prepared query fills placeholders and maps every row generically, checking each parameter's and each
 * column's class on every call; here that work is done once, when the query is compiled, and a call is
 * a plain better-sqlite3 statement plus a precomputed row mapper. A query this cannot compile exactly
 * (relational queries, left joins that nullify a joined table, subquery fields) keeps drizzle's path.
 *
 * A drizzle transaction shares its session with the database it was opened on, so a query prepared
 * here runs on the same connection (and inside the same transaction) whichever of the two it came from.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

/** `{ column: placeholder }` for each column, as a prepared insert's values or update's set (typed as the row they stand for). */
export function placeholders<T>(columns: readonly (keyof T & string)[]): T {
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as T;
}

function connectionOf(db: Tx): object {
  return (db as unknown as { session?: object }).session ?? db;
}

export function prepared<T>(db: Tx, name: string, build: (db: Tx) => T): T {
  const conn = connectionOf(db);
  let byName = cache.get(conn);
  if (!byName) cache.set(conn, (byName = new Map()));
  let q = byName.get(name) as T | undefined;
  if (q === undefined) {
    const built = build(db);
    byName.set(name, (q = (compile(built) ?? built) as T));
  }
  return q;
}

/** The parts of drizzle's better-sqlite3 PreparedQuery (drizzle-orm 0.45) the compiler reads. */
interface DrizzlePrepared {
  stmt: Statement;
  query: { sql: string; params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
  joinsNotNullableMap?: Record<string, boolean>;
}

type Values = Record<string, unknown>;
type ParamFn = (values: Values) => unknown;
type Decoder = (value: unknown) => unknown;

function isDrizzlePrepared(q: unknown): q is DrizzlePrepared {
  const p = q as Partial<DrizzlePrepared> | null;
  return typeof p === 'object' && p !== null && typeof p.stmt?.run === 'function' && Array.isArray(p.query?.params);
}

function missing(name: string): never {
  throw new Error(`No value for placeholder "${name}" was provided`);
}

// The value is read first and `in` asked only when it is undefined: a present value is the common case,
// and the `in` of every parameter of every hot query was a generic property look-up of its own.
function paramFn(p: unknown): ParamFn {
  if (is(p, Placeholder)) {
    const name = p.name;
    return (v) => {
      const value = v[name];
      return value !== undefined || name in v ? value : missing(name);
    };
  }
  if (is(p, Param) && is(p.value, Placeholder)) {
    const name = p.value.name;
    const encoder = p.encoder as { mapToDriverValue(value: unknown): unknown };
    return (v) => {
      const value = v[name];
      return value !== undefined || name in v ? encoder.mapToDriverValue(value) : missing(name);
    };
  }
  return () => p;
}

function decoderOf(field: unknown): Decoder | null {
  // SQL's decoder is internal in drizzle's types, but it is what drizzle's own row mapper calls.
  const sqlDecoder = (s: SQL) => (s as unknown as { decoder: { mapFromDriverValue(value: unknown): unknown } }).decoder;
  const d = is(field, Column) ? field : is(field, SQL) ? sqlDecoder(field) : is(field, SQL.Aliased) ? sqlDecoder(field.sql) : null;
  return d ? (value) => d.mapFromDriverValue(value) : null;
}

interface Statements {
  stmt: Statement;
  /** The same statement reading rows as arrays (mapped by position), when it returns fields. */
  raw: Statement | null;
}

/**
 * drizzle binds `.limit(n)` as a parameter, always the statement's last, and SQLite runs a statement
 * ending in `LIMIT ?` several times slower than the same one with the number written in (the journal
 * head ~5 µs against ~1 µs, the rare-area query 33 µs against 8 µs). So such a query is run as one
 * statement per limit value, with the number in its SQL; the values are constants or settings, so
 * there are only ever a few, and past MAX_LIMITS the bound statement serves the rest.
 */
const LIMIT_LAST = / limit \?$/;
const MAX_LIMITS = 32;

class CompiledQuery {
  private readonly base: Statements;
  private readonly byLimit: Map<number, Statements> | null;

  constructor(
    stmt: Statement,
    private readonly params: ParamFn[],
    private readonly paths: string[][],
    private readonly decoders: Decoder[],
  ) {
    // The statement is ours alone from here on.
    this.base = this.own(stmt);
    this.byLimit = LIMIT_LAST.test(stmt.source) ? new Map() : null;
  }

  private own(stmt: Statement): Statements {
    return { stmt, raw: stmt.reader && this.paths.length > 0 ? stmt.raw(true) : null };
  }

  /** The statement to run for these values, and its arguments. */
  private pick(values: Values | undefined): [Statements, unknown[]] {
    const v = values ?? {};
    const args = new Array<unknown>(this.params.length);
    for (let i = 0; i < args.length; i++) args[i] = this.params[i]!(v);
    const limit = args[args.length - 1];
    if (!this.byLimit || !Number.isSafeInteger(limit)) return [this.base, args];
    let s = this.byLimit.get(limit as number);
    if (!s) {
      if (this.byLimit.size >= MAX_LIMITS) return [this.base, args];
      s = this.own(this.base.stmt.database.prepare(this.base.stmt.source.replace(LIMIT_LAST, ` limit ${limit as number}`)));
      this.byLimit.set(limit as number, s);
    }
    args.pop();
    return [s, args];
  }

  private map(row: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < row.length; i++) {
      const raw = row[i];
      const value = raw === null ? null : this.decoders[i]!(raw);
      const path = this.paths[i]!;
      if (path.length === 1) out[path[0]!] = value;
      else {
        let node = out;
        for (let k = 0; k < path.length - 1; k++) node = (node[path[k]!] ??= {}) as Record<string, unknown>;
        node[path[path.length - 1]!] = value;
      }
    }
    return out;
  }

  get(values?: Values): unknown {
    const [{ stmt, raw }, args] = this.pick(values);
    if (!raw) return stmt.get(...args);
    const row = raw.get(...args) as unknown[] | undefined;
    return row === undefined ? undefined : this.map(row);
  }

  all(values?: Values): unknown[] {
    const [{ stmt, raw }, args] = this.pick(values);
    if (!raw) return stmt.all(...args);
    return (raw.all(...args) as unknown[][]).map((row) => this.map(row));
  }

  run(values?: Values): RunResult {
    const [{ stmt }, args] = this.pick(values);
    return stmt.run(...args);
  }
}

function compile(q: unknown): CompiledQuery | null {
  if (!isDrizzlePrepared(q) || q.customResultMapper) return null;
  // A left join nulls a joined table's object when all its columns are null: drizzle's mapper does that.
  if (q.joinsNotNullableMap && Object.values(q.joinsNotNullableMap).some((notNull) => !notNull)) return null;
  const fields = q.fields ?? [];
  const decoders = fields.map((f) => decoderOf(f.field));
  if (decoders.some((d) => d === null)) return null;
  return new CompiledQuery(q.stmt, q.query.params.map(paramFn), fields.map((f) => f.path), decoders as Decoder[]);
}
