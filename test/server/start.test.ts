import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const ROOT = new URL('../..', import.meta.url).pathname;

describe('server start (npm start on an empty database)', () => {
  it('creates the database and key, migrates, prints the first-admin link and answers /healthz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), DB_PATH: join(dir, 'db', 'ledger.db'), SIGNING_KEY_PATH: join(dir, 'keys', 'k.pem'), RP_ORIGIN: `http://localhost:${port}`, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!out.includes('/setup#') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(new RegExp(`http://localhost:${port}/setup#[A-Za-z0-9_-]{43}`));
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { status: string; journal: { headSeq: number } };
      expect(body.status).toBe('ok');
      expect(body.journal.headSeq).toBe(1); // the setup link's own entry
      expect(statSync(env.SIGNING_KEY_PATH).mode & 0o777).toBe(0o600);
      const db = new Database(env.DB_PATH, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with the variable named when the config is invalid', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT:');
  });
});
