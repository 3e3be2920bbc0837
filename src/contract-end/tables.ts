import { and, asc, eq, getTableColumns, gt, is, or, type Column, type SQL } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema/index.ts';
import type { Tx } from '../db/client.ts';
import { CSV_BOM, csvLine } from '../http/csv.ts';
import { CHUNK, pages } from '../reports/snapshot.ts';

/** Every table of the schema, by its SQL name. */
export const TABLES: SQLiteTable[] = (Object.values(schema) as unknown[])
  .filter((v): v is SQLiteTable => is(v, SQLiteTable))
  .sort((a, b) => (getTableConfig(a).name < getTableConfig(b).name ? -1 : 1));

export function tableName(t: SQLiteTable): string {
  return getTableConfig(t).name;
}

/**
 * Secrets of the sign-in machinery, not records: a session's CSRF token, and the hashes of tokens and
 * codes that are still valid (a hash is not the token, but no inspection needs them). Exported as
 * `[withheld]` so that the column and whether it was set remain visible.
 */
export const WITHHELD: Record<string, readonly string[]> = {
  sessions: ['token_hash', 'csrf_token'],
  enrolments: ['token_hash'],
  kiosks: ['token_hash', 'enrol_code_hash'],
  challenges: ['challenge'],
};

type Row = Record<string, unknown>;

function primaryColumns(t: SQLiteTable): Column[] {
  const cfg = getTableConfig(t);
  const single = cfg.columns.filter((c) => c.primary);
  return single.length > 0 ? single : (cfg.primaryKeys[0]?.columns ?? []);
}

/** `(k1, k2, ...) > (v1, v2, ...)` in the query builder: the keyset condition for the next page. */
function after(keys: { column: Column; prop: string }[], last: Row | null): SQL | undefined {
  if (last === null) return undefined;
  const terms = keys.map((k, i) => and(...keys.slice(0, i).map((p) => eq(p.column, last[p.prop])), gt(k.column, last[k.prop])));
  return or(...terms);
}

function cell(column: Column, value: unknown, withheld: boolean): string | number | null {
  if (value === null || value === undefined) return null;
  if (withheld) return '[withheld]';
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (column.dataType === 'json') return JSON.stringify(value);
  return value as string | number;
}

/**
 * One table as CSV (BOM, CRLF; header = the SQL column names), read in keyset pages on its primary key.
 * Values as stored: times are UTC epoch milliseconds, booleans 1/0, JSON columns as JSON text, blobs base64.
 */
export async function* tableCsv(db: Tx, t: SQLiteTable): AsyncGenerator<string> {
  const name = tableName(t);
  const props = Object.entries(getTableColumns(t)) as [string, Column][];
  const hidden = new Set(WITHHELD[name] ?? []);
  const pk = primaryColumns(t);
  const keys = pk.map((column) => ({ column, prop: props.find(([, c]) => c === column)![0] }));
  yield CSV_BOM + csvLine(props.map(([, c]) => c.name));
  const page = (last: Row | null) =>
    db
      .select()
      .from(t)
      .where(after(keys, last))
      .orderBy(...keys.map((k) => asc(k.column)))
      .limit(CHUNK)
      .all() as Row[];
  for await (const rows of pages<Row, Row | null>(null, page, (r) => r)) {
    yield rows.map((r) => csvLine(props.map(([prop, c]) => cell(c, r[prop], hidden.has(c.name))))).join('');
  }
}
