import { describe, expect, it } from 'vitest';
import { apiTime } from '../support/harness.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { givenWorker, passkeyEvent } from '../support/world.ts';
import { signIn } from '../support/client.ts';
import { HOUR, badge, custodyWorld, givenApproved, givenAsset, requestBody, scan } from '../support/custody.ts';

const DAY = '2026-11-20';

/** A laptop on an approved round trip (持込（当日持出）) by the world's worker, and another on an ordinary carry-in. */
async function roundTripWorld() {
  const w = await custodyWorld();
  const laptop = await givenAsset(w.admin.client, { description: '作業用ノートPC' });
  const other = await givenAsset(w.admin.client);
  const trip = await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop], { roundTrip: true }));
  await givenApproved(w, requestBody('carry_in', w.site.general.id, [other]));
  return { w, laptop, other, trip };
}

describe('round trips (issue 15 item 3): one approval covers the carry-in and the carry-out of the same visit', () => {
  it('a round-trip laptop goes in and out under one approval; an ordinary carry-in is still refused at exit', async () => {
    const { w, laptop, other, trip } = await roundTripWorld();
    expect(trip).toMatchObject({ kind: 'carry_in', roundTrip: true, status: 'approved' });
    const entry = await badge(w, w.site.general.id, 'in');
    const inside = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect(inside.body.movement).toMatchObject({ result: 'accepted', requestId: trip.id, direction: 'in' });
    // Not complete yet: its items have still to leave under it.
    expect(inside.body.request).toEqual({ id: trip.id, status: 'approved' });
    expect((await scan(w, w.site.general.id, 'in', other, entry.id)).body.movement.result).toBe('accepted');

    // The worker's complaint: the ordinary carry-in cannot leave without a carry-out request.
    const refused = await scan(w, w.site.general.id, 'out', other, entry.id);
    expect(refused.body.movement).toMatchObject({ result: 'refused', refusalReason: 'no_approval' });

    const journal = journalCount(w.env.deps.sqlite);
    const out = await scan(w, w.site.general.id, 'out', laptop, entry.id);
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect(out.body.movement).toMatchObject({ result: 'accepted', requestId: trip.id, direction: 'out', keyedIn: false });
    expect(out.body.asset).toMatchObject({ status: 'outside', locationAreaId: null, custodianId: w.worker.id });
    expect(out.body.request).toEqual({ id: trip.id, status: 'completed' });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'movement.recorded', entity_type: 'movement', entity_id: String(out.body.movement.id) });

    const view = await w.worker.client.get(`/api/custody/requests/${trip.id}`);
    expect(view.body).toMatchObject({ status: 'completed', roundTrip: true, items: [{ moved: true, movementId: inside.body.movement.id, returnMovementId: out.body.movement.id }] });
    // Once in and out, the approval is spent: the laptop cannot come in again under it.
    const again = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect(again.body.movement).toMatchObject({ result: 'refused', refusalReason: 'no_approval' });
  });

  it('the carry-out follows the carry-in: only by its carrier, in its area, within its window', async () => {
    const { w, laptop, trip } = await roundTripWorld();
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'out', laptop, entry.id)).body.movement).toMatchObject({ result: 'refused', refusalReason: 'already_outside' });
    await scan(w, w.site.general.id, 'in', laptop, entry.id);
    const colleague = await givenWorker(w.admin.client, [w.site.general.id, w.site.secure.id]);
    const theirs = await badge(w, w.site.general.id, 'in', colleague);
    expect((await scan(w, w.site.general.id, 'out', laptop, theirs.id)).body.movement).toMatchObject({ result: 'refused', refusalReason: 'not_carrier', requestId: trip.id });
    const secureEntry = await w.kiosk.post('/api/kiosk/events', await passkeyEvent(w.kiosk, w.worker, w.site.secure.id, 'in'));
    const secure = secureEntry.body.event as { id: number };
    expect((await scan(w, w.site.secure.id, 'out', laptop, secure.id)).body.movement).toMatchObject({ result: 'refused', refusalReason: 'wrong_area' });
    w.env.clock.advance(9 * HOUR);
    const late = await badge(w, w.site.general.id, 'out');
    const expired = await scan(w, w.site.general.id, 'out', laptop, late.id);
    expect(expired.body.movement).toMatchObject({ result: 'refused', refusalReason: 'expired', requestId: trip.id });
  });

  it('the exit reconciliation lists the round-trip laptop as one that may leave now under its request', async () => {
    const { w, laptop, other, trip } = await roundTripWorld();
    const entry = await badge(w, w.site.general.id, 'in');
    for (const a of [laptop, other]) await scan(w, w.site.general.id, 'in', a, entry.id);
    const exit = await badge(w, w.site.general.id, 'out');
    const visit = await w.kiosk.get(`/api/kiosk/exits/${exit.id}/visit`);
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    const byId = new Map(visit.body.assets.map((a: { assetId: number }) => [a.assetId, a]));
    expect(byId.get(laptop.id)).toMatchObject({ roundTrip: { requestId: trip.id, canLeaveNow: true, dueOutAt: apiTime(Date.parse(trip.windowTo)) } });
    expect(byId.get(other.id)).toMatchObject({ roundTrip: null });

    // 持ち出す: the scan right after badging out, under the same approval, then the answers.
    const out = await scan(w, w.site.general.id, 'out', laptop, exit.id);
    expect(out.body.movement).toMatchObject({ result: 'accepted', requestId: trip.id });
    const answers = [
      { assetId: laptop.id, answer: 'carried_out', movementId: out.body.movement.id },
      { assetId: other.id, answer: 'left_on_purpose' },
    ];
    const res = await w.kiosk.post(`/api/kiosk/visits/${entry.id}/confirmations`, { answers });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('an item still inside when the window closes is flagged once as an overdue round trip, and shown so among the assets inside', async () => {
    const { w, laptop, trip } = await roundTripWorld();
    const entry = await badge(w, w.site.general.id, 'in');
    const carryIn = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect((await w.supervisor.client.post('/api/anomalies/sweep')).body.overdueRoundTrips).toEqual([]);
    const before = (await w.supervisor.client.get('/api/custody/inside')).body.areas[0].assets[0];
    expect(before).toMatchObject({ assetNumber: laptop.assetNumber, roundTrip: { requestId: trip.id, overdue: false } });

    w.env.clock.advance(9 * HOUR);
    // A session does not last the day idle: the supervisor signs in again for the evening sweep.
    const supervisor = (await signIn(w.env, w.supervisor.authenticator)).client;
    const sweep = await supervisor.post('/api/anomalies/sweep');
    expect(sweep.status).toBe(200);
    expect(sweep.body.overdueRoundTrips).toMatchObject([
      { kind: 'round_trip_overdue', personId: w.worker.id, areaId: w.site.general.id, detail: { assetId: laptop.id, requestId: trip.id, movementId: carryIn.body.movement.id } },
    ]);
    // The sweep's own entry (the kiosk, silent all evening, opens an incident with its own entry too).
    const swept = lastJournal(w.env.deps.sqlite) as { action: string; data: string };
    expect(swept.action).toBe('anomalies.swept');
    expect(JSON.parse(swept.data).overdueRoundTrips).toMatchObject([{ kind: 'round_trip_overdue', detail: { movementId: carryIn.body.movement.id } }]);
    expect((await supervisor.post('/api/anomalies/sweep')).body.overdueRoundTrips).toEqual([]);
    const listed = await supervisor.get('/api/anomalies?kind=round_trip_overdue');
    expect(listed.body.anomalies).toMatchObject([{ kind: 'round_trip_overdue', label: '当日持出の機器が区域内に残存', personName: w.worker.name }]);
    const after = (await supervisor.get('/api/custody/inside')).body.areas[0].assets[0];
    expect(after.roundTrip).toMatchObject({ requestId: trip.id, overdue: true });
  });

  it('the 持込・持出管理簿 shows 持込（当日持出） on screen, in print and in CSV', async () => {
    const { w, laptop } = await roundTripWorld();
    const entry = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'in', laptop, entry.id);
    await scan(w, w.site.general.id, 'out', laptop, entry.id);
    const json = await w.supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(json.body.rows).toMatchObject([{ assetNumber: laptop.assetNumber, roundTrip: true }]);
    expect(json.body.rows[0].carriedInAt).not.toBeNull();
    expect(json.body.rows[0].carriedOutAt).not.toBeNull();
    const csv = await w.supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv`);
    expect(String(csv.body)).toContain('持込（当日持出）');
    const html = await w.supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=html`);
    expect(String(html.body)).toContain('持込（当日持出）');
  });

  it('only a carry-in can be a round trip; a bad value names body.roundTrip; nothing written', async () => {
    const { w, laptop } = await roundTripWorld();
    const before = rowCounts(w.env.deps.sqlite);
    const out = await w.worker.client.post('/api/custody/requests', requestBody('carry_out', w.site.general.id, [laptop], { roundTrip: true }));
    expect(out.status).toBe(400);
    expect(out.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.roundTrip');
    const bad = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { roundTrip: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.roundTrip');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });
});
