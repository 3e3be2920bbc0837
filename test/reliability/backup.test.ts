import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { entryBody, killed, postEvent, prepareWorld, ROOT, startServerProcess } from './server-process.ts';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('backup while serving, restore into a new path (online backup API)', () => {
  it('copies a consistent, verifiable database under load', { timeout: 120_000 }, async () => {
    const world = await prepareWorld(20);
    const server = await startServerProcess(world);
    const backup = join(world.dir, 'backup.db');
    const restored = join(world.dir, 'restored', 'ledger.db');
    let acknowledged = 0;
    let stop = false;
    const inside = new Set<number>();
    const load = Array.from({ length: 6 }, async (_, c) => {
      for (let i = c; !stop; i += 6) {
        const w = i % world.badges.length;
        const res = await postEvent(world, entryBody(world, w, inside.has(w) ? 'out' : 'in'));
        expect(res.status).toBe(201);
        if (inside.has(w)) inside.delete(w);
        else inside.add(w);
        acknowledged++;
      }
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      const beforeBackup = acknowledged;
      const made = await cli(['backup', backup], world.env);
      expect(made.code, made.out).toBe(0);
      expect(made.out).toMatch(/backup written to .* \(\d+ pages\)/);
      await new Promise((r) => setTimeout(r, 300));
      stop = true;
      await Promise.all(load);
      expect(acknowledged).toBeGreaterThan(beforeBackup);

      const refusedOverwrite = await cli(['restore', backup, '--to', world.env.DB_PATH!], world.env);
      expect(refusedOverwrite.code).toBe(2);
      const res = await cli(['restore', backup, '--to', restored], world.env);
      expect(res.code, res.out).toBe(0);
      expect(res.out).toMatch(/restored to .*: integrity ok; journal ok, \d+ entries/);
      const copy = new Database(restored, { readonly: true });
      const events = (copy.prepare('select count(*) n from access_events').get() as { n: number }).n;
      copy.close();
      expect(events).toBeGreaterThanOrEqual(beforeBackup);
      const verified = await cli(['verify', '--db', restored, '--checkpoints', join(world.dir, 'none')], world.env);
      expect(verified.code, verified.out).toBe(0);
    } finally {
      stop = true;
      await killed(server);
      rmSync(world.dir, { recursive: true, force: true });
    }
  });
});
