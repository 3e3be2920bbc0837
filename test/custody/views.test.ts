import { describe, expect, it } from 'vitest';
import { T0 } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, HOUR, requestBody, scan, type Asset, type CustodyWorld } from '../support/custody.ts';

const auditor = (w: CustodyWorld) => signedInAs(w.env, w.admin.client, ['auditor']);

/** Carries `assets` in to the general area, then `out` of them out on loan until `returnAt`. */
async function inAndOut(w: CustodyWorld, assets: Asset[], out: Asset[], returnAt: number) {
  await givenApproved(w, requestBody('carry_in', w.site.general.id, assets));
  const entry = await badge(w, w.site.general.id, 'in');
  for (const a of assets) await scan(w, w.site.general.id, 'in', a, entry.id);
  if (out.length) await givenApproved(w, requestBody('carry_out', w.site.general.id, out, { expectedReturnAt: at(returnAt) }));
  for (const a of out) await scan(w, w.site.general.id, 'out', a, entry.id);
  return entry;
}

describe('custody views (C10)', () => {
  it('C10: inside by area, and outside with the expected return, overdue flagged against the clock', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    await inAndOut(w, [laptop, disk], [disk], T0 + 5 * 60_000);

    const inside = await w.guard.client.get('/api/custody/inside');
    expect(inside.status).toBe(200);
    expect(inside.body.areas).toEqual([
      { areaId: w.site.general.id, areaName: '執務室', assets: [expect.objectContaining({ id: laptop.id, status: 'inside', custodianId: w.worker.id, custodianName: w.worker.name, overdue: false })] },
    ]);
    expect((await w.guard.client.get(`/api/custody/inside?areaId=${w.site.secure.id}`)).body.areas).toEqual([]);

    const before = await auditor(w).then((a) => a.client.get('/api/custody/outside'));
    expect(before.body).toMatchObject({ overdueCount: 0, assets: [{ id: disk.id, status: 'on_loan', expectedReturnAt: at(T0 + 5 * 60_000), overdue: false }] });
    w.env.clock.advance(6 * 60_000);
    const after = await w.supervisor.client.get('/api/custody/outside?overdue=true');
    expect(after.body).toMatchObject({ overdueCount: 1, assets: [{ id: disk.id, overdue: true, custodianName: w.worker.name }] });
  });

  it('C10: per-person custody for staff, and a worker\'s own through /custody/mine', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    await inAndOut(w, [laptop, disk], [disk], T0 + 5 * 60_000);
    w.env.clock.advance(6 * 60_000);
    const staff = await w.supervisor.client.get(`/api/custody/people/${w.worker.id}`);
    expect(staff.body.person).toEqual({ id: w.worker.id, name: w.worker.name });
    expect(staff.body.assets.map((a: { id: number; overdue: boolean }) => [a.id, a.overdue])).toEqual([
      [laptop.id, false],
      [disk.id, true],
    ]);
    expect(staff.body.requests).toHaveLength(2);
    const mine = await w.worker.client.get('/api/custody/mine');
    expect(mine.body.assets).toHaveLength(2);
    expect((await w.worker.client.get(`/api/custody/people/${w.worker.id}`)).status).toBe(403);
    expect((await w.supervisor.client.get('/api/custody/people/99999')).status).toBe(404);
  });

  it('C10: per-asset history: requests with approvals, movements (refusals too) and journal entries', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const entry = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'in', laptop, entry.id); // refused: no approval yet
    await inAndOut(w, [laptop], [laptop], T0 + 4 * HOUR);
    const res = await auditor(w).then((a) => a.client.get(`/api/custody/assets/${laptop.id}/history`));
    expect(res.status).toBe(200);
    expect(res.body.asset).toMatchObject({ id: laptop.id, status: 'on_loan' });
    expect(res.body.requests.map((r: { kind: string; status: string; approvals: unknown[] }) => [r.kind, r.status, r.approvals.length])).toEqual([
      ['carry_in', 'completed', 1],
      ['carry_out', 'completed', 1],
    ]);
    expect(res.body.movements.map((m: { direction: string; result: string; refusalReason: string | null }) => [m.direction, m.result, m.refusalReason])).toEqual([
      ['in', 'refused', 'no_approval'],
      ['in', 'accepted', null],
      ['out', 'accepted', null],
    ]);
    expect(res.body.journal.map((e: { action: string }) => e.action)).toEqual([
      'asset.registered',
      'movement.refused',
      'custody_request.created',
      'custody_request.submitted',
      'custody_request.approved',
      'movement.recorded',
      'custody_request.created',
      'custody_request.submitted',
      'custody_request.approved',
      'movement.recorded',
    ]);
    expect(res.body.movements[0]).not.toHaveProperty('requestHash');
  });

  it('replaying the journal\'s movements gives where each asset is and who holds it', async () => {
    const w = await custodyWorld();
    const assets = [await givenAsset(w.admin.client), await givenAsset(w.admin.client, { kind: 'usb_memory' }), await givenAsset(w.admin.client, { kind: 'paper_document' })];
    await inAndOut(w, assets, [assets[1]!], T0 + 4 * HOUR);
    const entries = w.env.deps.sqlite.prepare("select data from journal where action = 'movement.recorded' order by seq").all() as { data: string }[];
    const replayed = new Map<number, unknown>();
    for (const e of entries) {
      const d = JSON.parse(e.data) as { asset: { id: number; status: string; locationAreaId: number | null; custodianId: number } };
      replayed.set(d.asset.id, { status: d.asset.status, location_area_id: d.asset.locationAreaId, custodian_id: d.asset.custodianId });
    }
    const stored = w.env.deps.sqlite.prepare('select id, status, location_area_id, custodian_id from assets order by id').all() as { id: number }[];
    expect(new Map(stored.map(({ id, ...rest }) => [id, rest]))).toEqual(replayed);
  });
});
