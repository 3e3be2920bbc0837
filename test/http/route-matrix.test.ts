import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema/roster.ts';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { Client, setupAdmin, signedInAs } from '../support/client.ts';
import { givenKiosk, givenSite, type KioskClient } from '../support/world.ts';

/** 'kiosk': only a kiosk device token passes; every signed-in person is refused (401: no kiosk token). */
type Access = Role[] | 'public' | 'signed-in' | 'kiosk';
const ALL: Role[] = ['admin', 'supervisor', 'guard', 'worker', 'auditor'];

/** Every route of the API and who may call it. A route missing here fails the test. */
export const ROUTES: Record<string, Access> = {
  'GET /api/info': 'public',
  'GET /api/auth/enrolment': 'public',
  'POST /api/auth/registration/options': 'public',
  'POST /api/auth/registration/verify': 'public',
  'POST /api/auth/login/options': 'public',
  'POST /api/auth/login/verify': 'public',
  'GET /api/auth/me': 'signed-in',
  'GET /api/auth/me/passkeys': 'signed-in',
  'GET /api/people/:id/passkeys': ['admin'],
  'POST /api/people/:id/enrolments': ['admin'],
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
  'GET /api/sites': ['admin', 'supervisor', 'guard', 'auditor'],
  'POST /api/sites': ['admin'],
  'PATCH /api/sites/:id': ['admin'],
  'GET /api/areas': ['admin', 'supervisor', 'guard', 'auditor'],
  'GET /api/areas/:id': ['admin', 'supervisor', 'guard', 'auditor'],
  'POST /api/areas': ['admin'],
  'PATCH /api/areas/:id': ['admin'],
  'GET /api/authorizations': ['admin', 'supervisor', 'auditor'],
  'POST /api/authorizations': ['admin'],
  'POST /api/authorizations/:id/revoke': ['admin'],
  'GET /api/journal': ['auditor', 'admin'],
  'GET /api/journal/verify': ['auditor', 'admin'],
  'GET /api/integrity': 'signed-in',
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
  'GET /api/presence': ['guard', 'supervisor', 'admin', 'auditor'],
  'GET /api/sites/:id/muster': ['guard', 'supervisor', 'admin', 'auditor'],
  'GET /api/visitors': ['guard', 'supervisor', 'admin', 'auditor'],
  'POST /api/visitors': ['guard', 'supervisor'],
  'POST /api/visitors/:id/events': ['guard', 'supervisor'],
  'POST /api/visitors/:id/sign-out': ['guard', 'supervisor'],
  'GET /api/badges': ['admin', 'guard', 'auditor'],
  'POST /api/people/:id/badges': ['admin'],
  'POST /api/badges/:serial/revoke': ['admin', 'guard'],
  'GET /api/badges/sheet': ['admin'],
  'GET /api/assets': ['admin', 'guard', 'supervisor', 'auditor'],
  'POST /api/assets': ['admin', 'guard'],
  'POST /api/assets/import': ['admin'],
  'GET /api/assets/labels': ['admin', 'guard'],
  'GET /api/assets/:id': ['admin', 'guard', 'supervisor', 'auditor'],
  'PATCH /api/assets/:id': ['admin'],
  'POST /api/assets/:id/status': ['admin', 'supervisor'],
  'GET /api/assets/:id/label.svg': ['admin', 'guard'],
  'GET /api/assets/:id/label.png': ['admin', 'guard'],
  'GET /api/areas/:id/ledger': ['supervisor', 'admin', 'auditor'],
  'POST /api/areas/:id/ledger/:date/signoff/options': ['supervisor'],
  'POST /api/areas/:id/ledger/:date/signoff': ['supervisor'],
  'GET /api/sites/:id/ledger': ['supervisor', 'admin', 'auditor'],
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
  'GET /api/custody/inside': ['admin', 'guard', 'supervisor', 'auditor'],
  'GET /api/custody/outside': ['admin', 'guard', 'supervisor', 'auditor'],
  'GET /api/custody/people/:id': ['admin', 'guard', 'supervisor', 'auditor'],
  'GET /api/custody/mine': 'signed-in',
  'GET /api/custody/assets/:id/history': ['admin', 'guard', 'supervisor', 'auditor'],
  'GET /api/areas/:id/custody-ledger': ['supervisor', 'admin', 'auditor'],
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
  'GET /api/disposal/requests/:id/certificate': ['admin', 'supervisor', 'auditor'],
  'GET /api/city/policies/:id': 'signed-in',
  'PUT /api/city/policies/:id': ['city'],
  'GET /api/city/pending': ['city', 'admin', 'supervisor', 'guard', 'auditor'],
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
  'GET /api/incidents': ['admin', 'supervisor', 'guard', 'auditor'],
  'POST /api/incidents': ['admin', 'supervisor', 'guard'],
  'GET /api/incidents/:id': ['admin', 'supervisor', 'guard', 'auditor'],
  'POST /api/incidents/:id/updates': ['admin', 'supervisor', 'guard'],
  'POST /api/incidents/:id/close': ['admin', 'supervisor'],
  'GET /api/incidents/:id/report': ['admin', 'supervisor', 'guard', 'auditor'],
  'GET /api/schedules': ['admin', 'supervisor', 'auditor'],
  'PUT /api/people/:id/schedules/:month': ['admin', 'supervisor'],
  'POST /api/schedules/import': ['admin', 'supervisor'],
  'GET /api/anomaly-settings': ['admin', 'supervisor', 'auditor'],
  'PATCH /api/anomaly-settings': ['admin'],
  'GET /api/anomalies': ['admin', 'supervisor', 'auditor'],
  'POST /api/anomalies/sweep': ['admin', 'supervisor'],
  'GET /api/reports/monthly': ['supervisor', 'admin', 'auditor'],
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
    for (const role of ALL.filter((r) => r !== 'admin')) clients.set(role, (await signedInAs(env, admin.client, [role])).client);
    clients.set('anonymous', new Client(env.app));
    const site = await givenSite(admin.client);
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
