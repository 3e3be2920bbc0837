import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** What one background checkpoint did: SQLite's `PRAGMA wal_checkpoint` row. */
export interface WalCheckpointResult {
  /** 1 when a reader or writer kept it from copying every frame (it copies what it can and tries again). */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames copied into the database file so far. */
  checkpointed: number;
  /** When it started (ms since the epoch). */
  startedAt: number;
}

export interface WalCheckpointsOptions {
  everyMs?: number;
  /** Each checkpoint's result, or the error it ended with (tests and the server's log). */
  onResult?: (result: WalCheckpointResult | { error: string }) => void;
}

/**
 * The writing connection's own checkpoints are left to a far backstop (64 MB of WAL); the background
 * one keeps the WAL well below it. If the background thread stops, the writer checkpoints by itself.
 */
const BACKSTOP_PAGES = 16_000;

// Plain JavaScript run as the worker's script, so that it needs neither tsx nor a bundle entry: it only
// opens its own read-write connection and checkpoints in PASSIVE mode, which never waits for readers or
// writers and never makes them wait (WAL lets a checkpoint run beside a writer; SQLite restarts the WAL
// at the writer's next transaction once every frame is copied).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try {
    const startedAt = Date.now();
    parentPort.postMessage({ ...db.pragma('wal_checkpoint(PASSIVE)')[0], startedAt });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * WAL checkpoints off the request path (issue 20). SQLite checkpoints a WAL database from inside the
 * COMMIT that takes the WAL past 1,000 pages: that commit copies the changed pages into the database
 * file and fsyncs it before it returns, and every check-in of its group commit waits for it. With years
 * of history the pages a check-in changes are scattered over large indexes, so the WAL fills sooner and
 * each checkpoint copies more pages: the check-ins' p99 grew with the history. Here a worker thread
 * checkpoints every `everyMs` on a connection of its own, and the writing connection's automatic
 * checkpoint is only a backstop. Returns the function that stops it. An in-memory database has no WAL.
 */
export function checkpointWalInBackground(sqlite: Database.Database, opts: WalCheckpointsOptions = {}): () => Promise<void> {
  if (sqlite.memory) return async () => {};
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path: sqlite.name, everyMs: opts.everyMs ?? 100, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.on('message', (m: WalCheckpointResult | { error: string }) => opts.onResult?.(m));
  worker.on('error', (err) => opts.onResult?.({ error: err.message }));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let stopped: Promise<void> | null = null;
  return () => {
    if (!stopped) {
      sqlite.pragma('wal_autocheckpoint = 1000');
      worker.postMessage('stop');
      stopped = exited;
    }
    return stopped;
  };
}
