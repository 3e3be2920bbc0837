import { describe, expect, it } from 'vitest';
import { givenKiosk } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan } from '../support/custody.ts';

async function visitWithTwoAssets() {
  const w = await custodyWorld();
  const laptop = await givenAsset(w.admin.client);
  const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
  const paper = await givenAsset(w.admin.client, { kind: 'paper_document' });
  await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop, usb]));
  const entry = await badge(w, w.site.general.id, 'in');
  for (const a of [laptop, usb]) expect((await scan(w, w.site.general.id, 'in', a, entry.id)).body.movement.result).toBe('accepted');
  return { w, laptop, usb, paper, entry };
}

describe('the visit links people and things (item 6): exit reconciliation', () => {
  it('lists what the person carried in this stay and still inside; records each answer with one journal entry', async () => {
    const { w, laptop, usb, entry } = await visitWithTwoAssets();
    const listed = await w.kiosk.get(`/api/kiosk/visits/${entry.id}/assets`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ entryEventId: entry.id, personId: w.worker.id, areaId: w.site.general.id });
    expect(listed.body.assets.map((a: { assetId: number }) => a.assetId)).toEqual([laptop.id, usb.id]);

    await givenApproved(w, requestBody('carry_out', w.site.general.id, [usb]));
    const out = await scan(w, w.site.general.id, 'out', usb, entry.id);
    expect(out.body.movement.result).toBe('accepted');
    const now = await w.kiosk.get(`/api/kiosk/visits/${entry.id}/assets`);
    expect(now.body.assets).toEqual([expect.objectContaining({ assetId: laptop.id, assetNumber: laptop.assetNumber, confirmation: null })]);

    const answers = [
      { assetId: laptop.id, answer: 'left_on_purpose' },
      { assetId: usb.id, answer: 'carried_out', movementId: out.body.movement.id },
    ];
    const journal = journalCount(w.env.deps.sqlite);
    const res = await w.kiosk.post(`/api/kiosk/visits/${entry.id}/confirmations`, { answers });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'exit_confirmations.recorded', entity_type: 'access_event', entity_id: String(entry.id) });
    expect(w.env.deps.sqlite.prepare('select asset_id, answer, movement_id, person_id, kiosk_id from exit_confirmations order by id').all()).toEqual([
      { asset_id: laptop.id, answer: 'left_on_purpose', movement_id: null, person_id: w.worker.id, kiosk_id: w.kiosk.id },
      { asset_id: usb.id, answer: 'carried_out', movement_id: out.body.movement.id, person_id: w.worker.id, kiosk_id: w.kiosk.id },
    ]);
    expect((await w.kiosk.get(`/api/kiosk/visits/${entry.id}/assets`)).body.assets[0].confirmation).toMatchObject({ answer: 'left_on_purpose' });

    const retry = await w.kiosk.post(`/api/kiosk/visits/${entry.id}/confirmations`, { answers });
    expect(retry.status).toBe(200);
    expect(retry.body.replayed).toBe(true);
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    const changed = await w.kiosk.post(`/api/kiosk/visits/${entry.id}/confirmations`, { answers: [{ assetId: usb.id, answer: 'left_on_purpose' }] });
    expect(changed.status).toBe(409);
  });

  it('refuses answers that do not fit the visit, naming the field, writing nothing', async () => {
    const { w, laptop, usb, paper, entry } = await visitWithTwoAssets();
    const post = (answers: unknown) => w.kiosk.post(`/api/kiosk/visits/${entry.id}/confirmations`, { answers });
    const before = rowCounts(w.env.deps.sqlite);
    const cases: [unknown, number, string][] = [
      [[{ assetId: laptop.id, answer: 'carried_out' }], 400, 'body.answers.0.movementId'],
      [[{ assetId: laptop.id, answer: 'left_on_purpose', movementId: 1 }], 400, 'body.answers.0.movementId'],
      [[{ assetId: paper.id, answer: 'left_on_purpose' }], 400, 'body.answers.0.assetId'],
      [[{ assetId: laptop.id, answer: 'forgot' }], 400, 'body.answers.0.answer'],
      [[], 400, 'body.answers'],
    ];
    for (const [answers, status, field] of cases) {
      const res = await post(answers);
      expect(res.status, field).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const laptopIn = (await w.kiosk.get(`/api/kiosk/visits/${entry.id}/assets`)).body.assets[0].movementId;
    const notACarryOut = await post([{ assetId: usb.id, answer: 'carried_out', movementId: laptopIn }]);
    expect(notACarryOut.body.error.details.issues[0].path).toBe('body.answers.0.movementId');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);

    await givenApproved(w, requestBody('carry_out', w.site.general.id, [usb]));
    await scan(w, w.site.general.id, 'out', usb, entry.id);
    const gone = await post([{ assetId: usb.id, answer: 'left_on_purpose' }]);
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toContain('no longer inside');
  });

  it('only a kiosk of the area, and only for an accepted entry', async () => {
    const { w, entry } = await visitWithTwoAssets();
    const other = await givenKiosk(w.env, w.admin.client, [w.site.secure.id]);
    expect((await other.get(`/api/kiosk/visits/${entry.id}/assets`)).status).toBe(403);
    const exit = await badge(w, w.site.general.id, 'out');
    expect((await w.kiosk.get(`/api/kiosk/visits/${exit.id}/assets`)).status).toBe(404);
    expect((await w.kiosk.get('/api/kiosk/visits/abc/assets')).body.error.details.issues[0].path).toBe('param.entryEventId');
    expect((await w.guard.client.get(`/api/kiosk/visits/${entry.id}/assets`)).status).toBe(401);
  });
});

describe('the visit an exit closed (item 6 at the door: the kiosk knows the exit, not the entry)', () => {
  it('names the entry and the assets still inside; only for a recent exit, at a kiosk of the area', async () => {
    const { w, laptop, usb, entry } = await visitWithTwoAssets();
    const exit = await badge(w, w.site.general.id, 'out');
    const res = await w.kiosk.get(`/api/kiosk/exits/${exit.id}/visit`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ entryEventId: entry.id, personId: w.worker.id, areaId: w.site.general.id });
    expect(res.body.assets.map((a: { assetId: number }) => a.assetId)).toEqual([laptop.id, usb.id]);
    const other = await givenKiosk(w.env, w.admin.client, [w.site.secure.id]);
    expect((await other.get(`/api/kiosk/exits/${exit.id}/visit`)).status).toBe(403);
    expect((await w.kiosk.get(`/api/kiosk/exits/${entry.id}/visit`)).status).toBe(404);
    w.env.clock.advance(11 * 60_000);
    expect((await w.kiosk.get(`/api/kiosk/exits/${exit.id}/visit`)).status).toBe(409);
  });

  it('an exit with no entry before it has no visit and nothing to confirm', async () => {
    const w = await custodyWorld();
    const exit = await badge(w, w.site.general.id, 'out');
    expect((await w.kiosk.get(`/api/kiosk/exits/${exit.id}/visit`)).body).toMatchObject({ entryEventId: null, assets: [] });
  });
});
