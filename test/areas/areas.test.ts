import { describe, expect, it } from 'vitest';
import { testEnv, T0 } from '../support/harness.ts';
import { givenPerson, setupAdmin } from '../support/client.ts';
import { isAuthorized } from '../../src/areas/service.ts';

describe('areas (B1) and authorizations (B2)', () => {
  it('a secure area defaults to passkey (and guard) only, with the last-person-out rule', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await admin.client.post('/api/sites', { name: '本庁舎' });
    const secure = await admin.client.post('/api/areas', { siteId: site.body.id, name: 'サーバ室', securityLevel: 'secure' });
    expect(secure.status).toBe(201);
    expect(secure.body).toMatchObject({ acceptedMethods: ['passkey', 'guard'], lastPersonOutRule: true, outOfSequence: 'flag' });
    const general = await admin.client.post('/api/areas', { siteId: site.body.id, name: '執務室', securityLevel: 'general' });
    expect(general.body.acceptedMethods).toEqual(['passkey', 'badge', 'guard']);
    const dup = await admin.client.post('/api/areas', { siteId: site.body.id, name: '執務室', securityLevel: 'general' });
    expect(dup.status).toBe(409);
    const noSite = await admin.client.post('/api/areas', { siteId: 999, name: 'X', securityLevel: 'general' });
    expect(noSite.status).toBe(404); // an unknown id named in the body is 404, with the field named (issue 18)
    expect(noSite.body.error.details.issues[0].path).toBe('body.siteId');
  });

  it('an authorization holds inside its window and not after revocation', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await admin.client.post('/api/sites', { name: '本庁舎' });
    const area = await admin.client.post('/api/areas', { siteId: site.body.id, name: 'サーバ室', securityLevel: 'secure' });
    const p = await givenPerson(admin.client);
    const grant = await admin.client.post('/api/authorizations', {
      personId: p.id,
      areaId: area.body.id,
      validFrom: new Date(T0).toISOString(),
      validTo: new Date(T0 + 3600_000).toISOString(),
    });
    expect(grant.status).toBe(201);
    const db = env.deps.db;
    expect(isAuthorized(db, p.id, area.body.id, T0 - 1)).toBe(false);
    expect(isAuthorized(db, p.id, area.body.id, T0)).toBe(true);
    expect(isAuthorized(db, p.id, area.body.id, T0 + 3600_000)).toBe(false);
    const active = await admin.client.get(`/api/authorizations?personId=${p.id}&active=true`);
    expect(active.body.authorizations).toHaveLength(1);
    await admin.client.post(`/api/authorizations/${grant.body.id}/revoke`, { reason: '異動' });
    expect(isAuthorized(db, p.id, area.body.id, T0 + 1)).toBe(false);
    const again = await admin.client.post(`/api/authorizations/${grant.body.id}/revoke`, { reason: '異動' });
    expect(again.status).toBe(409);
    const inverted = await admin.client.post('/api/authorizations', { personId: p.id, areaId: area.body.id, validFrom: '2026-11-20T10:00:00+09:00', validTo: '2026-11-20T09:00:00+09:00' });
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.details.issues[0].path).toBe('body.validTo');
  });
});
