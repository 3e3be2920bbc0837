import { describe, expect, it } from 'vitest';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { CLEAN_SCAN, custodyWorld, givenApproved, givenAsset, givenSubmitted, requestBody } from '../support/custody.ts';

const paths = (res: { body: any }) => res.body.error.details.issues.map((i: { path: string }) => i.path);

describe('a request the requester can mend before it is decided (issue 17)', () => {
  it('the requester withdraws a submitted request: one journal entry, and it cannot be withdrawn or decided again', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const before = journalCount(w.env.deps.sqlite);
    const res = await w.worker.client.post(`/api/custody/requests/${r.id}/withdraw`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: r.id, status: 'withdrawn' });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'custody_request.withdrawn', entity_type: 'custody_request', entity_id: String(r.id), actor_id: String(w.worker.id) });
    const counts = rowCounts(w.env.deps.sqlite);
    expect((await w.worker.client.post(`/api/custody/requests/${r.id}/withdraw`)).status).toBe(409);
    expect((await w.guard.client.post(`/api/custody/requests/${r.id}/approve`, {})).status).toBe(409);
    expect((await w.worker.client.patch(`/api/custody/requests/${r.id}`, { purpose: '変更' })).status).toBe(409);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
  });

  it('no one but the requester withdraws a request (403), and a decided request is not withdrawn (409); nothing written', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const counts = rowCounts(w.env.deps.sqlite);
    const other = await w.supervisor.client.post(`/api/custody/requests/${r.id}/withdraw`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);

    const approved = await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const afterApproval = rowCounts(w.env.deps.sqlite);
    const late = await w.worker.client.post(`/api/custody/requests/${approved.id}/withdraw`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('approved');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(afterApproval);
  });

  it('the requester edits a submitted request while no approval is given; it stays awaiting approval; one journal entry', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const before = journalCount(w.env.deps.sqlite);
    const edited = await w.worker.client.patch(`/api/custody/requests/${r.id}`, { purpose: '障害対応' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ status: 'submitted', purpose: '障害対応', approvalsGiven: 0 });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'custody_request.updated', entity_id: String(r.id) });
    expect((await w.supervisor.client.patch(`/api/custody/requests/${r.id}`, { purpose: '他人' })).status).toBe(403);

    // 重要情報 needs two approvals: after the first, the request is no longer the requester's to change.
    const secret = await givenAsset(w.admin.client, { classification: 'important' });
    const two = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [secret], { protection: { encryption: true, lockedCase: false } }));
    expect((await w.supervisor.client.post(`/api/custody/requests/${two.id}/approve`, {})).body).toMatchObject({ status: 'submitted', approvalsGiven: 1 });
    const counts = rowCounts(w.env.deps.sqlite);
    expect((await w.worker.client.patch(`/api/custody/requests/${two.id}`, { purpose: '変更' })).status).toBe(409);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
  });

  it('C5: a storage asset without a clean scan is refused at submit with a 400 naming body.items.0.scan; nothing written', async () => {
    const w = await custodyWorld();
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    const draft = (await w.worker.client.post('/api/custody/requests', { ...requestBody('carry_in', w.site.general.id, [usb]), items: [{ assetId: usb.id }] })).body;
    const counts = rowCounts(w.env.deps.sqlite);
    const res = await w.worker.client.post(`/api/custody/requests/${draft.id}/submit`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues).toEqual([{ path: 'body.items.0.scan', message: `${usb.assetNumber} has no virus-scan record: it cannot be approved` }]);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);

    await w.worker.client.patch(`/api/custody/requests/${draft.id}`, { items: [{ assetId: usb.id, scan: { ...CLEAN_SCAN, result: 'infected' } }] });
    const infected = await w.worker.client.post(`/api/custody/requests/${draft.id}/submit`);
    expect(infected.status).toBe(400);
    expect(paths(infected)).toEqual(['body.items.0.scan']);

    await w.worker.client.patch(`/api/custody/requests/${draft.id}`, { items: [{ assetId: usb.id, scan: CLEAN_SCAN }] });
    const submitted = await w.worker.client.post(`/api/custody/requests/${draft.id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted' });

    // Editing the submitted request cannot take the scan away again.
    const afterSubmit = rowCounts(w.env.deps.sqlite);
    const removed = await w.worker.client.patch(`/api/custody/requests/${draft.id}`, { items: [{ assetId: usb.id }] });
    expect(removed.status).toBe(400);
    expect(paths(removed)).toEqual(['body.items.0.scan']);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(afterSubmit);
  });
});
