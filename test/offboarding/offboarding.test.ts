import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { setupAdmin, signedInAs, signIn } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenPasskeyWorker, givenSite, passkeyEvent } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';

async function world() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  const worker = await givenPasskeyWorker(env, admin.client, [site.general.id, site.secure.id]);
  return { env, admin, site, kiosk, worker };
}

async function givenHeld(admin: { post: (p: string, b: unknown) => Promise<{ status: number; body: any }> }, custodianId: number, fields: Record<string, unknown> = {}) {
  const res = await admin.post('/api/assets', { kind: 'laptop', ownerType: 'city_loaned', serialNumber: 'SN-1', custodianId, ...fields });
  expect(res.status).toBe(201);
  return res.body as { id: number; assetNumber: string };
}

const OFFBOARD = { reason: '契約期間満了による離任', approvalRef: '承認第7号' };

describe('offboarding (A5, B8)', () => {
  it('A5/B8: offboarding revokes a live session and a badge in the same request: the next call is 401, the badge is refused at the kiosk', async () => {
    const { env, admin, site, kiosk, worker } = await world();
    expect((await worker.client.get('/api/auth/me')).status).toBe(200);
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'))).body.event.result).toBe('accepted');
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'out'))).body.event.result).toBe('accepted');

    const before = journalCount(env.deps.sqlite);
    const res = await admin.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const credentialId = worker.authenticator.credentials()[0]!.id;
    expect(res.body).toMatchObject({ person: { id: worker.id, status: 'offboarded' }, revoked: { passkeys: [credentialId], sessions: 1, badges: [worker.badgeSerial] } });
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    const entry = lastJournal(env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'person.offboarded', entity_type: 'person', entity_id: String(worker.id), actor_id: String(admin.personId) });
    expect(JSON.parse(entry.data)).toMatchObject({ status: 'offboarded', reason: OFFBOARD.reason, approvalRef: '承認第7号', revoked: { passkeys: [credentialId], sessions: 1, badges: [worker.badgeSerial] } });

    const me = await worker.client.get('/api/auth/me');
    expect(me.status).toBe(401);
    const refused = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'));
    expect(refused.body.event).toMatchObject({ result: 'refused', refusalReason: 'badge_revoked', personId: worker.id });
    const byKey = await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, worker, site.secure.id, 'in'));
    expect(byKey.body.event).toMatchObject({ result: 'refused', refusalReason: 'passkey_not_verified' });
    expect((await signIn(env, worker.authenticator)).status).toBe(401);

    const rows = env.deps.sqlite;
    expect(rows.prepare('select revoked_at, revoke_reason from badges where person_id = ?').all(worker.id)).toEqual([{ revoked_at: env.clock.now(), revoke_reason: 'offboarded' }]);
    expect(rows.prepare('select count(*) as n from sessions where person_id = ? and revoked_at is null').get(worker.id)).toEqual({ n: 0 });
    expect(rows.prepare('select count(*) as n from credentials where person_id = ? and revoked_at is null').get(worker.id)).toEqual({ n: 0 });
  });

  it('A5/C10: lists every asset in custody and every loaned item until each is returned or reported lost; a loss opens an incident (B8, E4)', async () => {
    const { env, admin, worker } = await world();
    const laptop = await givenHeld(admin.client, worker.id);
    const key = await givenHeld(admin.client, worker.id, { kind: 'security_key', serialNumber: 'YK-5' });
    await givenHeld(admin.client, admin.personId);
    await admin.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD);

    const list = await admin.client.get(`/api/people/${worker.id}/offboarding`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ person: { id: worker.id, status: 'offboarded' }, outstanding: 3, cleared: false });
    expect(list.body.assets.map((a: { id: number }) => a.id)).toEqual([laptop.id]);
    expect(list.body.loanedItems.map((i: { type: string; serial?: number; asset?: { id: number } }) => [i.type, i.serial ?? i.asset!.id])).toEqual([
      ['badge', worker.badgeSerial],
      ['security_key', key.id],
    ]);

    let before = journalCount(env.deps.sqlite);
    const returned = await admin.client.post(`/api/people/${worker.id}/offboarding/assets/${laptop.id}`, { outcome: 'returned', note: '総務課で受領' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ asset: { id: laptop.id, custodianId: null, status: 'registered' }, incident: null, outstanding: 2, cleared: false });
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'asset.custody_returned', entity_id: String(laptop.id) });

    before = journalCount(env.deps.sqlite);
    const lost = await admin.client.post(`/api/people/${worker.id}/offboarding/badges/${worker.badgeSerial}`, { outcome: 'lost', location: '通勤経路', circumstances: '退職日に返却を求めたが、紛失したと申告があった。' });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    expect(lost.body.badge).toMatchObject({ serial: worker.badgeSerial, status: 'revoked', revokeReason: 'lost' });
    expect(lost.body.incident).toMatchObject({ kind: 'lost_badge', status: 'open', personId: worker.id, badgeSerial: worker.badgeSerial, quantity: 1, location: '通勤経路' });
    expect(lost.body.incident.deadlines[0]).toMatchObject({ stage: 'first_report', state: 'pending' });
    // One entry for the whole action: the badge's loss and the incident it opened.
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    const entry = lastJournal(env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'badge.reported_lost', entity_type: 'badge', entity_id: String(worker.badgeSerial) });
    expect(JSON.parse(entry.data).incident).toMatchObject({ id: lost.body.incident.id, kind: 'lost_badge' });

    const keyLost = await admin.client.post(`/api/people/${worker.id}/offboarding/assets/${key.id}`, { outcome: 'lost', circumstances: '自宅で紛失' });
    expect(keyLost.body).toMatchObject({ asset: { id: key.id, status: 'lost', locationAreaId: null }, incident: { kind: 'lost_security_key', assetId: key.id, assetNumber: key.assetNumber }, outstanding: 0, cleared: true });
    expect((await admin.client.get(`/api/people/${worker.id}/offboarding`)).body).toMatchObject({ assets: [], loanedItems: [], cleared: true });
    expect((await admin.client.get('/api/incidents')).body.incidents.map((i: { kind: string }) => i.kind).sort()).toEqual(['lost_badge', 'lost_security_key']);

    const counts = rowCounts(env.deps.sqlite);
    const again = await admin.client.post(`/api/people/${worker.id}/offboarding/badges/${worker.badgeSerial}`, { outcome: 'returned' });
    expect(again.status).toBe(409);
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);
  });

  it('B8: a settlement refused for bad input, a person still working or someone else\'s item writes nothing', async () => {
    const { env, admin, worker } = await world();
    const laptop = await givenHeld(admin.client, worker.id);
    const counts = rowCounts(env.deps.sqlite);
    const early = await admin.client.post(`/api/people/${worker.id}/offboarding/assets/${laptop.id}`, { outcome: 'returned' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('after offboarding');
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);

    await admin.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD);
    const after = rowCounts(env.deps.sqlite);
    const path = `/api/people/${worker.id}/offboarding/badges/${worker.badgeSerial}`;
    const bad: [string, unknown, string][] = [
      [path, { outcome: 'lost' }, 'body.circumstances'],
      [path, { outcome: 'stolen' }, 'body.outcome'],
      [path, { outcome: 'lost', circumstances: '紛失', discoveredAt: new Date(env.clock.now() + 60_000).toISOString() }, 'body.discoveredAt'],
      [`/api/people/${worker.id}/offboarding/badges/abc`, { outcome: 'returned' }, 'param.serial'],
    ];
    for (const [p, body, field] of bad) {
      const res = await admin.client.post(p, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const others = await givenHeld(admin.client, admin.personId);
    const withOther = rowCounts(env.deps.sqlite);
    expect((await admin.client.post(`/api/people/${worker.id}/offboarding/assets/${others.id}`, { outcome: 'returned' })).status).toBe(404);
    expect((await admin.client.post(`/api/people/${worker.id}/offboarding/badges/4242`, { outcome: 'returned' })).status).toBe(404);
    expect(rowCounts(env.deps.sqlite)).toEqual(withOther);
    expect(withOther.incidents).toBe(after.incidents);
  });

  it('A5: admin only; the last admin cannot be offboarded; offboarding is final', async () => {
    const { env, admin, worker } = await world();
    const supervisor = await signedInAs(env, admin.client, ['supervisor']);
    expect((await supervisor.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD)).status).toBe(403);
    expect((await supervisor.client.get(`/api/people/${worker.id}/offboarding`)).status).toBe(200);
    const bad = await admin.client.post(`/api/people/${worker.id}/offboard`, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.reason');

    const counts = rowCounts(env.deps.sqlite);
    const self = await admin.client.post(`/api/people/${admin.personId}/offboard`, OFFBOARD);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('last active admin');
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);

    // A suspended person can be offboarded; an offboarded one cannot come back.
    await admin.client.post(`/api/people/${worker.id}/suspend`, { reason: '調査中' });
    expect((await admin.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD)).status).toBe(200);
    expect((await admin.client.post(`/api/people/${worker.id}/offboard`, OFFBOARD)).status).toBe(409);
    expect((await admin.client.post(`/api/people/${worker.id}/reactivate`, { reason: '復帰' })).status).toBe(409);
    expect((await admin.client.post(`/api/people/${worker.id}/enrolments`)).status).toBe(409);
    expect((await admin.client.post('/api/people/4242/offboard', OFFBOARD)).status).toBe(404);
  });
});
