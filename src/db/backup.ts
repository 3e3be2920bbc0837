import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface BackupProgress {
  /** Bytes of the copy written so far. */
  written: number;
  /** What the copy will roughly weigh: the source's pages in use (VACUUM leaves the free ones out). */
  expected: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

// Runs `VACUUM INTO` on its own connection in a worker thread, so that the main thread stays free to
// report progress while SQLite writes. Plain CommonJS given as text: it needs nothing but
// better-sqlite3, and so runs the same from the TypeScript source and from the bundle in dist/.
const VACUUM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const source = new Database(workerData.source, { readonly: true, fileMustExist: true });
try {
  source.pragma('busy_timeout = 5000');
  source.prepare('VACUUM INTO ?').run(workerData.target);
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) });
} finally {
  source.close();
}
`;

/**
 * A consistent copy of a live database at `target`, written while the server goes on writing.
 *
 * Why not SQLite's online backup API (better-sqlite3's `db.backup()`): it copies a few pages per step
 * and starts over whenever another connection writes to the source between steps. A kiosk server
 * commits every few hundred milliseconds, so on a database of a few hundred MB it never finished.
 * `VACUUM INTO` reads the whole source inside one read transaction instead: in WAL mode that is a
 * snapshot the server's writes do not disturb (they go on landing in the WAL; only the checkpoint
 * waits behind the reader), so it finishes in the time one pass over the file takes, under any load.
 *
 * VACUUM rebuilds every table: rows of a table without an INTEGER PRIMARY KEY (credentials, sessions,
 * challenges keyed by text; presence keyed by two columns) may get new rowids in the copy. That is
 * harmless: those rows are found by their keys, and the only reader of a rowid (the purge's scrub)
 * uses it within one transaction on one file.
 *
 * The copy goes to a temporary file in the target's folder (so the rename stays on one file system),
 * is fsynced (VACUUM INTO does not sync its output), checked by `check` before it takes the target's
 * name, renamed into place, and the folder fsynced so the rename itself survives a power cut. A copy
 * that fails its check is removed and the target is left as it was.
 */
export async function snapshotDatabase(
  source: string,
  target: string,
  opts: { onProgress?: (p: BackupProgress) => void; progressEveryMs?: number; check: (copy: string) => void },
): Promise<BackupResult> {
  const started = Date.now();
  const file = resolve(target);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${started}.tmp`);
  const expected = pagesInUse(source);
  try {
    const tick = () => opts.onProgress?.({ written: sizeOf(tmp), expected });
    tick();
    await vacuumInto(source, tmp, tick, opts.progressEveryMs ?? 1000);
    tick();
    fsyncFile(tmp, 'r+');
    opts.check(tmp);
    renameSync(tmp, file);
    fsyncFile(dirname(file), 'r');
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { file, bytes: sizeOf(file), ms: Date.now() - started };
}

function vacuumInto(source: string, tmp: string, tick: () => void, everyMs: number): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(VACUUM_WORKER, { eval: true, workerData: { driver, source: resolve(source), target: tmp } });
  const timer = setInterval(tick, everyMs);
  return new Promise<void>((done, fail) => {
    worker.once('message', (m: { ok: boolean; message?: string }) => (m.ok ? done() : fail(new Error(`VACUUM INTO failed: ${m.message}`))));
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the backup worker stopped (exit ${code})`)));
  }).finally(() => {
    clearInterval(timer);
    void worker.terminate();
  });
}

function pagesInUse(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * (db.pragma('page_size', { simple: true }) as number);
  } finally {
    db.close();
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function fsyncFile(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
