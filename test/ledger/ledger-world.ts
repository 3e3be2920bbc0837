import { expect } from 'vitest';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { setupAdmin, signedInAs, type Client, type SignedIn } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker, type KioskClient, type Site, type Worker } from '../support/world.ts';

/** An instant given as Tokyo wall-clock time: `tokyo('2026-11-20T08:30')`. */
export const tokyo = (local: string) => Date.parse(`${local}:00+09:00`);

export const DAY = '2026-11-20';

export interface LedgerWorld {
  env: TestEnv;
  admin: SignedIn;
  supervisor: SignedIn;
  site: Site;
  area: number;
  kiosk: KioskClient;
}

/**
 * A site whose general area has a kiosk, and a signed-in supervisor. The clock starts early on DAY and
 * sessions are long enough for a test to move it across several days.
 */
export async function ledgerWorld(): Promise<LedgerWorld> {
  const env = testEnv({ now: tokyo('2026-11-20T07:00'), config: { sessionIdleMs: 30 * 86_400_000, sessionAbsoluteMs: 30 * 86_400_000 } });
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  const supervisor = await signedInAs(env, admin.client, ['supervisor']);
  return { env, admin, supervisor, site, area: site.general.id, kiosk };
}

export function worker(w: LedgerWorld, fields: { name?: string; kana?: string } = {}): Promise<Worker> {
  return givenWorker(w.admin.client, [w.site.general.id], fields);
}

/** A badge entry or exit at the kiosk at `when`; returns the recorded event. */
export async function badgeAt(w: LedgerWorld, who: Worker, direction: 'in' | 'out', when: number, areaId = w.area) {
  w.env.clock.set(when);
  const res = await w.kiosk.post('/api/kiosk/events', badgeEvent(areaId, who.badge, direction));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.event as { id: number; result: string; flags: string[]; refusalReason: string | null };
}

/** A guard-registered visitor escorted by `escortId`, let in (and out) by the supervisor at the given times. */
export async function visitorStay(w: LedgerWorld, escortId: number, fields: { name: string; affiliation: string; purpose: string }, inAt: number, outAt: number | null) {
  w.env.clock.set(inAt);
  const v = await w.supervisor.client.post('/api/visitors', { ...fields, idType: 'drivers_license', escortPersonId: escortId, siteId: w.site.siteId });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const entry = await w.supervisor.client.post(`/api/visitors/${v.body.id}/events`, { areaId: w.area, direction: 'in' });
  expect(entry.status, JSON.stringify(entry.body)).toBe(201);
  if (outAt !== null) {
    w.env.clock.set(outAt);
    const exit = await w.supervisor.client.post(`/api/visitors/${v.body.id}/events`, { areaId: w.area, direction: 'out' });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
  }
  return v.body as { id: number };
}

export async function ledgerOf(client: Client, areaId: number, day = DAY) {
  const res = await client.get(`/api/areas/${areaId}/ledger?date=${day}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A GET whose body is kept as bytes (Response.text() would drop the BOM). */
export async function rawGet(env: TestEnv, client: Client, path: string) {
  const res = await env.app.request(path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export async function correct(client: Client, body: Record<string, unknown>) {
  return client.post('/api/access/corrections', body);
}

export async function signOffLedger(w: LedgerWorld, who: SignedIn = w.supervisor, day = DAY) {
  const options = await who.client.post(`/api/areas/${w.area}/ledger/${day}/signoff/options`);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = who.authenticator.getAssertion(options.body.options);
  return { options: options.body, response, res: await who.client.post(`/api/areas/${w.area}/ledger/${day}/signoff`, { response }) };
}

const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

function utcInstants(v: unknown): unknown {
  if (typeof v === 'string') return ZONED_INSTANT.test(v) ? new Date(Date.parse(v)).toISOString() : v;
  if (Array.isArray(v)) return v.map(utcInstants);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, utcInstants(x)]));
}

/**
 * A served ledger's content in the form its digest was taken over, as a client recomputing the digest
 * gets it (decision 0031): instants back in UTC, and a correction's end under its stored method `guard`.
 */
export function hashedForm<T>(served: T): T {
  const back = utcInstants(served) as { stays?: { entryMethod: string | null; exitMethod: string | null }[] };
  const stored = (m: string | null) => (m === 'correction' ? 'guard' : m);
  if (back.stays) back.stays = back.stays.map((s) => ({ ...s, entryMethod: stored(s.entryMethod), exitMethod: stored(s.exitMethod) }));
  return back as T;
}
