import type Database from 'better-sqlite3';
import { checkpointsInLongReadThread, type WalCheckpointResult } from '../reports/long-read.ts';

export type { WalCheckpointResult };

export interface WalCheckpointsOptions {
  everyMs?: number;
  /** Each checkpoint's result, or the error it ended with (tests and the server's log). */
  onResult?: (result: WalCheckpointResult | { error: string }) => void;
}

/**
 * The writing connection's own checkpoint is left to a backstop at 64 MB of WAL. Under steady writes
 * the background checkpoint never quite catches the writer (new frames land while it copies), so the
 * WAL is restarted from its beginning when the writer reaches the backstop, and that checkpoint only
 * copies what came since the background's last pass. In a pause the background one catches up and the
 * WAL restarts at the next write. If the background ones stop, the writer checkpoints by itself.
 */
const BACKSTOP_PAGES = 16_000;
const SQLITE_DEFAULT_PAGES = 1_000;

/**
 * WAL checkpoints off the request path (issue 20, decision 0036). SQLite checkpoints a WAL database
 * from inside the COMMIT that takes the WAL past 1,000 pages: that commit copies the changed pages into
 * the database file and fsyncs it before it returns, and every check-in of its group commit waits for
 * it. With years of history the pages a check-in changes are scattered over large indexes, so the WAL
 * fills sooner and each checkpoint copies more pages: the check-ins' p99 grew with the history. Here the
 * long-read thread checkpoints every `everyMs` on a connection of its own (PASSIVE: it never waits for
 * the writer or makes it wait), and the writing connection's automatic checkpoint is only a backstop.
 * The WAL file grows to at most the backstop (64 MB), which recovery after a crash reads once. Returns the function that stops them. An in-memory database has no WAL.
 */
export function checkpointWalInBackground(sqlite: Database.Database, opts: WalCheckpointsOptions = {}): () => Promise<void> {
  if (sqlite.memory) return async () => {};
  const stop = checkpointsInLongReadThread({ path: sqlite.name, everyMs: opts.everyMs ?? 100, onResult: opts.onResult ?? (() => {}) });
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let stopped: Promise<void> | null = null;
  return () => {
    if (!stopped) {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
      stopped = stop();
    }
    return stopped;
  };
}
