import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { apiTime, testEnv, T0, type TestEnv } from './harness.ts';
import { setupAdmin, signedInAs, type Client, type SignedIn } from './client.ts';
import { badgeEvent, givenKiosk, givenPasskeyWorker, givenSite, type KioskClient, type Site, type Worker } from './world.ts';
import { tagPayload } from '../../src/assets/tag.ts';

export const HOUR = 3_600_000;
/** An instant as the API writes it (and as a client may send it back). */
export const at = (ms: number) => apiTime(ms);

/** A clean virus-scan record made the day before T0 (C5). */
export const CLEAN_SCAN = { date: at(T0 - 20 * HOUR), tool: 'ウイルスバスター', definitionsDate: '2026-11-19', result: 'clean' };

export interface Asset {
  id: number;
  assetNumber: string;
  tag: string;
  classification: string;
  hasStorage: boolean;
}

export interface CustodyWorld {
  env: TestEnv;
  admin: SignedIn;
  site: Site;
  kiosk: KioskClient;
  guard: SignedIn;
  supervisor: SignedIn;
  supervisor2: SignedIn;
  worker: Worker & SignedIn;
}

/**
 * A site with a general and a secure area, one kiosk serving both, a guard, two supervisors and a
 * worker authorized for both areas who holds a badge and a passkey (and so a console session).
 */
export async function custodyWorld(opts: Parameters<typeof testEnv>[0] = {}): Promise<CustodyWorld> {
  const env = testEnv(opts);
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  const guard = await signedInAs(env, admin.client, ['guard']);
  const supervisor = await signedInAs(env, admin.client, ['supervisor']);
  const supervisor2 = await signedInAs(env, admin.client, ['supervisor']);
  const worker = await givenPasskeyWorker(env, admin.client, [site.general.id, site.secure.id]);
  return { env, admin, site, kiosk, guard, supervisor, supervisor2, worker };
}

export async function givenAsset(admin: Client, fields: Record<string, unknown> = {}): Promise<Asset> {
  const res = await admin.post('/api/assets', { kind: 'laptop', ownerType: 'contractor', ...fields });
  if (res.status !== 201) throw new Error(`givenAsset: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The first admin, whom every test world has: the 責任者 (F2) a request names unless a test says otherwise. */
export const FIRST_ADMIN_ID = 1;

/** A request body covering `assets` for the next hours; storage assets get a clean scan. */
export function requestBody(kind: 'carry_in' | 'carry_out', areaId: number, assets: Asset[], extra: Record<string, unknown> = {}) {
  return {
    kind,
    areaId,
    purpose: '保守作業用端末の持込',
    responsibleId: FIRST_ADMIN_ID,
    windowFrom: at(T0 - HOUR),
    windowTo: at(T0 + 8 * HOUR),
    items: assets.map((a) => ({ assetId: a.id, ...(a.hasStorage ? { scan: CLEAN_SCAN } : {}) })),
    ...(kind === 'carry_out' ? { destination: '本社開発室' } : {}),
    ...extra,
  };
}

/** Creates and submits a request as `who`; returns the submitted request. */
export async function givenSubmitted(who: Client, body: Record<string, unknown>) {
  const created = await who.post('/api/custody/requests', body);
  if (created.status !== 201) throw new Error(`create request: ${created.status} ${JSON.stringify(created.body)}`);
  const submitted = await who.post(`/api/custody/requests/${created.body.id}/submit`);
  if (submitted.status !== 200) throw new Error(`submit request: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return submitted.body;
}

/** A request made by the world's worker and approved by the supervisor (and the second one when needed). */
export async function givenApproved(w: CustodyWorld, body: Record<string, unknown>) {
  const r = await givenSubmitted(w.worker.client, body);
  let res = await w.supervisor.client.post(`/api/custody/requests/${r.id}/approve`, {});
  if (res.status === 200 && res.body.status === 'submitted') res = await w.supervisor2.client.post(`/api/custody/requests/${r.id}/approve`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe('approved');
  return res.body;
}

/** The worker badges in (or out) at the kiosk; returns the access event. */
export async function badge(w: CustodyWorld, areaId: number, direction: 'in' | 'out', who: Worker = w.worker) {
  const res = await w.kiosk.post('/api/kiosk/events', badgeEvent(areaId, who.badge, direction));
  expect(res.body.event?.result, JSON.stringify(res.body)).toBe('accepted');
  return res.body.event as { id: number };
}

export function movement(areaId: number, direction: 'in' | 'out', code: string, accessEventId: number, extra: Record<string, unknown> = {}) {
  return { idempotencyKey: randomUUID(), areaId, direction, scannedCode: code, accessEventId, ...extra };
}

/** Scans `asset` at the kiosk for the person identified by `eventId`. */
export async function scan(w: CustodyWorld, areaId: number, direction: 'in' | 'out', asset: Asset | string, eventId: number) {
  return w.kiosk.post('/api/kiosk/movements', movement(areaId, direction, typeof asset === 'string' ? asset : tagPayload(asset.assetNumber), eventId));
}
