import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/client.ts';
import type { CheckpointControl, WalCheckpointResult } from './long-read.ts';
import { JOBS } from './long-read-jobs.ts';

// Linux schedules threads one by one, so this lowers this thread alone: when both cores are busy,
// the request loop's kiosk traffic comes before a report that nobody is waiting on at a door.
try {
  setPriority(10);
} catch {
  // Not permitted here: run at normal priority.
}

interface Job {
  id: number;
  dbPath: string;
  name: string;
  args: unknown;
}

async function run(job: Job): Promise<unknown> {
  const conn = openDatabase(job.dbPath, { readonly: true });
  try {
    conn.sqlite.exec('BEGIN');
    const known = JOBS.get(job.name);
    if (!known) throw new Error(`no long read named ${job.name}`);
    return await (known.run as (db: Db, args: unknown) => unknown)(conn.db, job.args);
  } finally {
    if (conn.sqlite.inTransaction) conn.sqlite.exec('COMMIT');
    conn.close();
  }
}

// WAL checkpoints for the server (src/db/wal-checkpoints.ts), on a read-write connection of their own:
// PASSIVE, so they never wait for a reader or the writer and never make them wait. They run between the
// long reads' steps, and a long read's snapshot holds them back only as far as it holds any checkpoint.
let checkpoints: { close: () => void; timer: NodeJS.Timeout } | null = null;

function startCheckpoints(path: string, everyMs: number): void {
  if (checkpoints) stopCheckpoints(false);
  const { sqlite: db, close } = openDatabase(path);
  const timer = setInterval(() => {
    try {
      const startedAt = Date.now();
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Omit<WalCheckpointResult, 'startedAt'>[];
      parentPort!.postMessage({ checkpoint: { ...row!, startedAt } });
    } catch (err) {
      parentPort!.postMessage({ checkpoint: { error: (err as Error).message } });
    }
  }, everyMs);
  checkpoints = { close, timer };
}

function stopCheckpoints(reply = true): void {
  if (checkpoints) {
    clearInterval(checkpoints.timer);
    checkpoints.close();
    checkpoints = null;
  }
  if (reply) parentPort!.postMessage({ checkpointsStopped: true });
}

parentPort!.on('message', (job: Job | CheckpointControl) => {
  if ('checkpoints' in job) {
    if (job.checkpoints === 'stop') stopCheckpoints();
    else startCheckpoints(job.checkpoints.path, job.checkpoints.everyMs);
    return;
  }
  run(job).then(
    (value) => parentPort!.postMessage({ id: job.id, value }),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ id: job.id, error: { name: e.constructor.name, message: e.message, stack: e.stack } });
    },
  );
});
