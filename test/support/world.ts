import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.ts';
import type { Role } from '../../src/db/schema/roster.ts';
import { T0, testEnv, type TestEnv } from './harness.ts';
import { Client, enrol, givenPerson, setupAdmin, type Reply, type SignedIn } from './client.ts';

/**
 * A kiosk tablet: its device token in the Authorization header. Like the real one it is a witness of the
 * ledger (issue 14): it keeps the highest signed checkpoint it was answered with and presents it.
 */
export class KioskClient {
  witness: { seq: number; text: string } | null = null;

  constructor(
    private readonly app: App,
    readonly token: string,
    readonly id: number,
  ) {}
  async call<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await this.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.witness ? { 'x-ledger-witness': this.witness.text } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const checkpoint = res.headers.get('x-ledger-checkpoint');
    if (checkpoint) {
      const seq = (JSON.parse(checkpoint) as { seq: number }).seq;
      if (!this.witness || seq > this.witness.seq) this.witness = { seq, text: checkpoint };
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
}

export interface Site {
  siteId: number;
  general: { id: number };
  secure: { id: number };
}

/** A site with a general area (badges accepted) and a secure one (passkey only, last-person-out). */
export async function givenSite(admin: Client, secure: Record<string, unknown> = {}): Promise<Site> {
  const site = await admin.post('/api/sites', { name: `庁舎${randomUUID().slice(0, 6)}` });
  const general = await admin.post('/api/areas', { siteId: site.body.id, name: '執務室', securityLevel: 'general' });
  const sec = await admin.post('/api/areas', { siteId: site.body.id, name: 'サーバ室', securityLevel: 'secure', ...secure });
  if (general.status !== 201 || sec.status !== 201) throw new Error(`givenSite: ${JSON.stringify([general.body, sec.body])}`);
  return { siteId: site.body.id, general: general.body, secure: sec.body };
}

export async function givenKiosk(env: TestEnv, admin: Client, areaIds: number[]): Promise<KioskClient> {
  const created = await admin.post('/api/kiosks', { name: '正面入口タブレット', areaIds });
  if (created.status !== 201) throw new Error(`givenKiosk: ${JSON.stringify(created.body)}`);
  const enrolled = await new Client(env.app).post('/api/kiosk/enrol', { code: created.body.code });
  if (enrolled.status !== 201) throw new Error(`enrol kiosk: ${JSON.stringify(enrolled.body)}`);
  return new KioskClient(env.app, enrolled.body.token, created.body.kiosk.id);
}

/** A fresh database with an admin, a site (general and secure area) and one kiosk serving both. */
export async function kioskWorld() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  return { env, admin, site, kiosk };
}

export interface Worker {
  id: number;
  name: string;
  badge: string;
  badgeSerial: number;
}

/** A roster worker authorized for `areaIds` from a day before T0, with a QR badge. */
export async function givenWorker(admin: Client, areaIds: number[], fields: { roles?: Role[]; name?: string; kana?: string } = {}): Promise<Worker> {
  const p = await givenPerson(admin, { roles: ['worker'], ...fields });
  for (const areaId of areaIds) {
    const g = await admin.post('/api/authorizations', { personId: p.id, areaId, validFrom: new Date(T0 - 86_400_000).toISOString() });
    if (g.status !== 201) throw new Error(`authorize: ${JSON.stringify(g.body)}`);
  }
  const badge = await admin.post(`/api/people/${p.id}/badges`);
  if (badge.status !== 201) throw new Error(`badge: ${JSON.stringify(badge.body)}`);
  return { id: p.id, name: p.name, badge: badge.body.payload, badgeSerial: badge.body.serial };
}

/** A worker who also holds a passkey (for passkey-only areas). */
export async function givenPasskeyWorker(env: TestEnv, admin: Client, areaIds: number[]): Promise<Worker & SignedIn> {
  const w = await givenWorker(admin, areaIds);
  return { ...w, ...(await enrol(env, admin, w.id)) };
}

export function badgeEvent(areaId: number, payload: string, direction: 'in' | 'out', extra: Record<string, unknown> = {}) {
  return { idempotencyKey: randomUUID(), areaId, direction, purpose: direction === 'in' ? '定常作業' : '', identification: { method: 'badge', payload }, ...extra };
}

/** Passkey identification at the kiosk: options from the kiosk, assertion from the person's key. */
export async function passkeyEvent(kiosk: KioskClient, who: SignedIn, areaId: number, direction: 'in' | 'out', extra: Record<string, unknown> = {}) {
  const options = await kiosk.post('/api/kiosk/identify/options');
  const response = who.authenticator.getAssertion(options.body.options);
  return { idempotencyKey: randomUUID(), areaId, direction, purpose: direction === 'in' ? '保守・点検' : '', identification: { method: 'passkey', response }, ...extra };
}
