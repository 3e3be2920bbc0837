import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { setupAdmin } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker, givenPasskeyWorker, passkeyEvent } from '../support/world.ts';

describe('kiosk smoke', () => {
  it('badge in and out, passkey in', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
    const w = await givenWorker(admin.client, [site.general.id]);
    const inRes = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(inRes.status, JSON.stringify(inRes.body)).toBe(201);
    expect(inRes.body.event.result).toBe('accepted');
    const pk = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    const pkRes = await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, pk, site.secure.id, 'in'));
    expect(pkRes.status, JSON.stringify(pkRes.body)).toBe(201);
    expect(pkRes.body.event).toMatchObject({ result: 'accepted', personId: pk.id, method: 'passkey' });
    const presence = await admin.client.get(`/api/presence?siteId=${site.siteId}`);
    expect(presence.body.inside).toHaveLength(2);
  });
});
