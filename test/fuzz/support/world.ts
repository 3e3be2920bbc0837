import { testEnv, T0, type TestEnv } from '../../support/harness.ts';
import { Client, enrol, givenPerson, setupAdmin, signedInAs, type SignedIn } from '../../support/client.ts';
import { badgeEvent, givenKiosk, givenPasskeyWorker, givenSite, givenWorker, type KioskClient, type Site, type Worker } from '../../support/world.ts';
import { givenAsset, requestBody, type Asset } from '../../support/custody.ts';
import { tagPayload } from '../../../src/assets/tag.ts';
import type { Caller } from './http.ts';
import type { RouteSpec } from './routes.ts';
import type { Role } from '../../../src/db/schema/roster.ts';

export const DAY = '2026-11-20';
export const MONTH = '2026-11';

export interface FuzzWorld {
  env: TestEnv;
  site: Site;
  /** A third, general area that the world's kiosk does not serve. */
  otherAreaId: number;
  admin: SignedIn;
  supervisor: SignedIn;
  supervisor2: SignedIn;
  guard: SignedIn;
  auditor: SignedIn;
  /** Holds a badge, a passkey and a console session; authorized for the general and secure areas. */
  worker: Worker & SignedIn;
  /** A roster worker with a badge whom the fuzz may suspend, offboard or strip of a badge. */
  victim: Worker;
  kiosk: KioskClient;
  asset: Asset;
  /** An asset whose custodian is the victim (the offboarding routes settle it). */
  heldAsset: Asset;
  draftRequestId: number;
  submittedRequestId: number;
  entryEventId: number;
  visitorId: number;
  incidentId: number;
  disposalId: number;
  victimAuthorizationId: number;
  packageName: string;
  /** 甲 of the world's site (F4), and a document submitted to them (F3). */
  city: SignedIn;
  submissionId: number;
}

export const sessionOf = (c: Client): Caller => ({ kind: 'session', cookie: c.cookie!, csrf: c.csrf! });

async function ok<T = any>(what: string, p: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await p;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Everyone and everything a route of ROUTES can be pointed at, built once per test file. */
export async function buildFuzzWorld(env: TestEnv = testEnv()): Promise<FuzzWorld> {
  const admin = await setupAdmin(env);
  const a = admin.client;
  const site = await givenSite(a);
  const other = await ok('other area', a.post('/api/areas', { siteId: site.siteId, name: '倉庫', securityLevel: 'general' }));
  const kiosk = await givenKiosk(env, a, [site.general.id, site.secure.id]);
  const [supervisor, supervisor2, guard, auditor] = [
    await signedInAs(env, a, ['supervisor']),
    await signedInAs(env, a, ['supervisor']),
    await signedInAs(env, a, ['guard']),
    await signedInAs(env, a, ['auditor']),
  ];
  const worker = await givenPasskeyWorker(env, a, [site.general.id, site.secure.id]);
  const victim = await givenWorker(a, [site.general.id]);
  const asset = await givenAsset(a);
  const heldAsset = await givenAsset(a, { kind: 'security_key', custodianId: victim.id });
  const spare = await givenAsset(a);
  const draft = await ok('draft request', worker.client.post('/api/custody/requests', requestBody('carry_in', site.general.id, [asset])));
  const submitted = await ok('request', worker.client.post('/api/custody/requests', requestBody('carry_in', site.general.id, [spare])));
  await ok('submit', worker.client.post(`/api/custody/requests/${submitted.id}/submit`));
  const entry = await ok('badge in', kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in')));
  const visitor = await ok(
    'visitor',
    guard.client.post('/api/visitors', { name: '来訪 花子', affiliation: '株式会社来訪', purpose: '打合せ', idType: 'other', escortPersonId: guard.personId, siteId: site.siteId }),
  );
  const incident = await ok('incident', guard.client.post('/api/incidents', { kind: 'other', title: '試験', discoveredAt: new Date(T0).toISOString() }));
  const disposal = await ok(
    'disposal',
    worker.client.post('/api/disposal/requests', { items: [{ mediaName: '紙の記録', quantity: 2 }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断' }),
  );
  const auths = await ok('authorizations', a.get(`/api/authorizations?personId=${victim.id}`));
  const pkg = await ok('evidence package', a.post('/api/exports/evidence', { from: DAY, to: DAY }));
  const city = await enrol(env, a, (await givenPerson(a, { roles: ['city'], siteIds: [site.siteId] })).id);
  const submission = await ok('submission', supervisor.client.post('/api/submissions', { kind: 'daily_ledger', areaId: site.general.id, date: DAY }));
  return {
    env,
    site,
    otherAreaId: other.id,
    admin,
    supervisor,
    supervisor2,
    guard,
    auditor,
    worker,
    victim,
    kiosk,
    asset,
    heldAsset,
    draftRequestId: draft.id,
    submittedRequestId: submitted.id,
    entryEventId: entry.event.id,
    visitorId: visitor.id,
    incidentId: incident.id,
    disposalId: disposal.id,
    victimAuthorizationId: auths.authorizations[0].id,
    packageName: pkg.name,
    city,
    submissionId: submission.id,
  };
}

/** The caller a route is fuzzed as: one the route admits, preferring the one its service expects. */
export function callerFor(w: FuzzWorld, r: RouteSpec): Caller {
  if (r.access === 'public') return { kind: 'anon' };
  if (r.access === 'kiosk') return { kind: 'kiosk', token: w.kiosk.token };
  if (r.route.includes('/custody/requests') && !/approve|reject/.test(r.route)) return sessionOf(w.worker.client);
  const role = r.access === 'signed-in' ? 'admin' : r.access[0]!;
  const callers: Partial<Record<Role, SignedIn>> = { admin: w.admin, supervisor: w.supervisor, guard: w.guard, auditor: w.auditor, worker: w.worker, city: w.city };
  const who = callers[role];
  if (!who) throw new Error(`the fuzz world has nobody with the ${role} role`);
  return sessionOf(who.client);
}

/** Real values for a route's path params, so that only the part being fuzzed is wrong. */
export function paramsFor(w: FuzzWorld, r: RouteSpec): Record<string, string> {
  const p = r.path;
  const s = (n: number) => String(n);
  let id = '1';
  if (p.startsWith('/api/organisations/')) id = '1';
  else if (p === '/api/people/:id/passkeys') id = s(w.admin.personId);
  else if (p.startsWith('/api/people/')) id = s(w.victim.id);
  else if (p.startsWith('/api/custody/people/')) id = s(w.worker.id);
  else if (p.startsWith('/api/sites/')) id = s(w.site.siteId);
  else if (p.startsWith('/api/areas/')) id = s(w.site.general.id);
  else if (p.startsWith('/api/authorizations/')) id = s(w.victimAuthorizationId);
  else if (p.startsWith('/api/kiosks/')) id = s(w.kiosk.id);
  else if (p.startsWith('/api/visitors/')) id = s(w.visitorId);
  else if (p.startsWith('/api/assets/') || p.startsWith('/api/custody/assets/')) id = s(w.asset.id);
  else if (p.startsWith('/api/custody/requests/')) id = s(/approve|reject/.test(p) ? w.submittedRequestId : w.draftRequestId);
  else if (p.startsWith('/api/disposal/requests/')) id = s(w.disposalId);
  else if (p.startsWith('/api/incidents/')) id = s(w.incidentId);
  else if (p.startsWith('/api/submissions/')) id = s(w.submissionId);
  return {
    id,
    serial: s(w.victim.badgeSerial),
    assetId: s(w.heldAsset.id),
    entryEventId: s(w.entryEventId),
    date: DAY,
    month: MONTH,
    name: w.packageName,
    credentialId: w.admin.authenticator.credentials()[0]!.id,
  };
}

/** A query string that makes a GET route answer 200, for the routes that need one. */
export function queryFor(w: FuzzWorld, r: RouteSpec): string {
  const q: Record<string, string> = {
    'GET /api/areas/:id/ledger': `date=${DAY}`,
    'GET /api/areas/:id/custody-ledger': `date=${DAY}`,
    'GET /api/presence': `areaId=${w.site.general.id}`,
    'GET /api/badges/sheet': `personIds=${w.victim.id}`,
    'GET /api/assets/labels': `ids=${w.asset.id}`,
    'GET /api/schedules': `month=${MONTH}`,
    'GET /api/reports/monthly': `month=${MONTH}`,
    'GET /api/exports/:name/file': 'path=manifest.json',
  };
  return q[r.route] ?? '';
}

export function tagOf(a: Asset): string {
  return tagPayload(a.assetNumber);
}
