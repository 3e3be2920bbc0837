import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema/roster.ts';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { Client, enrol, givenPerson, setupAdmin, signedInAs } from '../support/client.ts';
import { randomUUID } from 'node:crypto';
import { T0 } from '../support/harness.ts';
import { givenKiosk, givenSite, givenWorker, type KioskClient, type Site } from '../support/world.ts';
import type { SignedIn } from '../support/client.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, givenSubmitted, requestBody, scan, type Asset, type CustodyWorld } from '../support/custody.ts';

/** 'kiosk': only a kiosk device token passes; every signed-in person is refused (401: no kiosk token). */
type Access = Role[] | 'public' | 'signed-in' | 'kiosk';
const ALL: Role[] = ['admin', 'supervisor', 'guard', 'worker', 'auditor', 'city'];

/** Every route of the API and who may call it. A route missing here fails the test. */
export const ROUTES: Record<string, Access> = {
  'GET /api/info': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs.css': 'public',
  'GET /api/auth/enrolment': 'public',
  'POST /api/auth/registration/options': 'public',
  'POST /api/auth/registration/verify': 'public',
  'POST /api/auth/login/options': 'public',
  'POST /api/auth/login/verify': 'public',
  'GET /api/auth/me': 'signed-in',
  'GET /api/auth/me/passkeys': 'signed-in',
  'GET /api/people/:id/passkeys': ['admin'],
  'POST /api/people/:id/enrolments': ['admin', 'city'],
  'POST /api/passkeys/:credentialId/revoke': 'signed-in',
  'PATCH /api/passkeys/:credentialId': 'signed-in',
  'GET /api/organisations': ['admin', 'supervisor', 'auditor', 'guard'],
  'POST /api/organisations': ['admin'],
  'PATCH /api/organisations/:id': ['admin'],
  'GET /api/people': ['admin', 'supervisor', 'auditor', 'guard'],
  'POST /api/people': ['admin'],
  'GET /api/people/:id': ['admin', 'supervisor', 'auditor', 'guard'],
  'PATCH /api/people/:id': ['admin'],
  'POST /api/people/:id/suspend': ['admin'],
  'POST /api/people/:id/reactivate': ['admin'],
  'GET /api/sites': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'POST /api/sites': ['admin'],
  'PATCH /api/sites/:id': ['admin'],
  'GET /api/contracts': ['admin', 'supervisor', 'auditor', 'city'],
  'GET /api/contracts/:id': ['admin', 'supervisor', 'auditor', 'city'],
  'POST /api/contracts': ['admin'],
  'PUT /api/contracts/:id': ['admin'],
  'GET /api/areas': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'GET /api/areas/:id': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'POST /api/areas': ['admin'],
  'PATCH /api/areas/:id': ['admin'],
  'GET /api/authorizations': ['admin', 'supervisor', 'auditor', 'city'],
  'POST /api/authorizations': ['admin'],
  'POST /api/authorizations/:id/revoke': ['admin'],
  'GET /api/journal': ['auditor', 'admin'],
  'GET /api/journal/verify': ['auditor', 'admin', 'city'],
  'GET /api/integrity': 'signed-in',
  'GET /api/home': 'signed-in',
  'GET /api/kiosks': ['admin', 'auditor', 'guard', 'supervisor'],
  'POST /api/kiosks': ['admin'],
  'POST /api/kiosks/:id/revoke': ['admin'],
  'POST /api/kiosks/:id/release-throttle': ['guard', 'supervisor', 'admin'],
  'POST /api/kiosk/enrol': 'public',
  'GET /api/kiosk/me': 'kiosk',
  'POST /api/kiosk/identify/options': 'kiosk',
  'POST /api/kiosk/identify/badge': 'kiosk',
  'POST /api/kiosk/events': 'kiosk',
  'POST /api/access/guard-events': ['guard', 'supervisor'],
  'POST /api/access/paper-stays': ['guard', 'supervisor', 'admin'],
  'GET /api/presence': ['guard', 'supervisor', 'admin', 'auditor', 'city'],
  'GET /api/sites/:id/muster': ['guard', 'supervisor', 'admin', 'auditor'],
  'GET /api/visitors': ['guard', 'supervisor', 'admin', 'auditor', 'city'],
  'GET /api/access/refusals': ['guard', 'supervisor', 'admin', 'auditor', 'city'],
  'POST /api/visitors': ['guard', 'supervisor'],
  'POST /api/visitors/:id/events': ['guard', 'supervisor'],
  'POST /api/visitors/:id/sign-out': ['guard', 'supervisor'],
  'GET /api/badges': ['admin', 'guard', 'auditor'],
  'POST /api/people/:id/badges': ['admin'],
  'POST /api/badges/:serial/revoke': ['admin', 'guard'],
  'GET /api/badges/sheet': ['admin'],
  'GET /api/assets': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'POST /api/assets': ['admin', 'guard'],
  'POST /api/assets/import': ['admin'],
  'GET /api/assets/labels': ['admin', 'guard'],
  'GET /api/assets/:id': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'PATCH /api/assets/:id': ['admin'],
  'POST /api/assets/:id/status': ['admin', 'supervisor'],
  'GET /api/assets/:id/label.svg': ['admin', 'guard'],
  'GET /api/assets/:id/label.png': ['admin', 'guard'],
  'GET /api/areas/:id/ledger': ['supervisor', 'admin', 'auditor', 'city'],
  'POST /api/areas/:id/ledger/:date/signoff/options': ['supervisor'],
  'POST /api/areas/:id/ledger/:date/signoff': ['supervisor'],
  'GET /api/sites/:id/ledger': ['supervisor', 'admin', 'auditor', 'city'],
  'POST /api/sites/:id/ledger/:date/signoff/options': ['supervisor'],
  'POST /api/sites/:id/ledger/:date/signoff': ['supervisor'],
  'GET /api/custody/request-choices': ['admin', 'supervisor', 'guard', 'worker'],
  'GET /api/custody/requests': 'signed-in',
  'POST /api/custody/requests': ['admin', 'supervisor', 'guard', 'worker'],
  'GET /api/custody/requests/:id': 'signed-in',
  'PATCH /api/custody/requests/:id': ['admin', 'supervisor', 'guard', 'worker'],
  'POST /api/custody/requests/:id/submit': ['admin', 'supervisor', 'guard', 'worker'],
  'POST /api/custody/requests/:id/withdraw': ['admin', 'supervisor', 'guard', 'worker'],
  'POST /api/custody/requests/:id/approve': ['guard', 'supervisor'],
  'POST /api/custody/requests/:id/reject': ['guard', 'supervisor'],
  'GET /api/custody/inside': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'GET /api/custody/outside': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'GET /api/custody/people/:id': ['admin', 'guard', 'supervisor', 'auditor'],
  'GET /api/custody/mine': 'signed-in',
  'GET /api/custody/assets/:id/history': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'GET /api/areas/:id/custody-ledger': ['supervisor', 'admin', 'auditor', 'city'],
  'POST /api/areas/:id/custody-ledger/:date/signoff/options': ['supervisor'],
  'POST /api/areas/:id/custody-ledger/:date/signoff': ['supervisor'],
  'POST /api/kiosk/approvals/options': 'kiosk',
  'POST /api/kiosk/approvals': 'kiosk',
  'POST /api/kiosk/movements': 'kiosk',
  'POST /api/kiosk/keyed-movements/options': 'kiosk',
  'POST /api/kiosk/keyed-movements': 'kiosk',
  'GET /api/kiosk/visits/:entryEventId/assets': 'kiosk',
  'POST /api/kiosk/visits/:entryEventId/confirmations': 'kiosk',
  'GET /api/kiosk/exits/:exitEventId/visit': 'kiosk',
  'POST /api/access/corrections': ['supervisor'],
  'GET /api/disposal/requests': ['admin', 'supervisor', 'auditor', 'worker', 'city'],
  'POST /api/disposal/requests': ['admin', 'supervisor', 'worker'],
  'GET /api/disposal/requests/:id': ['admin', 'supervisor', 'auditor', 'worker', 'city'],
  'POST /api/disposal/requests/:id/approve': ['supervisor'],
  'POST /api/disposal/requests/:id/reject': ['supervisor'],
  'POST /api/disposal/requests/:id/execution': ['admin', 'supervisor'],
  'GET /api/disposal/requests/:id/certificate': ['admin', 'supervisor', 'auditor', 'city'],
  'GET /api/city/policies/:id': 'signed-in',
  'PUT /api/city/policies/:id': ['city'],
  'GET /api/city/pending': ['city', 'admin', 'supervisor', 'guard', 'auditor'],
  'POST /api/city/permissions/:id/confirm/options': ['city'],
  'POST /api/city/permissions/:id/dispute/options': ['city'],
  'POST /api/city/permissions/:id/confirm': ['city'],
  'POST /api/city/permissions/:id/dispute': ['city'],
  'POST /api/city/custody-requests/:id/permit/options': ['city'],
  'POST /api/city/custody-requests/:id/permit': ['city'],
  'POST /api/city/custody-requests/:id/refuse': ['city'],
  'POST /api/city/custody-requests/:id/paper': ['admin', 'supervisor', 'guard'],
  'POST /api/city/disposal-requests/:id/permit/options': ['city'],
  'POST /api/city/disposal-requests/:id/permit': ['city'],
  'POST /api/city/disposal-requests/:id/refuse': ['city'],
  'POST /api/city/disposal-requests/:id/paper': ['admin', 'supervisor', 'guard'],
  'GET /api/city/asset-networks/:id': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'POST /api/city/asset-networks/:id/permit/options': ['city'],
  'POST /api/city/asset-networks/:id/permit': ['city'],
  'POST /api/city/asset-networks/:id/refuse': ['city'],
  'POST /api/city/asset-networks/:id/paper': ['admin', 'supervisor', 'guard'],
  'POST /api/city/asset-networks/:id/request': ['admin', 'supervisor'],
  'POST /api/city/production-data': ['admin', 'supervisor'],
  'GET /api/city/production-data': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'GET /api/city/production-data/:id': ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  'POST /api/city/production-data/:id/permit/options': ['city'],
  'POST /api/city/production-data/:id/permit': ['city'],
  'POST /api/city/production-data/:id/refuse': ['city'],
  'POST /api/city/production-data/:id/paper': ['admin', 'supervisor', 'guard'],
  'GET /api/city/staff': ['city'],
  'POST /api/city/staff': ['city'],
  'POST /api/city/staff/:id/disable': ['city'],
  'POST /api/people/:id/offboard': ['admin'],
  'GET /api/people/:id/offboarding': ['admin', 'supervisor', 'auditor'],
  'POST /api/people/:id/offboarding/badges/:serial': ['admin', 'supervisor'],
  'POST /api/people/:id/offboarding/assets/:assetId': ['admin', 'supervisor'],
  'GET /api/people/:id/training': ['admin', 'supervisor', 'auditor'],
  'POST /api/people/:id/training': ['admin', 'supervisor'],
  'GET /api/training/status': ['admin', 'supervisor', 'auditor'],
  'GET /api/training/policies': ['admin', 'supervisor', 'auditor', 'guard'],
  'PUT /api/areas/:id/training-policy': ['admin'],
  'DELETE /api/areas/:id/training-policy': ['admin'],
  'GET /api/incidents': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'POST /api/incidents': ['admin', 'supervisor', 'guard'],
  'GET /api/incidents/:id': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'POST /api/incidents/:id/updates': ['admin', 'supervisor', 'guard'],
  'POST /api/incidents/:id/close': ['admin', 'supervisor'],
  'GET /api/incidents/:id/report': ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  'GET /api/schedules': ['admin', 'supervisor', 'auditor'],
  'PUT /api/people/:id/schedules/:month': ['admin', 'supervisor'],
  'POST /api/schedules/import': ['admin', 'supervisor'],
  'GET /api/anomaly-settings': ['admin', 'supervisor', 'auditor'],
  'PATCH /api/anomaly-settings': ['admin'],
  'GET /api/anomalies': ['admin', 'supervisor', 'auditor', 'city'],
  'POST /api/anomalies/sweep': ['admin', 'supervisor'],
  'GET /api/reports/monthly': ['supervisor', 'admin', 'auditor', 'city'],
  'GET /api/contract-end/reconciliation': ['admin', 'supervisor', 'auditor'],
  'POST /api/contract-end/export': ['admin'],
  'POST /api/exports/evidence': ['admin', 'supervisor', 'auditor'],
  'GET /api/exports': ['admin', 'supervisor', 'auditor'],
  'GET /api/exports/:name/file': ['admin', 'supervisor', 'auditor'],
  'GET /api/submissions': ['admin', 'supervisor', 'auditor', 'city'],
  'GET /api/submissions/outstanding': ['admin', 'supervisor', 'auditor'],
  'POST /api/submissions': ['admin', 'supervisor'],
  'GET /api/submissions/:id': ['admin', 'supervisor', 'auditor', 'city'],
  'GET /api/submissions/:id/document': ['admin', 'supervisor', 'auditor', 'city'],
  'POST /api/submissions/:id/receipt/options': ['city'],
  'POST /api/submissions/:id/receipt': ['city'],
  'POST /api/submissions/:id/return': ['city'],
  // Last: it ends the sessions the other rows use.
  'POST /api/auth/logout': 'signed-in',
};

function concrete(path: string): string {
  return path.replace(':credentialId', 'AAAAAAAAAAAAAAAAAAAAAA').replace(/:\w+/g, '999');
}

describe('route × role matrix (E7: roles checked on the server for every route)', () => {
  let env: TestEnv;
  const clients = new Map<Role | 'anonymous', Client>();
  let kiosk: KioskClient;

  beforeAll(async () => {
    env = testEnv();
    const admin = await setupAdmin(env);
    clients.set('admin', admin.client);
    const site = await givenSite(admin.client);
    for (const role of ALL.filter((r) => r !== 'admin' && r !== 'city')) clients.set(role, (await signedInAs(env, admin.client, [role])).client);
    // 甲's staff always name their sites (F4).
    const city = await givenPerson(admin.client, { roles: ['city'], siteIds: [site.siteId] });
    clients.set('city', (await enrol(env, admin.client, city.id)).client);
    clients.set('anonymous', new Client(env.app));
    kiosk = await givenKiosk(env, admin.client, [site.general.id]);
  });

  it('refuses a kiosk device token on every staff route', async () => {
    for (const [route, access] of Object.entries(ROUTES)) {
      if (access === 'public' || access === 'kiosk') continue;
      const [method, path] = route.split(' ') as [string, string];
      const res = await kiosk.call(method, concrete(path), method === 'GET' ? undefined : {});
      expect([401, 403], route).toContain(res.status);
    }
  });

  it('lists every API route the app serves', () => {
    const served = new Set(env.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect([...served].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [route, access] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as [string, string];
    it(`${route}: ${Array.isArray(access) ? access.join(', ') : access}`, async () => {
      const anon = await clients.get('anonymous')!.call(method, concrete(path), method === 'GET' ? undefined : {});
      if (access === 'public') expect(anon.status).not.toBe(401);
      else if (access === 'kiosk') {
        expect(anon.status).toBe(401);
        for (const role of ALL) expect((await clients.get(role)!.call(method, concrete(path), method === 'GET' ? undefined : {})).status, `${role} without a kiosk token`).toBe(401);
        const viaKiosk = await kiosk.call(method, concrete(path), method === 'GET' ? undefined : {});
        expect([401, 403]).not.toContain(viaKiosk.status);
        return;
      } else {
        expect(anon.status).toBe(401);
        expect(anon.body.error.code).toBe('UNAUTHENTICATED');
      }
      for (const role of ALL) {
        const res = await clients.get(role)!.call(method, concrete(path), method === 'GET' ? undefined : {});
        const allowed = access === 'public' || access === 'signed-in' || (access as Role[]).includes(role);
        if (allowed) expect([401, 403], `${role} should pass the role check`).not.toContain(res.status);
        else {
          expect(res.status, `${role} should be refused`).toBe(403);
          expect(res.body.error.code).toBe('FORBIDDEN');
        }
      }
    });
  }
});

/**
 * Site scopes (F4): staff limited to site B, each role admitted by ROUTES, get 403 on every route that names
 * one of site A's records, and lists show them only site B's rows. 甲 of one contract sees nothing of another.
 */
describe('site scopes (F4): staff of site B on site A’s records', () => {
  let w: CustodyWorld;
  let siteB: Site;
  /** Everyone here reaches site B only; `supervisorA` reaches site A only. */
  const scoped = new Map<Role, SignedIn>();
  let supervisorA: SignedIn;
  const a = {} as {
    requestId: number;
    asset: Asset;
    entryEventId: number;
    visitorId: number;
    incidentId: number;
    siteLessIncidentId: number;
    disposalId: number;
    authorizationId: number;
    kioskId: number;
    workerId: number;
    contractId: number;
    productionDataId: number;
  };
  const b = {} as { visitorId: number; kioskId: number; authorizationId: number };

  beforeAll(async () => {
    w = await custodyWorld();
    const admin = w.admin.client;
    siteB = await givenSite(admin);
    const scopedTo = async (roles: Role[], siteIds: number[]) => enrol(w.env, admin, (await givenPerson(admin, { roles, siteIds })).id);
    for (const role of ALL) scoped.set(role, await scopedTo([role], [siteB.siteId]));
    supervisorA = await scopedTo(['supervisor'], [w.site.siteId]);

    // Site A: a laptop carried into its general area under an approved request, the stay it came with, a
    // visitor, an incident and a disposal naming the laptop, the kiosk at its door.
    a.asset = await givenAsset(admin);
    const approved = await givenApproved(w, requestBody('carry_in', w.site.general.id, [a.asset]));
    a.requestId = approved.id;
    const entry = await badge(w, w.site.general.id, 'in');
    a.entryEventId = entry.id;
    expect((await scan(w, w.site.general.id, 'in', a.asset, entry.id)).status).toBe(201);
    a.visitorId = (await w.guard.client.post('/api/visitors', visitor(w.guard.personId, w.site.siteId))).body.id;
    a.incidentId = (await w.guard.client.post('/api/incidents', { kind: 'lost_asset', title: '端末の所在不明', discoveredAt: at(T0), assetId: a.asset.id })).body.id;
    a.siteLessIncidentId = (await w.guard.client.post('/api/incidents', { kind: 'other', title: '拠点を問わない事象', discoveredAt: at(T0) })).body.id;
    a.disposalId = (await w.worker.client.post('/api/disposal/requests', { items: [{ assetId: a.asset.id }], method: 'physical_destruction', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId })).body.id;
    a.authorizationId = (await admin.get(`/api/authorizations?personId=${w.worker.id}`)).body.authorizations[0].id;
    a.kioskId = w.kiosk.id;
    a.workerId = w.worker.id;
    a.contractId = (await admin.post('/api/contracts', contractOf([w.site.siteId]))).body.id;
    a.productionDataId = (await admin.post('/api/city/production-data', { areaId: w.site.general.id, data: '本番データ', purpose: '移行', periodFrom: '2026-11-20', periodTo: '2026-11-21', responsibleId: supervisorA.personId })).body.id;
    for (const id of Object.values(a)) expect(id).toBeTruthy();

    // Site B: its own visitor, kiosk and authorization, to be seen in the lists.
    b.visitorId = (await scoped.get('guard')!.client.post('/api/visitors', visitor(scoped.get('guard')!.personId, siteB.siteId))).body.id;
    b.kioskId = (await givenKiosk(w.env, admin, [siteB.general.id])).id;
    const workerB = await givenWorker(admin, [siteB.general.id]);
    b.authorizationId = (await admin.get(`/api/authorizations?personId=${workerB.id}`)).body.authorizations[0].id;
  });

  const contractOf = (siteIds: number[]) => ({
    name: '拠点Aの運用業務',
    periodFrom: '2026-04-01',
    periodTo: '2027-03-31',
    contractor: { company: '株式会社北浜', address: '北区1-1', representativeTitle: '代表取締役', representativeName: '北浜 一郎' },
    addressee: { title: '〇〇市長' },
    siteIds,
  });
  const visitor = (escortPersonId: number, siteId: number) => ({ name: '来訪 花子', affiliation: '株式会社来訪', purpose: '打合せ', idType: 'other', escortPersonId, siteId });

  /** Each route naming a record of site A, with a well-formed request for it (so only the scope can refuse it). */
  function siteARequests(): Record<string, { path: string; body?: unknown }> {
    const A = w.site.general.id;
    return {
      'PATCH /api/sites/:id': { path: `/api/sites/${w.site.siteId}`, body: { address: '別住所' } },
      'GET /api/areas/:id': { path: `/api/areas/${A}` },
      // A contract is 甲's and scoped staff's when one of its sites is theirs; it is changed by staff of every site.
      'GET /api/contracts/:id': { path: `/api/contracts/${a.contractId}` },
      'PUT /api/contracts/:id': { path: `/api/contracts/${a.contractId}`, body: contractOf([w.site.siteId]) },
      'POST /api/contracts': { path: '/api/contracts', body: { ...contractOf([]), name: '新しい契約' } },
      'POST /api/areas': { path: '/api/areas', body: { siteId: w.site.siteId, name: '新しい区域', securityLevel: 'general' } },
      'PATCH /api/areas/:id': { path: `/api/areas/${A}`, body: { name: '改名' } },
      'POST /api/authorizations': { path: '/api/authorizations', body: { personId: a.workerId, areaId: A, validFrom: at(T0) } },
      'POST /api/authorizations/:id/revoke': { path: `/api/authorizations/${a.authorizationId}/revoke`, body: { reason: '範囲外' } },
      'POST /api/kiosks': { path: '/api/kiosks', body: { name: '別の端末', areaIds: [A] } },
      'POST /api/kiosks/:id/revoke': { path: `/api/kiosks/${a.kioskId}/revoke` },
      'POST /api/kiosks/:id/release-throttle': { path: `/api/kiosks/${a.kioskId}/release-throttle` },
      'POST /api/access/guard-events': { path: '/api/access/guard-events', body: { idempotencyKey: randomUUID(), areaId: A, direction: 'in', purpose: '定常作業', personId: a.workerId, reason: '端末故障' } },
      'GET /api/presence': { path: `/api/presence?siteId=${w.site.siteId}` },
      'GET /api/sites/:id/muster': { path: `/api/sites/${w.site.siteId}/muster` },
      'POST /api/visitors': { path: '/api/visitors', body: visitor(a.workerId, w.site.siteId) },
      'POST /api/visitors/:id/events': { path: `/api/visitors/${a.visitorId}/events`, body: { areaId: A, direction: 'in' } },
      'POST /api/visitors/:id/sign-out': { path: `/api/visitors/${a.visitorId}/sign-out` },
      'GET /api/assets/labels': { path: `/api/assets/labels?ids=${a.asset.id}` },
      'GET /api/assets/:id': { path: `/api/assets/${a.asset.id}` },
      'PATCH /api/assets/:id': { path: `/api/assets/${a.asset.id}`, body: { description: '変更' } },
      'POST /api/assets/:id/status': { path: `/api/assets/${a.asset.id}/status`, body: { status: 'lost', note: '所在不明' } },
      'GET /api/assets/:id/label.svg': { path: `/api/assets/${a.asset.id}/label.svg` },
      'GET /api/assets/:id/label.png': { path: `/api/assets/${a.asset.id}/label.png` },
      'GET /api/areas/:id/ledger': { path: `/api/areas/${A}/ledger?date=2026-11-20` },
      'POST /api/areas/:id/ledger/:date/signoff/options': { path: `/api/areas/${A}/ledger/2026-11-20/signoff/options` },
      'POST /api/areas/:id/ledger/:date/signoff': { path: `/api/areas/${A}/ledger/2026-11-20/signoff`, body: {} },
      'POST /api/custody/requests': { path: '/api/custody/requests', body: requestBody('carry_in', A, [a.asset]) },
      'GET /api/custody/requests/:id': { path: `/api/custody/requests/${a.requestId}` },
      'PATCH /api/custody/requests/:id': { path: `/api/custody/requests/${a.requestId}`, body: { purpose: '変更' } },
      'POST /api/custody/requests/:id/submit': { path: `/api/custody/requests/${a.requestId}/submit` },
      'POST /api/custody/requests/:id/withdraw': { path: `/api/custody/requests/${a.requestId}/withdraw` },
      'POST /api/custody/requests/:id/approve': { path: `/api/custody/requests/${a.requestId}/approve`, body: {} },
      'POST /api/custody/requests/:id/reject': { path: `/api/custody/requests/${a.requestId}/reject`, body: { reason: '範囲外' } },
      'GET /api/custody/assets/:id/history': { path: `/api/custody/assets/${a.asset.id}/history` },
      // 甲's permission to connect site A's laptop to the network (第9条2): only site A's 甲 gives it.
      'GET /api/city/asset-networks/:id': { path: `/api/city/asset-networks/${a.asset.id}` },
      'POST /api/city/asset-networks/:id/permit/options': { path: `/api/city/asset-networks/${a.asset.id}/permit/options` },
      'POST /api/city/asset-networks/:id/refuse': { path: `/api/city/asset-networks/${a.asset.id}/refuse`, body: { reason: '範囲外' } },
      'POST /api/city/asset-networks/:id/paper': { path: `/api/city/asset-networks/${a.asset.id}/paper`, body: { permitReference: '新市情第9号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' } },
      'POST /api/city/asset-networks/:id/request': { path: `/api/city/asset-networks/${a.asset.id}/request`, body: { responsibleId: w.admin.personId } },
      // Production data used at site A (第15条): filed, read and decided only within site A.
      'POST /api/city/production-data': { path: '/api/city/production-data', body: { areaId: A, data: '本番データ', purpose: '移行', periodFrom: '2026-11-20', periodTo: '2026-11-21', responsibleId: w.admin.personId } },
      'GET /api/city/production-data/:id': { path: `/api/city/production-data/${a.productionDataId}` },
      'POST /api/city/production-data/:id/permit/options': { path: `/api/city/production-data/${a.productionDataId}/permit/options` },
      'POST /api/city/production-data/:id/refuse': { path: `/api/city/production-data/${a.productionDataId}/refuse`, body: { reason: '範囲外' } },
      'POST /api/city/production-data/:id/paper': { path: `/api/city/production-data/${a.productionDataId}/paper`, body: { permitReference: '新市情第9号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' } },
      'GET /api/areas/:id/custody-ledger': { path: `/api/areas/${A}/custody-ledger?date=2026-11-20` },
      'POST /api/areas/:id/custody-ledger/:date/signoff/options': { path: `/api/areas/${A}/custody-ledger/2026-11-20/signoff/options` },
      'POST /api/areas/:id/custody-ledger/:date/signoff': { path: `/api/areas/${A}/custody-ledger/2026-11-20/signoff`, body: {} },
      'GET /api/sites/:id/ledger': { path: `/api/sites/${w.site.siteId}/ledger?date=2026-11-20` },
      'POST /api/sites/:id/ledger/:date/signoff/options': { path: `/api/sites/${w.site.siteId}/ledger/2026-11-20/signoff/options` },
      'POST /api/sites/:id/ledger/:date/signoff': { path: `/api/sites/${w.site.siteId}/ledger/2026-11-20/signoff`, body: {} },
      'POST /api/access/corrections': { path: '/api/access/corrections', body: { eventId: a.entryEventId, kind: 'void', reason: '誤記録' } },
      'POST /api/disposal/requests': { path: '/api/disposal/requests', body: { items: [{ assetId: a.asset.id }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId } },
      'GET /api/disposal/requests/:id': { path: `/api/disposal/requests/${a.disposalId}` },
      'POST /api/disposal/requests/:id/approve': { path: `/api/disposal/requests/${a.disposalId}/approve`, body: {} },
      'POST /api/disposal/requests/:id/reject': { path: `/api/disposal/requests/${a.disposalId}/reject`, body: { reason: '範囲外' } },
      'POST /api/disposal/requests/:id/execution': { path: `/api/disposal/requests/${a.disposalId}/execution`, body: {} },
      'GET /api/disposal/requests/:id/certificate': { path: `/api/disposal/requests/${a.disposalId}/certificate` },
      'PUT /api/areas/:id/training-policy': { path: `/api/areas/${A}/training-policy`, body: { requiredCourse: '情報セキュリティ研修' } },
      'DELETE /api/areas/:id/training-policy': { path: `/api/areas/${A}/training-policy` },
      'POST /api/incidents': { path: '/api/incidents', body: { kind: 'lost_asset', title: '所在不明', discoveredAt: at(T0), assetId: a.asset.id } },
      'GET /api/incidents/:id': { path: `/api/incidents/${a.incidentId}` },
      'POST /api/incidents/:id/updates': { path: `/api/incidents/${a.incidentId}/updates`, body: { stage: 'note', text: '確認中' } },
      'POST /api/incidents/:id/close': { path: `/api/incidents/${a.incidentId}/close`, body: { note: '解決' } },
      'GET /api/incidents/:id/report': { path: `/api/incidents/${a.incidentId}/report` },
      'POST /api/people/:id/offboarding/assets/:assetId': { path: `/api/people/${a.workerId}/offboarding/assets/${a.asset.id}`, body: { outcome: 'returned', note: '' } },
      // People of every site are kept by staff of every site: a scoped admin changes only their sites' people.
      'PATCH /api/people/:id': { path: `/api/people/${a.workerId}`, body: { position: '主任' } },
      'POST /api/people/:id/suspend': { path: `/api/people/${a.workerId}/suspend`, body: { reason: '範囲外' } },
      'POST /api/people/:id/reactivate': { path: `/api/people/${a.workerId}/reactivate`, body: { reason: '範囲外' } },
      'POST /api/people/:id/enrolments': { path: `/api/people/${a.workerId}/enrolments` },
      'POST /api/people/:id/offboard': { path: `/api/people/${a.workerId}/offboard`, body: { reason: '範囲外' } },
      'POST /api/people/:id/badges': { path: `/api/people/${a.workerId}/badges` },
      // The monthly report is made per site (F4): site A's is refused to site B's staff and 甲.
      'GET /api/reports/monthly': { path: `/api/reports/monthly?month=2026-11&siteId=${w.site.siteId}` },
      // What covers every site at once is for staff of every site.
      'GET /api/contract-end/reconciliation': { path: '/api/contract-end/reconciliation' },
      'POST /api/contract-end/export': { path: '/api/contract-end/export' },
      'POST /api/exports/evidence': { path: '/api/exports/evidence', body: { from: '2026-11-20', to: '2026-11-20' } },
      'GET /api/exports': { path: '/api/exports' },
      'GET /api/journal': { path: '/api/journal' },
      'PATCH /api/anomaly-settings': { path: '/api/anomaly-settings', body: { longStayMinutes: 600 } },
      'POST /api/anomalies/sweep': { path: '/api/anomalies/sweep' },
      'POST /api/sites': { path: '/api/sites', body: { name: '新拠点' } },
    };
  }

  it('refuses with 403, naming nothing of site A, every route on a site A record, for each scoped role the route admits', async () => {
    const cases = siteARequests();
    for (const route of Object.keys(cases)) expect(ROUTES, route).toHaveProperty([route]);
    let checked = 0;
    const wrong: string[] = [];
    for (const [route, { path, body }] of Object.entries(cases)) {
      const access = ROUTES[route]!;
      const method = route.split(' ')[0]!;
      for (const role of ALL) {
        if (!(access === 'signed-in' || (Array.isArray(access) && access.includes(role)))) continue;
        const res = await scoped.get(role)!.client.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}));
        const refused = res.status === 403 && res.body.error?.code === 'FORBIDDEN' && !JSON.stringify(res.body).includes(a.asset.assetNumber);
        if (!refused) wrong.push(`${role} of site B: ${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        checked += 1;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it('F4: a supervisor of site A signs off site A’s ledger and gets 403 signing off site B’s', async () => {
    const own = await supervisorA.client.post(`/api/areas/${w.site.general.id}/ledger/2026-11-20/signoff/options`);
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const signed = await supervisorA.client.post(`/api/areas/${w.site.general.id}/ledger/2026-11-20/signoff`, { response: supervisorA.authenticator.getAssertion(own.body.options) });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    for (const ledger of [`areas/${siteB.general.id}/ledger`, `areas/${siteB.general.id}/custody-ledger`, `sites/${siteB.siteId}/ledger`]) {
      const other = await supervisorA.client.post(`/api/${ledger}/2026-11-20/signoff/options`);
      expect(other.status, ledger).toBe(403);
      expect((await supervisorA.client.post(`/api/${ledger}/2026-11-20/signoff`, { response: {} })).status, ledger).toBe(403);
    }
  });

  it('F4: a guard of site B cannot approve site A’s request on the spot at site A’s kiosk; a guard of every site can', async () => {
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const approveAs = async (who: SignedIn) => {
      const options = await w.kiosk.post('/api/kiosk/approvals/options', { requestId: r.id });
      expect(options.status, JSON.stringify(options.body)).toBe(200);
      return w.kiosk.post('/api/kiosk/approvals', { requestId: r.id, response: who.authenticator.getAssertion(options.body.options) });
    };
    const refused = await approveAs(scoped.get('guard')!);
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect((await w.admin.client.get(`/api/custody/requests/${r.id}`)).body.status).toBe('submitted');
    const approved = await approveAs(w.guard);
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
  });

  it('lists show staff of site B only site B’s rows; 甲 sees nothing that belongs to no site', async () => {
    const A = [w.site.general.id, w.site.secure.id];
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    for (const role of ['admin', 'supervisor', 'guard', 'auditor', 'city'] as const) {
      const c = scoped.get(role)!.client;
      const get = async (path: string) => {
        const res = await c.get(path);
        expect(res.status, `${role}: ${path}`).toBe(200);
        return res.body;
      };
      expect(ids((await get('/api/sites')).sites), role).toEqual([siteB.siteId]);
      expect((await get('/api/areas')).areas.every((x: { siteId: number }) => x.siteId === siteB.siteId), role).toBe(true);
      expect((await get(`/api/areas?siteId=${w.site.siteId}`)).areas, role).toEqual([]);
      expect(ids((await get('/api/visitors')).visitors), role).toEqual([b.visitorId]);
      expect(ids((await get('/api/assets')).assets), role).not.toContain(a.asset.id);
      expect(ids((await get('/api/custody/requests')).requests), role).not.toContain(a.requestId);
      expect((await get('/api/custody/inside')).areas.map((x: { areaId: number }) => x.areaId), role).toEqual([]);
      expect(ids((await get('/api/incidents')).incidents), role).not.toContain(a.incidentId);
      expect(ids((await get(`/api/presence?siteId=${siteB.siteId}`)).inside), role).toEqual([]);
      if (role !== 'guard') {
        expect(ids((await get('/api/disposal/requests')).requests), role).not.toContain(a.disposalId);
        const auths = ids((await get('/api/authorizations')).authorizations);
        expect(auths, role).toContain(b.authorizationId);
        expect(auths, role).not.toContain(a.authorizationId);
        expect((await get('/api/anomalies')).anomalies.every((x: { areaId: number | null }) => x.areaId === null || !A.includes(x.areaId)), role).toBe(true);
      }
      if (role !== 'auditor' && role !== 'city') {
        const offered = ids((await get('/api/custody/request-choices')).areas);
        expect(offered, role).toEqual(expect.arrayContaining([siteB.general.id, siteB.secure.id]));
        expect(offered.some((id) => A.includes(id)), role).toBe(false);
      }
      if (role !== 'city') {
        expect(ids((await get('/api/kiosks')).kiosks), role).toEqual([b.kioskId]);
        // An incident that names no located asset is the contractor's own: its staff of every site see it.
        expect(ids((await get('/api/incidents')).incidents), role).toContain(a.siteLessIncidentId);
      } else expect(ids((await get('/api/incidents')).incidents), role).not.toContain(a.siteLessIncidentId);
    }
    // The same lists, read by staff of every site, hold site A's rows.
    const all = w.admin.client;
    expect(ids((await all.get('/api/assets')).body.assets)).toContain(a.asset.id);
    expect(ids((await all.get('/api/custody/requests')).body.requests)).toContain(a.requestId);
    expect(ids((await all.get('/api/incidents')).body.incidents)).toContain(a.incidentId);
    expect(ids((await all.get('/api/disposal/requests')).body.requests)).toContain(a.disposalId);
  });

  it('F4: 甲 reads its own site’s ledgers and records, and the console learns its sites from /api/auth/me', async () => {
    const city = scoped.get('city')!.client;
    expect((await city.get(`/api/areas/${siteB.general.id}/ledger?date=2026-11-20`)).status).toBe(200);
    expect((await city.get(`/api/areas/${siteB.general.id}/custody-ledger?date=2026-11-20`)).status).toBe(200);
    const me = await city.get('/api/auth/me');
    expect(me.body.person.siteIds).toEqual([siteB.siteId]);
    expect(me.body.sites).toEqual([{ id: siteB.siteId, name: expect.any(String) }]);
    expect((await w.admin.client.get('/api/auth/me')).body.sites).toBeNull();
    // Never personal data, even of its own sites: the roster is not 甲's to read.
    expect((await city.get(`/api/people/${a.workerId}?include=sensitive`)).status).toBe(403);
  });

  it('a scoped admin names only their own sites for the people they add, never every site', async () => {
    const adminB = scoped.get('admin')!.client;
    const orgs = (await adminB.get('/api/organisations')).body.organisations;
    const base = { name: '拠点 太郎', kana: 'きょてん たろう', organisationId: orgs[0].id, roles: ['worker'] };
    const everySite = await adminB.post('/api/people', base);
    expect(everySite.status).toBe(400);
    expect(everySite.body.error.details.issues[0].path).toBe('body.siteIds');
    const otherSite = await adminB.post('/api/people', { ...base, siteIds: [siteB.siteId, w.site.siteId] });
    expect(otherSite.status).toBe(400);
    expect(otherSite.body.error.details.issues[0].path).toBe('body.siteIds.1');
    const own = await adminB.post('/api/people', { ...base, siteIds: [siteB.siteId] });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await adminB.patch(`/api/people/${own.body.id}`, { position: '主任' })).status).toBe(200);
    expect((await adminB.patch(`/api/people/${own.body.id}`, { siteIds: null })).status).toBe(400);
  });
});
