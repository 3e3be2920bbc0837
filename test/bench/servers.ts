import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { benchFile, firstMessage, forkTs, freePort, REPO_ROOT, spawnTracked, stopChild, WATCHDOG } from './lifecycle.ts';
import type { RealWorld } from './real-setup.ts';
import { startArgs } from '../support/start-command.ts';

export interface RunningServer {
  name: 'bare' | 'real';
  url: string;
  child: ChildProcess;
  /** What the server wrote on stderr (warnings, a crash), for the report. */
  stderr(): string;
  stop(): Promise<void>;
}

function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (d: Buffer) => {
    text += d.toString();
    if (text.length > 20_000) text = text.slice(-20_000);
  });
  return () => text;
}

export function startBare(dir: string): Promise<RunningServer> {
  return startBareServer(join(dir, 'bare.db'));
}

/** The same app without a database (bare-server.ts --floor): what Hono and @hono/node-server alone cost. */
export function startFloor(): Promise<RunningServer> {
  return startBareServer('--floor');
}

async function startBareServer(arg: string): Promise<RunningServer> {
  const child = forkTs(benchFile('bare-server.ts'), [arg]);
  const stderr = collectStderr(child);
  const { port } = await firstMessage<{ port: number }>(child, 'bare server');
  return { name: 'bare', url: `http://127.0.0.1:${port}/checkin`, child, stderr, stop: () => stopChild(child) };
}

async function waitHealthy(base: string, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`real server exited (${child.exitCode ?? child.signalCode})\n${stderr()}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`real server not healthy after ${timeoutMs} ms\n${stderr()}`);
}

/** Builds dist/ from the current source (as `npm start` does first), so that startReal never runs a stale bundle. */
export function buildServer(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/**
 * Until the server's own verify of the whole ledger at start (src/journal/ledger-check.ts, in its
 * long-read worker) has finished: on a database of millions of events it runs for minutes, in this
 * process, and a measurement taken meanwhile would count its CPU as the check-ins'.
 */
async function waitVerified(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = stderr();
    if (log.includes('"ledger verified"')) return;
    if (log.includes('ledger integrity alarm')) throw new Error(`real server: the ledger did not verify\n${log}`);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`real server exited (${child.exitCode ?? child.signalCode})\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`real server: its start-up verify did not finish in ${timeoutMs} ms`);
}

/** The product as deployed: `npm start`'s node command (see buildServer) with its configuration in the environment. */
export async function startReal(world: RealWorld, opts: { afterVerify?: boolean } = {}): Promise<RunningServer> {
  const port = await freePort();
  const env = {
    ...process.env,
    DB_PATH: world.dbPath,
    SIGNING_KEY_PATH: world.signingKeyPath,
    PORT: String(port),
    HOST: '127.0.0.1',
    RP_ID: 'localhost',
    RP_ORIGIN: `http://localhost:${port}`,
    // afterVerify: the start-up verify's end is awaited in the log (two info lines in a server's life, none per request).
    LOG_LEVEL: opts.afterVerify ? 'info' : 'warn',
  };
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the real server to DIR when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawnTracked(process.execPath, [...profile, '--import', WATCHDOG, ...startArgs(REPO_ROOT)], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr = collectStderr(child);
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(base, child, stderr);
  if (opts.afterVerify) await waitVerified(child, stderr, 30 * 60_000);
  return { name: 'real', url: `${base}/api/kiosk/events`, child, stderr, stop: () => stopChild(child) };
}
