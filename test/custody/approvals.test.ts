import { describe, expect, it } from 'vitest';
import { T0 } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { givenPasskeyWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { at, custodyWorld, givenAsset, givenSubmitted, requestBody } from '../support/custody.ts';

function approvals(w: Awaited<ReturnType<typeof custodyWorld>>) {
  return w.env.deps.sqlite.prepare('select approver_id, decision, on_the_spot, reason from custody_approvals order by id').all();
}

describe('approvals (E1): never by the requester or the carrier', () => {
  it('E1: the requester cannot approve their own request (403), nothing written', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.supervisor.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const before = rowCounts(w.env.deps.sqlite);
    const res = await w.supervisor.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('no one approves or rejects a request they made or will carry (E1)');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('E1: nor can the carrier named by someone else', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.supervisor.client, requestBody('carry_in', w.site.general.id, [laptop], { carrierId: w.guard.personId }));
    const res = await w.guard.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(res.status).toBe(403);
    const ok = await w.supervisor2.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(ok.body).toMatchObject({ status: 'approved', approvalsGiven: 1 });
  });

  it('C2/C3: a guard approves a carry-in; a carry-out needs a supervisor', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const carryIn = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const approved = await w.guard.client.post(`/api/custody/requests/${carryIn.id}/approve`, { note: '確認済み' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvals: [{ approverId: w.guard.personId, decision: 'approved', onTheSpot: false, reason: '確認済み' }] });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'custody_request.approved', entity_id: String(carryIn.id), actor_id: String(w.guard.personId) });

    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    const carryOut = await givenSubmitted(w.worker.client, requestBody('carry_out', w.site.general.id, [disk]));
    const byGuard = await w.guard.client.post(`/api/custody/requests/${carryOut.id}/approve`, {});
    expect(byGuard.status).toBe(403);
    expect(byGuard.body.error.message).toContain('supervisor');
    expect((await w.supervisor.client.post(`/api/custody/requests/${carryOut.id}/approve`, {})).body.status).toBe('approved');
    const worker = await signedInAs(w.env, w.admin.client, ['worker']);
    expect((await worker.client.post(`/api/custody/requests/${carryOut.id}/approve`, {})).status).toBe(403);
  });

  it('E1: 重要情報 needs two different approvers; the first leaves it submitted at 1/2', async () => {
    const w = await custodyWorld();
    const secret = await givenAsset(w.admin.client, { kind: 'usb_memory', classification: 'important' });
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [secret], { protection: { encryption: true, lockedCase: false } }));
    const first = await w.guard.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(first.body).toMatchObject({ status: 'submitted', approvalsGiven: 1, approvalsNeeded: 2, decidedAt: null });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('custody_request.partially_approved');
    const journal = journalCount(w.env.deps.sqlite);
    const sameAgain = await w.guard.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(sameAgain.status).toBe(409);
    expect(sameAgain.body.error.message).toContain('someone else');
    expect(journalCount(w.env.deps.sqlite)).toBe(journal);
    const second = await w.supervisor.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(second.body).toMatchObject({ status: 'approved', approvalsGiven: 2 });
    expect(approvals(w)).toEqual([
      { approver_id: w.guard.personId, decision: 'approved', on_the_spot: 0, reason: '' },
      { approver_id: w.supervisor.personId, decision: 'approved', on_the_spot: 0, reason: '' },
    ]);
  });

  it('C5: storage found on an asset after submission blocks approval with 409 naming the item', async () => {
    const w = await custodyWorld();
    const paper = await givenAsset(w.admin.client, { kind: 'paper_document' });
    const binder = await givenAsset(w.admin.client, { kind: 'other', hasStorage: false });
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [paper, binder]));
    expect((await w.admin.client.patch(`/api/assets/${binder.id}`, { hasStorage: true })).status).toBe(200);
    const before = rowCounts(w.env.deps.sqlite);
    const res = await w.guard.client.post(`/api/custody/requests/${r.id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: `${binder.assetNumber} has no virus-scan record: it cannot be approved`, details: { issues: [{ path: 'body.items.1.scan', message: `${binder.assetNumber} has no virus-scan record: it cannot be approved` }], assetId: binder.id } });
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('a rejection needs a reason and ends the request; an expired request cannot be decided', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const before = rowCounts(w.env.deps.sqlite);
    const noReason = await w.guard.client.post(`/api/custody/requests/${r.id}/reject`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues[0].path).toBe('body.reason');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
    const rejected = await w.guard.client.post(`/api/custody/requests/${r.id}/reject`, { reason: '業務に不要' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '業務に不要' });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('custody_request.rejected');
    expect((await w.supervisor.client.post(`/api/custody/requests/${r.id}/approve`, {})).status).toBe(409);

    const short = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop], { windowTo: at(T0 + 60_000) }));
    w.env.clock.advance(60_000);
    const late = await w.guard.client.post(`/api/custody/requests/${short.id}/approve`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('expired');
  });

  it('a draft cannot be approved', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const other = await givenPasskeyWorker(w.env, w.admin.client, [w.site.general.id]);
    const draft = await other.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop]));
    const res = await w.guard.client.post(`/api/custody/requests/${draft.body.id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('only a submitted request');
  });
});
