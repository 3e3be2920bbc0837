import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { T0 } from '../support/harness.ts';
import { givenKiosk, givenPasskeyWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import type { Reply } from '../support/client.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, givenSubmitted, HOUR, movement, requestBody, scan, type Asset, type CustodyWorld } from '../support/custody.ts';
import { tagPayload } from '../../src/assets/tag.ts';

function assetRow(w: CustodyWorld, id: number) {
  return w.env.deps.sqlite.prepare('select status, location_area_id, custodian_id, expected_return_at from assets where id = ?').get(id);
}

/** A refusal is recorded (201), with its reason and one movement.refused journal entry; the asset does not move. */
function expectRefused(w: CustodyWorld, res: Reply, reason: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.movement).toMatchObject({ result: 'refused', refusalReason: reason });
  expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'movement.refused', entity_type: 'movement', entity_id: String(res.body.movement.id) });
}

async function carriedIn(w: CustodyWorld, asset: Asset) {
  await givenApproved(w, requestBody('carry_in', w.site.general.id, [asset]));
  const entry = await badge(w, w.site.general.id, 'in');
  const res = await scan(w, w.site.general.id, 'in', asset, entry.id);
  expect(res.body.movement.result, JSON.stringify(res.body)).toBe('accepted');
  return entry;
}

describe('movements at the kiosk (C9): accepted only under an approved, unexpired request', () => {
  it('C9: a carry-in moves the asset inside, into the carrier\'s custody, and completes the request', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    const r = await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop, usb]));
    const entry = await badge(w, w.site.general.id, 'in');
    w.env.clock.advance(60_000);
    const first = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      movement: { result: 'accepted', refusalReason: null, assetId: laptop.id, requestId: r.id, personId: w.worker.id, accessEventId: entry.id, kioskId: w.kiosk.id, direction: 'in', occurredAt: at(T0 + 60_000) },
      asset: { status: 'inside', locationAreaId: w.site.general.id, custodianId: w.worker.id },
      request: { id: r.id, status: 'approved' },
      replayed: false,
    });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'movement.recorded', entity_id: String(first.body.movement.id), actor_id: String(w.kiosk.id) });
    const second = await scan(w, w.site.general.id, 'in', usb, entry.id);
    expect(second.body.request).toEqual({ id: r.id, status: 'completed' });
    expect((await w.supervisor.client.get(`/api/custody/requests/${r.id}`)).body).toMatchObject({ status: 'completed', items: [{ moved: true }, { moved: true }] });
  });

  it('C9: a carry-out with an expected return puts the asset on loan; without one, outside', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    const entry = await carriedIn(w, laptop);
    await scan(w, w.site.general.id, 'in', disk, entry.id); // refused: no approval
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [disk]));
    expect((await scan(w, w.site.general.id, 'in', disk, entry.id)).body.movement.result).toBe('accepted');
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [laptop], { expectedReturnAt: at(T0 + 48 * HOUR) }));
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [disk]));
    const loan = await scan(w, w.site.general.id, 'out', laptop, entry.id);
    expect(loan.body.asset).toMatchObject({ status: 'on_loan', locationAreaId: null, custodianId: w.worker.id, expectedReturnAt: at(T0 + 48 * HOUR) });
    const exit = await badge(w, w.site.general.id, 'out');
    const out = await scan(w, w.site.general.id, 'out', disk, exit.id);
    expect(out.body.asset).toMatchObject({ status: 'outside', locationAreaId: null, expectedReturnAt: null });
  });
});

describe('every refusal reason is recorded (C9, C4, C5, C11)', () => {
  it('unknown_asset and tag_damaged (a damaged QR payload fails its check character)', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', tagPayload('NO-SUCH-1'), entry.id), 'unknown_asset');
    expectRefused(w, await scan(w, w.site.general.id, 'in', 'https://example.com/not-a-tag', entry.id), 'unknown_asset');
    const good = tagPayload(laptop.assetNumber);
    const damaged = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    const res = await scan(w, w.site.general.id, 'in', damaged, entry.id);
    expectRefused(w, res, 'tag_damaged');
    expect(res.body.movement).toMatchObject({ assetId: null, scannedCode: damaged });
    expect(assetRow(w, laptop.id)).toMatchObject({ status: 'registered', location_area_id: null });
  });

  it('no_approval: a submitted request is not an approval', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', laptop, entry.id), 'no_approval');
  });

  it('expired and not_yet_valid: a movement outside its window', async () => {
    const w = await custodyWorld();
    const early = await givenAsset(w.admin.client);
    const late = await givenAsset(w.admin.client);
    const r = await givenApproved(w, requestBody('carry_in', w.site.general.id, [early], { windowFrom: at(T0 - HOUR), windowTo: at(T0 + HOUR) }));
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [late], { windowFrom: at(T0 + 2 * HOUR), windowTo: at(T0 + 4 * HOUR) }));
    const entry = await badge(w, w.site.general.id, 'in');
    const notYet = await scan(w, w.site.general.id, 'in', late, entry.id);
    expectRefused(w, notYet, 'not_yet_valid');
    w.env.clock.set(T0 + HOUR);
    const expired = await scan(w, w.site.general.id, 'in', early, entry.id);
    expectRefused(w, expired, 'expired');
    expect(expired.body.movement.requestId).toBe(r.id);
    w.env.clock.set(T0 + 2 * HOUR);
    expect((await scan(w, w.site.general.id, 'in', late, entry.id)).body.movement.result).toBe('accepted');
  });

  it('wrong_area, wrong_direction and not_carrier', async () => {
    const w = await custodyWorld();
    const a = await givenAsset(w.admin.client);
    const b = await givenAsset(w.admin.client);
    const c = await givenAsset(w.admin.client);
    const other = await givenPasskeyWorker(w.env, w.admin.client, [w.site.general.id]);
    await givenApproved(w, requestBody('carry_in', w.site.secure.id, [a]));
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [b]));
    const forOther = await givenSubmitted(w.supervisor2.client, requestBody('carry_in', w.site.general.id, [c], { carrierId: other.id }));
    await w.supervisor.client.post(`/api/custody/requests/${forOther.id}/approve`, {});
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', a, entry.id), 'wrong_area');
    expectRefused(w, await scan(w, w.site.general.id, 'in', b, entry.id), 'wrong_direction');
    expectRefused(w, await scan(w, w.site.general.id, 'in', c, entry.id), 'not_carrier');
    const otherEntry = await badge(w, w.site.general.id, 'in', other);
    expect((await scan(w, w.site.general.id, 'in', c, otherEntry.id)).body.movement.result).toBe('accepted');
  });

  it('C4: personal_device, even with a registered tag', async () => {
    const w = await custodyWorld();
    const phone = await givenAsset(w.admin.client, { kind: 'smartphone', ownerType: 'personal' });
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', phone, entry.id), 'personal_device');
  });

  it('C5: scan_missing when storage is found on an asset after its approval', async () => {
    const w = await custodyWorld();
    const binder = await givenAsset(w.admin.client, { kind: 'other', hasStorage: false });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [binder]));
    expect((await w.admin.client.patch(`/api/assets/${binder.id}`, { hasStorage: true })).status).toBe(200);
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', binder, entry.id), 'scan_missing');
  });

  it('already_inside and already_outside', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const never = await givenAsset(w.admin.client);
    const entry = await carriedIn(w, laptop);
    expectRefused(w, await scan(w, w.site.general.id, 'in', laptop, entry.id), 'already_inside');
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [never]));
    expectRefused(w, await scan(w, w.site.general.id, 'out', never, entry.id), 'already_outside');
  });

  it('C11: fixed_equipment moves only under an approval that names it', async () => {
    const w = await custodyWorld();
    const terminal = await givenAsset(w.admin.client, { kind: 'desktop', fixed: true });
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', terminal, entry.id), 'fixed_equipment');
    const body = requestBody('carry_in', w.site.general.id, [terminal]);
    await givenApproved(w, { ...body, items: [{ ...body.items[0], fixedEquipment: true }] });
    expect((await scan(w, w.site.general.id, 'in', terminal, entry.id)).body.movement.result).toBe('accepted');
    expectRefused(w, await scan(w, w.site.general.id, 'out', terminal, entry.id), 'fixed_equipment');
  });

  it('asset_unavailable: a lost asset', async () => {
    const w = await custodyWorld();
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [usb]));
    await w.admin.client.post(`/api/assets/${usb.id}/status`, { status: 'lost', note: '紛失届' });
    const entry = await badge(w, w.site.general.id, 'in');
    expectRefused(w, await scan(w, w.site.general.id, 'in', usb, entry.id), 'asset_unavailable');
  });
});

describe('who carries: the person identified in this visit', () => {
  it('refuses an identification from another area, a refused one, or a stay that has ended, writing nothing', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const secureEntry = (await w.kiosk.post('/api/kiosk/events', { idempotencyKey: randomUUID(), areaId: w.site.secure.id, direction: 'in', purpose: '作業', identification: { method: 'badge', payload: w.worker.badge } })).body.event;
    expect(secureEntry).toMatchObject({ result: 'refused', refusalReason: 'method_not_accepted' });
    const entry = await badge(w, w.site.general.id, 'in');
    const before = rowCounts(w.env.deps.sqlite);
    const wrongArea = await scan(w, w.site.general.id, 'in', laptop, secureEntry.id);
    expect(wrongArea.status).toBe(400);
    expect(wrongArea.body.error.details.issues[0].path).toBe('body.accessEventId');
    const missing = await scan(w, w.site.general.id, 'in', laptop, 999999);
    expect(missing.status).toBe(404);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);

    const exit = await badge(w, w.site.general.id, 'out');
    const ended = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect(ended.status).toBe(409);
    expect(ended.body.error.details.issues[0].path).toBe('body.accessEventId');
    const inOnExit = await scan(w, w.site.general.id, 'in', laptop, exit.id);
    expect(inOnExit.status).toBe(400);
    const refusedEvent = await w.kiosk.post('/api/kiosk/events', { idempotencyKey: randomUUID(), areaId: w.site.secure.id, direction: 'in', purpose: '作業', identification: { method: 'badge', payload: 'forged' } });
    expect((await scan(w, w.site.secure.id, 'in', laptop, refusedEvent.body.event.id)).status).toBe(400);
    expect(rowCounts(w.env.deps.sqlite).movements).toBe(before.movements);
  });

  it('a carry-out may name the exit just recorded, for a few minutes, until the person is recorded again', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    await carriedIn(w, laptop);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [disk]));
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [laptop]));
    const entry2 = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', disk, entry2.id)).body.movement.result).toBe('accepted');
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [disk]));
    const exit = await badge(w, w.site.general.id, 'out');
    w.env.clock.advance(11 * 60_000);
    expect((await scan(w, w.site.general.id, 'out', laptop, exit.id)).status).toBe(409);
    const exit2 = await badge(w, w.site.general.id, 'out');
    w.env.clock.advance(60_000);
    expect((await scan(w, w.site.general.id, 'out', laptop, exit2.id)).body.movement.result).toBe('accepted');
    await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'out', disk, exit2.id)).status).toBe(409);
  });

  it('a kiosk records only for its own areas (403, nothing written)', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const entry = await badge(w, w.site.general.id, 'in');
    const other = await givenKiosk(w.env, w.admin.client, [w.site.secure.id]);
    const before = rowCounts(w.env.deps.sqlite);
    const res = await other.post('/api/kiosk/movements', movement(w.site.general.id, 'in', tagPayload(laptop.assetNumber), entry.id));
    expect(res.status).toBe(403);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('bad input is a 400 naming the field, with nothing written', async () => {
    const w = await custodyWorld();
    const entry = await badge(w, w.site.general.id, 'in');
    const before = rowCounts(w.env.deps.sqlite);
    for (const [body, field] of [
      [{ ...movement(w.site.general.id, 'in', '', entry.id) }, 'body.scannedCode'],
      [{ ...movement(w.site.general.id, 'sideways' as 'in', 'LA1:X:0', entry.id) }, 'body.direction'],
      [{ ...movement(w.site.general.id, 'in', 'LA1:X:0', entry.id), idempotencyKey: 'short' }, 'body.idempotencyKey'],
      [{ ...movement(w.site.general.id, 'in', 'LA1:X:0', entry.id), deviceAt: at(T0) }, 'body'],
    ] as const) {
      const res = await w.kiosk.post('/api/kiosk/movements', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });
});

describe('idempotency, as for entries', () => {
  it('the same key returns the first result without writing; another body with it is refused', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    const body = movement(w.site.general.id, 'in', tagPayload(laptop.assetNumber), entry.id);
    const first = await w.kiosk.post('/api/kiosk/movements', body);
    const journal = journalCount(w.env.deps.sqlite);
    const again = await w.kiosk.post('/api/kiosk/movements', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, movement: { id: first.body.movement.id, result: 'accepted' } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal);
    const different = await w.kiosk.post('/api/kiosk/movements', { ...body, direction: 'out' });
    expect(different.status).toBe(409);
    expect(journalCount(w.env.deps.sqlite)).toBe(journal);
  });

  it('concurrent repeats of one key record one movement; concurrent scans of one asset move it once', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    const body = movement(w.site.general.id, 'in', tagPayload(laptop.assetNumber), entry.id);
    const replies = await Promise.all(Array.from({ length: 6 }, () => w.kiosk.post('/api/kiosk/movements', body)));
    expect(new Set(replies.map((r) => r.body.movement.id)).size).toBe(1);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    const others = await Promise.all(Array.from({ length: 4 }, () => scan(w, w.site.general.id, 'in', laptop, entry.id)));
    expect(others.map((r) => r.body.movement.refusalReason)).toEqual(['already_inside', 'already_inside', 'already_inside', 'already_inside']);
    const moved = w.env.deps.sqlite.prepare("select count(*) as n from movements where result = 'accepted'").get() as { n: number };
    expect(moved.n).toBe(1);
  });
});
