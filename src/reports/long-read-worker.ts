import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/client.ts';
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

parentPort!.on('message', (job: Job) => {
  run(job).then(
    (value) => parentPort!.postMessage({ id: job.id, value }),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ id: job.id, error: { name: e.constructor.name, message: e.message, stack: e.stack } });
    },
  );
});
