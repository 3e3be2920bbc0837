import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Db, Tx } from '../db/client.ts';
import { ExportTargetError } from '../contract-end/writer.ts';
import { BUNDLED, repoPath } from '../root.ts';

/**
 * A long read, declared beside the function it runs: it reads on the snapshot it is given, takes plain
 * data and returns plain data (both cross a thread boundary). The worker finds it by name in
 * long-read-jobs.ts, the one list of them; nothing here imports that list, so no module that starts a
 * long read depends on every other one.
 */
export interface LongReadJob<A, R> {
  readonly name: string;
  readonly run: (db: Tx, args: A) => R | Promise<R>;
}

export function longReadJob<A, R>(name: string, run: (db: Tx, args: A) => R | Promise<R>): LongReadJob<A, R> {
  return { name, run };
}

interface Reply {
  id: number;
  value?: unknown;
  error?: { name: string; message: string; stack?: string };
}

/** What one background checkpoint did: SQLite's `PRAGMA wal_checkpoint` row, and when it started. */
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

/** The server's WAL checkpoints, which run in this thread too (src/db/wal-checkpoints.ts). */
export type CheckpointControl = { checkpoints: { path: string; everyMs: number } | 'stop' };
type CheckpointReply = { checkpoint: WalCheckpointResult | { error: string } } | { checkpointsStopped: true };

interface Checkpoints {
  path: string;
  everyMs: number;
  onResult: (result: WalCheckpointResult | { error: string }) => void;
  stopped?: () => void;
}

// From the bundle (npm start), the worker's entry is dist/long-read-worker.mjs, plain JavaScript.
// From source (tsx, vitest) it is TypeScript, and on Node 20 a worker does not inherit the tsx loader
// of its parent (an `--import tsx` in execArgv is not applied to the entry): so it registers tsx
// itself first. The ESM build of tsx's API, found through the CommonJS resolution (vitest has no
// import.meta.resolve); its CommonJS build's register() points at a file that is not there.
function newWorker(resourceLimits: ResourceLimits): Worker {
  if (BUNDLED) return new Worker(repoPath('dist', 'long-read-worker.mjs'), { resourceLimits });
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./long-read-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * The worker's heap. Long reads take rows chunk by chunk and drop them, so what they hold at once is a
 * few MB. Left to its defaults, V8 sizes a worker's heap from the machine (gigabytes here) and collects
 * it lazily: one month report grew the server by ~120 MB. A small nursery and an explicit old-generation
 * limit keep it collected as it goes (decision 0006 has the figures). 512 MB is far above what a
 * chunked read holds: a read that reaches it fails alone, and the server goes on.
 */
const LONG_READ_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 512 };

/** Errors a caller tells apart by class, rebuilt on this side of the thread boundary. */
const KNOWN_ERRORS: Record<string, new (message: string) => Error> = { ExportTargetError };

function rebuild(e: NonNullable<Reply['error']>): Error {
  const err = new (KNOWN_ERRORS[e.name] ?? Error)(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * One worker thread for the process's long reads, started at the first one and kept (starting it
 * loads its own copy of the services: a moment from the bundle, a few seconds through tsx). It is
 * unref'd while idle so that it never keeps a CLI or a test process alive. The server's WAL
 * checkpoints run in it as well: a thread of their own would cost ~10 MB of RSS for a V8 isolate.
 */
export class LongReadWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private checkpoints: Checkpoints | null = null;

  /** Starts the WAL checkpoints (one set per process); a restarted worker takes them up again. */
  startCheckpoints(c: Omit<Checkpoints, 'stopped'>): void {
    if (this.checkpoints) throw new Error('WAL checkpoints already run in this process');
    this.checkpoints = { ...c };
    // A worker started now takes them up as it starts (start()).
    if (this.worker) this.worker.postMessage({ checkpoints: { path: c.path, everyMs: c.everyMs } } satisfies CheckpointControl);
    else this.start();
  }

  /** Stops them; resolves once the worker closed their connection. */
  stopCheckpoints(): Promise<void> {
    const c = this.checkpoints;
    const worker = this.worker;
    if (!c || !worker) {
      this.checkpoints = null;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      c.stopped = () => {
        this.checkpoints = null;
        resolve();
      };
      worker.postMessage({ checkpoints: 'stop' } satisfies CheckpointControl);
    });
  }

  constructor(private readonly limits: ResourceLimits = LONG_READ_LIMITS) {}

  run(dbPath: string, name: string, args: unknown): Promise<unknown> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, dbPath, name, args });
    });
  }

  private start(): Worker {
    const worker = newWorker(this.limits);
    worker.on('message', (reply: Reply | CheckpointReply) => {
      if ('checkpoint' in reply) return this.checkpoints?.onResult(reply.checkpoint);
      if ('checkpointsStopped' in reply) return this.checkpoints?.stopped?.();
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error) p.reject(rebuild(reply.error));
      else p.resolve(reply.value);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.checkpoints?.onResult({ error: `long-read worker: ${err.message}` });
      this.checkpoints?.stopped?.();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`long-read worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    const c = this.checkpoints;
    if (c && !c.stopped) worker.postMessage({ checkpoints: { path: c.path, everyMs: c.everyMs } } satisfies CheckpointControl);
    return worker;
  }
}

const shared = new LongReadWorker();

/** The server's WAL checkpoints in the long-read thread (src/db/wal-checkpoints.ts holds the policy). */
export function checkpointsInLongReadThread(c: Omit<Checkpoints, 'stopped'>): () => Promise<void> {
  shared.startCheckpoints(c);
  return () => shared.stopCheckpoints();
}

/**
 * Runs a long read (a month report, an export package) off the request loop: in a worker thread, on
 * its own read-only connection, inside one read transaction, so that it sees one snapshot while
 * writers go on (WAL), and kiosk requests are never queued behind it. An in-memory database cannot be
 * opened twice, so its long reads run here, on the caller's connection.
 */
export async function longRead<A, R>(deps: { db: Db; sqlite: Database.Database }, job: LongReadJob<A, R>, args: A): Promise<Awaited<R>> {
  if (deps.sqlite.memory) return await job.run(deps.db, args);
  return (await shared.run(deps.sqlite.name, job.name, args)) as Awaited<R>;
}
