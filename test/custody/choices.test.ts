import { describe, expect, it } from 'vitest';
import { custodyWorld, givenAsset } from '../support/custody.ts';
import { signedInAs } from '../support/client.ts';

describe('the request form\'s choices (C2, C3: a worker writes their own request)', () => {
  it('a worker sees the areas they are authorized for, the movable assets in their custody, and the asset whose number they type', async () => {
    const w = await custodyWorld();
    const mine = await givenAsset(w.admin.client, { custodianId: w.worker.id, assetNumber: 'PC-MINE-1' });
    await givenAsset(w.admin.client, { custodianId: w.worker.id, ownerType: 'personal', assetNumber: 'PHONE-OWN' });
    const other = await givenAsset(w.admin.client, { assetNumber: 'PC-POOL-7' });
    const lost = await givenAsset(w.admin.client, { custodianId: w.worker.id, assetNumber: 'USB-LOST' });
    expect((await w.admin.client.post(`/api/assets/${lost.id}/status`, { status: 'lost', note: '所在不明' })).status).toBe(200);
    const elsewhere = await w.admin.client.post('/api/areas', { siteId: w.site.siteId, name: '倉庫', securityLevel: 'general' });

    const res = await w.worker.client.get('/api/custody/request-choices?number=PC-POOL-7');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.areas.map((a: { id: number }) => a.id).sort()).toEqual([w.site.general.id, w.site.secure.id].sort());
    expect(res.body.areas.map((a: { id: number }) => a.id)).not.toContain(elsewhere.body.id);
    expect(res.body.assets.map((a: { assetNumber: string }) => a.assetNumber)).toEqual(['PC-MINE-1']);
    expect(res.body.assets[0]).toMatchObject({ id: mine.id, tag: mine.tag });
    expect(res.body.found).toMatchObject({ id: other.id, assetNumber: 'PC-POOL-7' });
    expect((await w.worker.client.get('/api/custody/request-choices?number=PHONE-OWN')).body.found).toBeNull();
    expect((await w.worker.client.get('/api/custody/request-choices?number=NOPE')).body.found).toBeNull();
  });

  it('staff see every area; a bad number names the field', async () => {
    const w = await custodyWorld();
    const res = await w.guard.client.get('/api/custody/request-choices');
    expect(res.body.areas.length).toBe(2);
    expect(res.body.found).toBeNull();
    const bad = await w.guard.client.get('/api/custody/request-choices?number=%E3%81%82');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.number');
    const unauthorized = await signedInAs(w.env, w.admin.client, ['worker']);
    expect((await unauthorized.client.get('/api/custody/request-choices')).body).toMatchObject({ areas: [], assets: [] });
  });
});
