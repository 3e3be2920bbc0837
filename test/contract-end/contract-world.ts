import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onTestFinished } from 'vitest';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan, type CustodyWorld } from '../support/custody.ts';
import { badgeEvent, givenWorker, type Worker } from '../support/world.ts';

const MIN = 60_000;
const ROOT = resolve(import.meta.dirname, '../..');

/** Personal data the contract-end tests put in and look for afterwards. */
export const KNOWN = {
  name: '消去 花子',
  kana: 'しょうきょ はなこ',
  contact: '090-5555-0101 shokyo@example.jp',
  nationality: 'ルリタニア',
  visitor: '来訪 消去子',
  executor: '廃棄 実行者',
};

export interface ContractWorld extends CustodyWorld {
  named: Worker;
  laptop: { id: number; assetNumber: string };
  key: { id: number; assetNumber: string };
  cityPc: { id: number; assetNumber: string };
  incidentId: number;
  disposalId: number;
}

/**
 * A custody world with a month's worth of everything a contract leaves behind: a named worker with
 * contact and nationality, their badge-in and a guard's note that names them, a visitor, a laptop
 * carried in and not out, a security key in the worker's custody, a city-loaned PC, an open incident
 * whose title names the worker, and a disposal carried out by a named vendor's worker.
 */
export async function contractWorld(): Promise<ContractWorld> {
  const w = await custodyWorld();
  const general = w.site.general.id;
  const named = await givenWorker(w.admin.client, [general], { name: KNOWN.name, kana: KNOWN.kana });
  expect((await w.admin.client.patch(`/api/people/${named.id}`, { contact: KNOWN.contact, nationality: KNOWN.nationality })).status).toBe(200);
  expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(general, named.badge, 'in'))).status).toBe(201);
  w.env.clock.advance(5 * MIN);
  const guard = await w.guard.client.post('/api/access/guard-events', { areaId: general, direction: 'out', purpose: '', personId: named.id, reason: `${KNOWN.name}さんの名札が読めないため警備員が記録` });
  expect(guard.status, JSON.stringify(guard.body)).toBe(201);
  const visitor = await w.guard.client.post('/api/visitors', { name: KNOWN.visitor, affiliation: '株式会社ベンダー', purpose: '機器保守', idType: 'drivers_license', escortPersonId: named.id, siteId: w.site.siteId });
  expect(visitor.status, JSON.stringify(visitor.body)).toBe(201);
  expect((await w.guard.client.post(`/api/visitors/${visitor.body.id}/events`, { areaId: general, direction: 'in' })).status).toBe(201);

  const laptop = await givenAsset(w.admin.client, { serialNumber: 'PC-777' });
  await givenApproved(w, requestBody('carry_in', general, [laptop]));
  const entry = await badge(w, general, 'in');
  expect((await scan(w, general, 'in', laptop, entry.id)).status).toBe(201);
  const key = await givenAsset(w.admin.client, { kind: 'security_key', ownerType: 'contractor', custodianId: named.id });
  const cityPc = await givenAsset(w.admin.client, { kind: 'laptop', ownerType: 'city_loaned' });
  const incident = await w.supervisor.client.post('/api/incidents', { kind: 'lost_badge', title: `${KNOWN.name}の名札紛失`, discoveredAt: new Date(w.env.clock.now() - MIN).toISOString(), circumstances: `${KNOWN.kana}が帰宅途中に紛失` });
  expect(incident.status, JSON.stringify(incident.body)).toBe(201);

  const disk = await givenAsset(w.admin.client, { kind: 'external_disk', serialNumber: 'HDD-9' });
  const disposal = await w.worker.client.post('/api/disposal/requests', { items: [{ assetId: disk.id }], method: 'physical_destruction', plannedDate: '2026-11-20', vendor: '株式会社破砕センター', siteId: w.site.siteId, responsibleId: w.admin.personId });
  expect(disposal.status, JSON.stringify(disposal.body)).toBe(201);
  expect((await w.supervisor.client.post(`/api/disposal/requests/${disposal.body.id}/approve`, { note: '承認' })).status).toBe(200);
  w.env.clock.advance(10 * MIN);
  const executed = await w.supervisor.client.post(`/api/disposal/requests/${disposal.body.id}/execution`, {
    executedAt: new Date(w.env.clock.now() - 5 * MIN).toISOString(),
    vendor: '株式会社破砕センター',
    responsiblePersonId: w.supervisor.personId,
    executorName: KNOWN.executor,
    witnessPersonId: w.supervisor2.personId,
    certificateNumber: 'HC-2026-0042',
  });
  expect(executed.status, JSON.stringify(executed.body)).toBe(201);
  return { ...w, named, laptop, key, cityPc, incidentId: incident.body.id, disposalId: disposal.body.id };
}

export function tempDir(prefix = 'ledger-export-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The real CLI in a child process, on the given database, as an operator runs it. */
export function cli(args: string[], opts: { dbPath: string; input?: string }) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--db', opts.dbPath], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', SIGNING_KEY_PATH: join(resolve(opts.dbPath, '..'), 'cli-key.pem') },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
