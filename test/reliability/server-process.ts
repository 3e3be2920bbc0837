import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { openDeps } from '../../src/bootstrap.ts';
import { SYSTEM } from '../../src/actor.ts';
import { createOrganisation, createPerson } from '../../src/roster/service.ts';
import { createArea, createSite, grantAuthorization } from '../../src/areas/service.ts';
import { issueBadge } from '../../src/badges/service.ts';
import { createKiosk, enrolKiosk } from '../../src/kiosks/service.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Prepared {
  dir: string;
  env: Record<string, string>;
  port: number;
  token: string;
  areaId: number;
  badges: string[];
}

/** A database prepared through the services: one area accepting badges, `workers` badge holders, one kiosk. */
export async function prepareWorld(workers = 20): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-reliability-'));
  const port = await freePort();
  const env = { DB_PATH: join(dir, 'ledger.db'), SIGNING_KEY_PATH: join(dir, 'key.pem'), PORT: String(port), HOST: '127.0.0.1', RP_ORIGIN: `http://localhost:${port}`, LOG_LEVEL: 'error' };
  const deps = openDeps({ config: loadConfig(env) });
  const ctx = { deps, actor: SYSTEM, requestId: 'prepare' };
  const org = createOrganisation(ctx, { name: '試験会社', kana: 'しけんがいしゃ' });
  const site = createSite(ctx, { name: '試験庁舎', address: '' });
  const area = createArea(ctx, { siteId: site.id, name: '執務室', securityLevel: 'general' });
  const badges: string[] = [];
  for (let i = 0; i < workers; i++) {
    const p = createPerson(ctx, { name: `作業員${i}`, kana: 'さぎょういん', organisationId: org.id, position: '', duties: '', expertise: '', contact: '', nationality: '', roles: ['worker'], validFrom: null, validTo: null });
    grantAuthorization(ctx, { personId: p.id, areaId: area.id, validFrom: 0, validTo: null, note: '' });
    badges.push(issueBadge(ctx, p.id).payload);
  }
  const kiosk = createKiosk(ctx, { name: 'k', areaIds: [area.id] });
  const { token } = enrolKiosk(deps, 'prepare', kiosk.code);
  deps.close();
  return { dir, env, port, token, areaId: area.id, badges };
}

/** The real server (`node --import tsx src/server.ts`) in its own process; resolves when /healthz answers. */
export async function startServerProcess(world: Prepared): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { ...process.env, ...world.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${world.port}/healthz`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export interface KioskBody {
  idempotencyKey: string;
  areaId: number;
  direction: 'in' | 'out';
  purpose: string;
  identification: { method: 'badge'; payload: string };
}

export function entryBody(world: Prepared, i: number, direction: 'in' | 'out'): KioskBody {
  return { idempotencyKey: randomUUID(), areaId: world.areaId, direction, purpose: direction === 'in' ? '作業' : '', identification: { method: 'badge', payload: world.badges[i % world.badges.length]! } };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs a kiosk event; resolves with the status and body, rejects if the connection dies first. */
export function postEvent(world: Prepared, body: KioskBody): Promise<{ status: number; body: { event: { id: number } } }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port: world.port, path: '/api/kiosk/events', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${world.token}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
