import type { Deps } from '../deps.ts';
import { openDatabase, type Db } from '../db/client.ts';

/** Rows read between two yields to the event loop: a few milliseconds of work each. */
export const CHUNK = 2000;

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs a long read (a month report, an export) on its own read-only connection, inside one read
 * transaction, yielding to the event loop between chunks so kiosk requests keep being answered.
 *
 * Why a second connection in this thread and not a worker thread: the services are TypeScript run by
 * tsx, and a worker would need its own loader (fragile on Node 20) and would hand its result back by
 * copying; chunking keeps one code path for the CLI and the HTTP route. Why not the request loop's own
 * connection: it is shared by every request and by the group committer, so a read transaction held
 * open on it across awaits would take in the writes of requests served between chunks. On a second
 * connection, WAL gives the read a stable snapshot while writers go on (a long read only delays the
 * checkpoint from recycling the WAL until it ends).
 */
export async function withSnapshot<T>(deps: Pick<Deps, 'db' | 'sqlite'>, read: (db: Db) => Promise<T>): Promise<T> {
  if (deps.sqlite.memory) return read(deps.db);
  const conn = openDatabase(deps.sqlite.name, { readonly: true });
  try {
    conn.sqlite.exec('BEGIN');
    return await read(conn.db);
  } finally {
    if (conn.sqlite.inTransaction) conn.sqlite.exec('COMMIT');
    conn.close();
  }
}

/**
 * Keyset pages of a read: `page(after)` returns up to CHUNK rows following `after`, in key order.
 * Yields one page at a time and lets the event loop run in between.
 */
export async function* pages<T, K>(first: K, page: (after: K) => T[], keyOf: (row: T) => K): AsyncGenerator<T[]> {
  let after = first;
  for (;;) {
    const rows = page(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < CHUNK) return;
    after = keyOf(rows[rows.length - 1]!);
    await yieldToLoop();
  }
}
