import type { Tx } from './client.ts';

/**
 * Prepared queries, built once per connection. drizzle's query builder costs more CPU than SQLite
 * itself on the kiosk hot path (building the SQL string and preparing the statement on every call),
 * so hot queries are prepared with placeholders and reused.
 *
 * A drizzle transaction shares its session with the database it was opened on, so a query prepared
 * here runs on the same connection (and inside the same transaction) whichever of the two it came from.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

function connectionOf(db: Tx): object {
  return (db as unknown as { session?: object }).session ?? db;
}

export function prepared<T>(db: Tx, name: string, build: (db: Tx) => T): T {
  const conn = connectionOf(db);
  let byName = cache.get(conn);
  if (!byName) cache.set(conn, (byName = new Map()));
  let q = byName.get(name) as T | undefined;
  if (q === undefined) byName.set(name, (q = build(db)));
  return q;
}
