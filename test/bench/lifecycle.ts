import { fork, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Everything the bench starts or creates, so that a normal end, an error and Ctrl-C all leave no
 * server running and no temp folder behind (the cached generated database lives outside these).
 */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let cleaned = false;

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WATCHDOG = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));

export function benchFile(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ledger-bench-${label}-`));
  tempDirs.add(dir);
  return dir;
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A TypeScript child with an IPC channel; it exits when the channel closes (the parent died). */
export function forkTs(file: string, args: string[] = []): ChildProcess {
  return track(
    fork(file, args, {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx', '--import', WATCHDOG],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    }),
  );
}

/** Any other child (the real server): the watchdog preload makes it exit if we die without cleaning up. */
export function spawnTracked(command: string, args: string[], opts: SpawnOptions): ChildProcess {
  return track(spawn(command, args, opts));
}

/** Resolves with the first message from a forked child, or rejects if it exits first. */
export function firstMessage<T>(child: ChildProcess, what: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => reject(new Error(`${what}: no answer in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before answering\n${stderr}`));
    });
  });
}

/** A port free right now on 127.0.0.1 (for the real server, whose config refuses PORT=0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Synchronous, so it also runs from process.on('exit'). */
export function cleanupNow(): void {
  if (cleaned) return;
  cleaned = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

export function installCleanupHandlers(): void {
  process.once('exit', cleanupNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping children and removing temp files\n`);
      cleanupNow();
      process.exit(130);
    });
  }
}
