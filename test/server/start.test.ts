import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { SYSTEM } from '../../src/actor.ts';
import { transact } from '../../src/db/client.ts';
import { insertSession, sessionCookieName } from '../../src/auth/sessions.ts';
import { createPerson } from '../../src/roster/service.ts';
import { parseCsv } from '../../src/http/csv.ts';
import { entryBody, killed, postEvent, prepareWorld } from '../reliability/server-process.ts';
import { startArgs } from '../support/start-command.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const ROOT = new URL('../..', import.meta.url).pathname;
const SERVER = startArgs(ROOT);

// Built here rather than trusted from `pretest`: a single file run with `npx vitest run` would
// otherwise test whatever bundle an earlier build left in dist/.
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
});

describe('server start (npm start on an empty database)', () => {
  it('creates the database and key, migrates, prints the first-admin link and answers /healthz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), DB_PATH: join(dir, 'db', 'ledger.db'), SIGNING_KEY_PATH: join(dir, 'keys', 'k.pem'), RP_ORIGIN: `http://localhost:${port}`, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, SERVER, { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!out.includes('/setup#') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(new RegExp(`http://localhost:${port}/setup#[A-Za-z0-9_-]{43}`));
      // The address printed is the one passkeys accept (issue 17): 127.0.0.1 is "an invalid domain" to them.
      const listening = out.split('\n').find((l) => l.includes('listening on'));
      expect(listening).toContain(`listening on http://localhost:${port} `);
      expect(listening).not.toContain('127.0.0.1');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { status: string; journal: { headSeq: number } };
      expect(body.status).toBe('ok');
      expect(body.journal.headSeq).toBe(1); // the setup link's own entry
      // Headers over Node's 16 KB limit never reach the app: they still get the error envelope (issue 18).
      const oversize = await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
      expect(oversize.status).toBe(431);
      expect(oversize.headers.get('content-type')).toContain('application/json');
      expect(await oversize.json()).toMatchObject({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('16 KB'), requestId: expect.any(String), details: null } });
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
    const res = spawnSync(process.execPath, SERVER, { cwd: ROOT, env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT:');
  });
});

describe('the bundled server (dist/server.mjs) end to end', () => {
  it('serves the web UI, records check-ins, and exports the month through its long-read worker', async () => {
    const world = await prepareWorld(2);
    const deps = openDeps({ config: loadConfig(world.env) });
    let cookie: string;
    try {
      const ctx = { deps, actor: SYSTEM, requestId: 'bundle-test' };
      const organisationId = (deps.sqlite.prepare('SELECT id FROM organisations LIMIT 1').get() as { id: number }).id;
      const auditor = createPerson(ctx, { name: '監査 花子', kana: 'かんさ はなこ', organisationId, position: '', duties: '', expertise: '', contact: '', nationality: '', roles: ['auditor'], validFrom: null, validTo: null });
      cookie = `${sessionCookieName(deps)}=${transact(deps.db, (tx) => insertSession(tx, deps, auditor.id, null)).token}`;
    } finally {
      deps.close();
    }
    const child = spawn(process.execPath, SERVER, { cwd: ROOT, env: { ...process.env, ...world.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const base = `http://127.0.0.1:${world.port}`;
    try {
      await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { interval: 50 }).toBe(200);
      // The bundle finds the repository's files from dist/: it migrated (drizzle/) and serves the built UI.
      expect(existsSync(join(ROOT, 'kiosk/dist/kiosk.html')), 'the web UI is not built: run `npm run build` first').toBe(true);
      expect((await fetch(`${base}/kiosk`)).status).toBe(200);
      expect((await fetch(`${base}/print.css`)).status).toBe(200);
      for (const i of [0, 1]) expect((await postEvent(world, entryBody(world, i, 'in'))).status).toBe(201);

      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' }).format(new Date());
      const res = await fetch(`${base}/api/reports/monthly?month=${month}&format=csv`, { headers: { cookie } });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const rows = parseCsv(text);
      expect(rows).toContainEqual(['執務室', '2', '0', '0', '2']);
      expect(rows.find((r) => r[0]?.startsWith('改ざんなし'))).toBeDefined();
      // The workbook writer (exceljs, CommonJS) works from the bundle too (decision 0024).
      const xlsx = await fetch(`${base}/api/reports/monthly?month=${month}&format=xlsx`, { headers: { cookie } });
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect([...new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)]).toEqual([0x50, 0x4b]);
      expect(stderr).toBe('');
    } finally {
      await killed(child);
      rmSync(world.dir, { recursive: true, force: true });
    }
  });
});
