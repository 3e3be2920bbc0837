import { describe, expect, it } from 'vitest';
import { rawGet } from '../ledger/ledger-world.ts';
import { signedInAs } from '../support/client.ts';
import { contractWorld, KNOWN } from './contract-world.ts';

describe('C10, D4 the contract-end reconciliation', () => {
  it('C10: lists what was carried in and not out, loaned items not returned, people not offboarded and open incidents', async () => {
    const w = await contractWorld();
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const res = await auditor.client.get('/api/contract-end/reconciliation');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.clear).toBe(false);
    expect(r.carriedInNotOut.map((a: { id: number }) => a.id)).toEqual([w.laptop.id]);
    expect(r.carriedInNotOut[0]).toMatchObject({ ownerType: 'contractor', status: 'inside', areaName: '執務室', serialNumber: 'PC-777' });
    expect(r.loaned.cityLoaned.map((a: { id: number }) => a.id)).toEqual([w.cityPc.id]);
    expect(r.loaned.securityKeys).toMatchObject([{ id: w.key.id, custodianName: KNOWN.name }]);
    expect(r.loaned.badges.map((b: { personId: number }) => b.personId)).toEqual(expect.arrayContaining([w.worker.id, w.named.id]));
    expect(r.people.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([w.named.id, w.worker.id, w.admin.personId]));
    expect(r.openIncidents).toMatchObject([{ id: w.incidentId, kind: 'lost_badge' }]);
    expect(r.counts).toMatchObject({ carriedInNotOut: 1, cityLoanedNotReturned: 1, securityKeysOut: 1, openIncidents: 1 });
    expect((await w.worker.client.get('/api/contract-end/reconciliation')).status).toBe(403);
  });

  it('C10: printable as an A4 checklist with no script and every text escaped', async () => {
    const w = await contractWorld();
    await w.supervisor.client.post('/api/incidents', { kind: 'other', title: '<script>alert(1)</script>', discoveredAt: new Date(w.env.clock.now() - 60_000).toISOString() });
    const page = await rawGet(w.env, w.supervisor.client, '/api/contract-end/reconciliation?format=html');
    expect(page.status).toBe(200);
    const html = page.bytes.toString('utf8');
    expect(html).toContain('<h1>契約終了時の返却・持出確認表</h1>');
    expect(html).toContain(w.laptop.assetNumber);
    expect(html).toContain(KNOWN.name);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
  });
});
