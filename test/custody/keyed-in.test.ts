import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import type { SignedIn } from '../support/client.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, type Asset, type CustodyWorld } from '../support/custody.ts';

const DAY = '2026-11-20';

/** The guard's ceremony at the kiosk for a keyed-in 管理番号: options bound to this movement, then someone's key. */
async function keyIn(w: CustodyWorld, who: SignedIn, fields: { areaId: number; direction: 'in' | 'out'; assetNumber: string; accessEventId: number }) {
  const options = await w.kiosk.post('/api/kiosk/keyed-movements/options', fields);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = who.authenticator.getAssertion(options.body.options);
  const body = { idempotencyKey: randomUUID(), ...fields, response };
  return { options: options.body, body, res: await w.kiosk.post('/api/kiosk/keyed-movements', body) };
}

async function keyedWorld() {
  const w = await custodyWorld();
  const laptop: Asset = await givenAsset(w.admin.client, { description: 'ラベル破損のノートPC' });
  const trip = await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
  const entry = await badge(w, w.site.general.id, 'in');
  const nameOf = (id: number) => (w.env.deps.sqlite.prepare('select name from people where id = ?').get(id) as { name: string }).name;
  return { w, laptop, trip, entry, fields: { areaId: w.site.general.id, direction: 'in' as const, assetNumber: laptop.assetNumber, accessEventId: entry.id }, nameOf };
}

describe('a damaged label (issue 15 item 8): a guard keys in the 管理番号 and confirms it with their own passkey', () => {
  it("accepted with a guard's passkey, marked keyed-in with the guard, under the same rules; the ledger says 手入力（警備員確認）", async () => {
    const { w, laptop, trip, fields, nameOf } = await keyedWorld();
    const journal = journalCount(w.env.deps.sqlite);
    const { options, res, body } = await keyIn(w, w.guard, fields);
    expect(options.context).toMatchObject({ asset: { id: laptop.id, assetNumber: laptop.assetNumber, kind: 'laptop', description: 'ラベル破損のノートPC' }, direction: 'in' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.movement).toMatchObject({ result: 'accepted', requestId: trip.id, assetId: laptop.id, keyedIn: true, keyedById: w.guard.personId, personId: w.worker.id, scannedCode: laptop.assetNumber });
    expect(res.body.asset).toMatchObject({ status: 'inside', locationAreaId: w.site.general.id });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'movement.recorded', entity_type: 'movement', entity_id: String(res.body.movement.id) });
    expect(JSON.parse(entry.data)).toMatchObject({ keyedIn: true, keyedById: w.guard.personId });

    // A retry of the same request answers the first outcome without a second touch of the key.
    const retry = await w.kiosk.post('/api/kiosk/keyed-movements', body);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, movement: { id: res.body.movement.id } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);

    const ledger = await w.supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(ledger.body.rows).toMatchObject([{ assetNumber: laptop.assetNumber, keyedIn: [{ direction: 'in', confirmedBy: nameOf(w.guard.personId) }] }]);
    const csv = await w.supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv`);
    expect(String(csv.body)).toContain(`持込は手入力（警備員確認: ${nameOf(w.guard.personId)}）`);
    const html = await w.supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=html`);
    expect(String(html.body)).toContain('手入力（警備員確認');
  });

  it("a worker's passkey is refused, and the refusal is recorded with whose key it was; the asset does not move", async () => {
    const { w, laptop, fields } = await keyedWorld();
    const journal = journalCount(w.env.deps.sqlite);
    const { res } = await keyIn(w, w.worker, fields);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.movement).toMatchObject({ result: 'refused', refusalReason: 'keyed_unconfirmed', keyedIn: true, keyedById: w.worker.id, assetId: laptop.id, requestId: null });
    expect(res.body.asset).toMatchObject({ status: 'registered', locationAreaId: null });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'movement.refused', entity_id: String(res.body.movement.id) });
    const ledger = await w.supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(ledger.body.refusals).toMatchObject([{ reason: 'keyed_unconfirmed', keyedIn: true, assetNumber: laptop.assetNumber }]);
    const csv = await w.supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv&section=refusals`);
    expect(String(csv.body)).toContain('手入力を警備員が確認していない');

    // The guard then confirms it: accepted.
    const { res: confirmed } = await keyIn(w, w.guard, fields);
    expect(confirmed.body.movement).toMatchObject({ result: 'accepted', keyedById: w.guard.personId });
  });

  it('a keyed-in number meets the same rules as a scan: no approval, no carry-in', async () => {
    const { w, entry } = await keyedWorld();
    const stranger = await givenAsset(w.admin.client);
    const { res } = await keyIn(w, w.guard, { areaId: w.site.general.id, direction: 'in', assetNumber: stranger.assetNumber.toLowerCase(), accessEventId: entry.id });
    expect(res.body.movement).toMatchObject({ result: 'refused', refusalReason: 'no_approval', keyedIn: true, assetId: stranger.id, scannedCode: stranger.assetNumber });
  });

  it('the challenge is bound to the movement it was issued for, and used once', async () => {
    const { w, fields } = await keyedWorld();
    const other = await givenAsset(w.admin.client);
    const options = await w.kiosk.post('/api/kiosk/keyed-movements/options', fields);
    const response = w.guard.authenticator.getAssertion(options.body.options);
    const before = rowCounts(w.env.deps.sqlite);
    const swapped = await w.kiosk.post('/api/kiosk/keyed-movements', { idempotencyKey: randomUUID(), ...fields, assetNumber: other.assetNumber, response });
    expect(swapped.status).toBe(409);
    expect(swapped.body.error.details.issues).toEqual([{ path: 'body.response.response.clientDataJSON', message: expect.stringMatching(/another asset/) }]);
    const replayed = await w.kiosk.post('/api/kiosk/keyed-movements', { idempotencyKey: randomUUID(), ...fields, response });
    // A used challenge is a stale step of the ceremony, not a bad kiosk token: 409 naming the field (issue 18).
    expect(replayed.status).toBe(409);
    expect(replayed.body.error.details.issues).toEqual([{ path: 'body.response.response.clientDataJSON', message: expect.stringMatching(/challenge/) }]);
    expect(rowCounts(w.env.deps.sqlite).movements).toBe(before.movements);
  });

  it('bad input gets a 4xx naming the field and writes nothing', async () => {
    const { w, fields } = await keyedWorld();
    const before = rowCounts(w.env.deps.sqlite);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['/api/kiosk/keyed-movements/options', { ...fields, assetNumber: 'NO-SUCH-1' }, 400, 'body.assetNumber'],
      ['/api/kiosk/keyed-movements/options', { ...fields, assetNumber: '' }, 400, 'body.assetNumber'],
      ['/api/kiosk/keyed-movements/options', { ...fields, assetNumber: 'ラベル' }, 400, 'body.assetNumber'],
      ['/api/kiosk/keyed-movements/options', { ...fields, direction: 'sideways' }, 400, 'body.direction'],
      ['/api/kiosk/keyed-movements/options', { ...fields, accessEventId: 999 }, 404, 'body.accessEventId'],
      ['/api/kiosk/keyed-movements', { idempotencyKey: randomUUID(), ...fields }, 400, 'body.response'],
      ['/api/kiosk/keyed-movements', { ...fields, response: {} }, 400, 'body.idempotencyKey'],
    ];
    for (const [path, body, status, field] of cases) {
      const res = await w.kiosk.post(path, body);
      expect(res.status, `${field} ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
    expect((await w.guard.client.post('/api/kiosk/keyed-movements/options', fields)).status).toBe(401);
  });
});
