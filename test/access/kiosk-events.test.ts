import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { apiTime, testEnv, T0 } from '../support/harness.ts';
import { signIn, signedInAs, Client } from '../support/client.ts';
import { badgeEvent, givenKiosk, kioskWorld, givenPasskeyWorker, givenSite, givenWorker, passkeyEvent } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badgePayload } from '../../src/badges/service.ts';

const world = kioskWorld;

function events(env: ReturnType<typeof testEnv>) {
  return env.deps.sqlite.prepare('select * from access_events order by id').all() as { result: string; refusal_reason: string | null; flags: string; person_id: number | null; direction: string; note: string }[];
}

describe('kiosk entry and exit (B3): server time, purpose, name and affiliation', () => {
  it('records an accepted entry with the server time and a journal entry in the same transaction', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id], { name: '山田 花子', kana: 'やまだ はなこ' });
    env.clock.set(T0 + 3_600_000);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in', { purpose: '保守・点検' }));
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'accepted', direction: 'in', nameSnapshot: '山田 花子', affiliationSnapshot: '株式会社テスト', purpose: '保守・点検', method: 'badge', occurredAt: apiTime(T0 + 3_600_000) });
    const entry = lastJournal(env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'access.entered', entity_type: 'access_event', entity_id: String(res.body.event.id) });
    expect(JSON.parse(entry.data)).toMatchObject({ personId: w.id, result: 'accepted' });
  });

  it('refuses an entry without a purpose with 400 naming body.purpose, writing nothing', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const before = rowCounts(env.deps.sqlite);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in', { purpose: '' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('body.purpose');
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });
});

describe('refusals are recorded with their reason (A2, B2, B4, B8)', () => {
  it('not authorized for this area', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, []);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'not_authorized', personId: w.id });
    expect(lastJournal(env.deps.sqlite).action).toBe('access.refused');
  });

  it('authorization outside its validity window', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, []);
    await admin.client.post('/api/authorizations', { personId: w.id, areaId: site.general.id, validFrom: apiTime(T0 + 86_400_000) });
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(res.body.event.refusalReason).toBe('not_authorized');
  });

  it('suspended, roster validity not started, roster validity ended', async () => {
    const { env, admin, site, kiosk } = await world();
    const suspended = await givenWorker(admin.client, [site.general.id]);
    await admin.client.post(`/api/people/${suspended.id}/suspend`, { reason: '調査中' });
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, suspended.badge, 'in'))).body.event.refusalReason).toBe('suspended');

    const early = await givenWorker(admin.client, [site.general.id]);
    await admin.client.patch(`/api/people/${early.id}`, { validFrom: apiTime(T0 + 3600_000) });
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, early.badge, 'in'))).body.event.refusalReason).toBe('not_yet_valid');

    const ended = await givenWorker(admin.client, [site.general.id]);
    await admin.client.patch(`/api/people/${ended.id}`, { validTo: apiTime(T0 + 60_000) });
    env.clock.advance(120_000);
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, ended.badge, 'in'))).body.event.refusalReason).toBe('expired');
  });

  it('a forged badge (signed with another key), an altered badge and a revoked badge', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const { signingKeyFromPem } = await import('../../src/crypto/signing-key.ts');
    const { generateKeyPairSync } = await import('node:crypto');
    const otherKey = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const forged = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, badgePayload(otherKey, w.badgeSerial, w.id), 'in'));
    expect(forged.body.event).toMatchObject({ result: 'refused', refusalReason: 'badge_forged', personId: null });

    const altered = w.badge.replace(`.${w.id}.`, `.${w.id + 1}.`);
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, altered, 'in'))).body.event.refusalReason).toBe('badge_forged');
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, 'not a badge at all', 'in'))).body.event.refusalReason).toBe('badge_forged');

    const lost = await admin.client.post(`/api/badges/${w.badgeSerial}/revoke`, { reason: 'lost', note: '通勤中に紛失' });
    expect(lost.status).toBe(200);
    const revoked = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(revoked.body.event).toMatchObject({ result: 'refused', refusalReason: 'badge_revoked', personId: w.id });
    const reissued = await admin.client.post(`/api/people/${w.id}/badges`);
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, reissued.body.payload, 'in'))).body.event.result).toBe('accepted');
    expect(events(env).filter((e) => e.result === 'refused')).toHaveLength(4);
  });

  it('a new badge replaces the old one: one person, one badge (B8)', async () => {
    const { admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    await admin.client.post(`/api/people/${w.id}/badges`);
    const old = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(old.body.event.refusalReason).toBe('badge_revoked');
    const list = await admin.client.get(`/api/badges?personId=${w.id}`);
    expect(list.body.badges.map((b: { status: string }) => b.status)).toEqual(['revoked', 'active']);
  });

  it('a badge at a passkey-only (secure) area: method not accepted', async () => {
    const { admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.secure.id]);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.secure.id, w.badge, 'in'));
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'method_not_accepted' });
  });

  it('a passkey that does not verify is a recorded refusal, not an error', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    const body = await passkeyEvent(kiosk, w, site.secure.id, 'in');
    (body.identification as { response: { response: { signature: string } } }).response.response.signature = w.authenticator.getAssertion((await kiosk.post('/api/kiosk/identify/options')).body.options, { signWithOtherKey: true }).response.signature;
    const res = await kiosk.post('/api/kiosk/events', body);
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'passkey_not_verified', personId: null });
  });
});

describe('kiosk devices: token per kiosk, own areas only, revocation at once', () => {
  it('refuses another area with 403 and writes nothing', async () => {
    const { env, admin, site } = await world();
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const w = await givenWorker(admin.client, [site.secure.id]);
    const before = rowCounts(env.deps.sqlite);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.secure.id, w.badge, 'in'));
    expect(res.status).toBe(403);
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });

  it('an enrolment code works once and expires after an hour; a revoked token is refused at once', async () => {
    const { env, admin, site } = await world();
    const created = await admin.client.post('/api/kiosks', { name: '裏口', areaIds: [site.general.id] });
    const anon = new Client(env.app);
    env.clock.advance(3_600_001);
    expect((await anon.post('/api/kiosk/enrol', { code: created.body.code })).status).toBe(401);

    const again = await signIn(env, admin.authenticator);
    admin.client = again.client;
    const fresh = await admin.client.post('/api/kiosks', { name: '裏口2', areaIds: [site.general.id] });
    const typed = fresh.body.code.toLowerCase().replace('-', ' ');
    const enrolled = await anon.post('/api/kiosk/enrol', { code: typed });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.kiosk.areas.map((a: { id: number }) => a.id)).toEqual([site.general.id]);
    expect((await anon.post('/api/kiosk/enrol', { code: fresh.body.code })).status).toBe(401);
    const stored = env.deps.sqlite.prepare('select token_hash from kiosks where id = ?').get(fresh.body.kiosk.id) as { token_hash: string };
    expect(stored.token_hash).not.toBe(enrolled.body.token);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = () => env.app.request('/api/kiosk/me', { headers: { authorization: `Bearer ${enrolled.body.token}` } });
    expect((await me()).status).toBe(200);
    await admin.client.post(`/api/kiosks/${fresh.body.kiosk.id}/revoke`);
    expect((await me()).status).toBe(401);
    const list = await admin.client.get('/api/kiosks');
    expect(list.body.kiosks.find((k: { id: number }) => k.id === fresh.body.kiosk.id)).toMatchObject({ status: 'revoked' });
    expect(list.body.kiosks.find((k: { id: number }) => k.id === fresh.body.kiosk.id).lastSeenAt).not.toBeNull();
  });
});

describe('idempotency: a retried request records once', () => {
  it('the same key returns the first result and writes nothing; another body is refused', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const body = badgeEvent(site.general.id, w.badge, 'in');
    const first = await kiosk.post('/api/kiosk/events', body);
    const journal = journalCount(env.deps.sqlite);
    const again = await kiosk.post('/api/kiosk/events', body);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.event.id).toBe(first.body.event.id);
    expect(journalCount(env.deps.sqlite)).toBe(journal);
    const different = await kiosk.post('/api/kiosk/events', { ...body, purpose: '打合せ' });
    expect(different.status).toBe(409);
    expect(journalCount(env.deps.sqlite)).toBe(journal);
  });

  it('concurrent repeats of one key record exactly one event', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const body = badgeEvent(site.general.id, w.badge, 'in');
    const replies = await Promise.all(Array.from({ length: 8 }, () => kiosk.post('/api/kiosk/events', body)));
    expect(new Set(replies.map((r) => r.body.event.id)).size).toBe(1);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(events(env)).toHaveLength(1);
  });

  it('a passkey retry is answered from the first result without a second ceremony', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    const body = await passkeyEvent(kiosk, w, site.secure.id, 'in');
    const first = await kiosk.post('/api/kiosk/events', body);
    expect(first.body.event.result).toBe('accepted');
    const retry = await kiosk.post('/api/kiosk/events', body);
    expect(retry.status).toBe(200);
    expect(retry.body.event.id).toBe(first.body.event.id);
  });
});

describe('sequence, last person out (B6), two-person areas (B9), offline events', () => {
  it('flags entering while inside and leaving while not inside; an area may refuse instead', async () => {
    const { admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    const twice = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(twice.body.event).toMatchObject({ result: 'accepted', flags: ['out_of_sequence'] });
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out'));
    const outAgain = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out'));
    expect(outAgain.body.event.flags).toContain('out_of_sequence');
    await admin.client.patch(`/api/areas/${site.general.id}`, { outOfSequence: 'refuse' });
    const refused = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out'));
    expect(refused.body.event).toMatchObject({ result: 'refused', refusalReason: 'out_of_sequence' });
  });

  it('warns and flags when an exit leaves one contractor alone, and when the last one leaves', async () => {
    const { env, admin, site, kiosk } = await world();
    const a = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    const b = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, a, site.secure.id, 'in'));
    await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, b, site.secure.id, 'in'));
    const aOut = await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, a, site.secure.id, 'out'));
    expect(aOut.body.event.flags).toContain('last_person_out');
    expect(aOut.body.warnings).toContainEqual({ code: 'last_person_out', remainingPersonId: b.id });
    const bOut = await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, b, site.secure.id, 'out'));
    expect(bOut.body.warnings).toContainEqual({ code: 'last_person_out', remainingPersonId: null });
  });

  it('flags a lone person in a two-person area', async () => {
    const { env, admin } = await world();
    const site = await givenSite(admin.client, { twoPersonRule: true, acceptedMethods: ['badge', 'passkey'] });
    const kiosk = await givenKiosk(env, admin.client, [site.secure.id]);
    const a = await givenWorker(admin.client, [site.secure.id]);
    const b = await givenWorker(admin.client, [site.secure.id]);
    const first = await kiosk.post('/api/kiosk/events', badgeEvent(site.secure.id, a.badge, 'in'));
    expect(first.body.event.flags).toEqual(['alone_in_two_person_area']);
    const second = await kiosk.post('/api/kiosk/events', badgeEvent(site.secure.id, b.badge, 'in'));
    expect(second.body.event.flags).toEqual([]);
    const leave = await kiosk.post('/api/kiosk/events', badgeEvent(site.secure.id, a.badge, 'out'));
    expect(leave.body.event.flags).toContain('alone_in_two_person_area');
  });

  it('keeps the device time of an offline badge event and flags it; passkeys cannot be offline', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    env.clock.set(T0 + 7_200_000);
    const deviceAt = apiTime(T0 + 600_000);
    const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in', { deviceAt }));
    expect(res.body.event).toMatchObject({ result: 'accepted', occurredAt: deviceAt, deviceAt, recordedAt: apiTime(T0 + 7_200_000), flags: ['recorded_offline'] });
    const future = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out', { deviceAt: apiTime(T0 + 86_400_000) }));
    expect(future.status).toBe(400);
    expect(future.body.error.details.issues[0].path).toBe('body.deviceAt');
    const pk = await kiosk.post('/api/kiosk/events', { idempotencyKey: randomUUID(), areaId: site.general.id, direction: 'out', identification: { method: 'passkey', response: { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' } } }, deviceAt });
    expect(pk.status).toBe(400);
    expect(pk.body.error.details.issues[0].path).toBe('body.deviceAt');
  });
});

describe('an event kept on the kiosk past the offline window (issue 19, item 2)', () => {
  it('is recorded as a refused late record with its device time and the person its badge names, journaled, once', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id], { name: '遅延 記録子' });
    const guard = await signedInAs(env, admin.client, ['guard']);
    env.clock.set(T0 + 8 * 86_400_000);
    const deviceAt = apiTime(T0 + 600_000);
    const body = badgeEvent(site.general.id, w.badge, 'in', { deviceAt });
    const res = await kiosk.post('/api/kiosk/events', body);
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'late_record', personId: w.id, occurredAt: deviceAt, deviceAt, flags: ['recorded_offline'] });
    const entry = env.deps.sqlite.prepare("SELECT action, data FROM journal WHERE action = 'access.refused' ORDER BY seq DESC LIMIT 1").get() as { action: string; data: string };
    expect(JSON.parse(entry.data)).toMatchObject({ refusalReason: 'late_record', nameSnapshot: '遅延 記録子', personId: w.id });
    // Retried (its answer lost on the way), it is the same record, not a second one.
    const again = await kiosk.post('/api/kiosk/events', body);
    expect(again.status).toBe(200);
    expect(again.body.event.id).toBe(res.body.event.id);
    expect(env.deps.sqlite.prepare("SELECT count(*) FROM access_events WHERE refusal_reason = 'late_record'").pluck().get()).toBe(1);
    // A device time in the future is still a wrong clock: 400, nothing written.
    const future = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out', { deviceAt: apiTime(T0 + 9 * 86_400_000) }));
    expect(future.status).toBe(400);
    // The guard finds it among the refusals across areas, with the person's name, to enter it from paper (B12).
    guard.client = (await signIn(env, guard.authenticator)).client;
    const listed = await guard.client.get('/api/access/refusals?reason=late_record,kiosk_revoked');
    expect(listed.status).toBe(200);
    expect(listed.body.refusals).toEqual([
      expect.objectContaining({ id: res.body.event.id, refusalReason: 'late_record', personId: w.id, name: '遅延 記録子', areaId: site.general.id, areaName: '執務室', direction: 'in', occurredAt: deviceAt, deviceAt }),
    ]);
    expect((await guard.client.get('/api/access/refusals?reason=badge_forged')).body.refusals).toEqual([]);
    expect((await guard.client.get('/api/access/refusals?reason=sideways')).body.error.details.issues[0].path).toMatch(/^query\.reason/);
    expect((await guard.client.get('/api/access/refusals?siteId=4242')).status).toBe(404);
  });
});

describe('a revoked kiosk hands over what it kept (issue 19, item 2)', () => {
  it('its events from before the revocation are recorded as refusals with the person named; nothing after, and nothing else it asks', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id], { name: '取消 保留子' });
    const before = apiTime(T0 + 60_000);
    env.clock.set(T0 + 120_000);
    expect((await admin.client.post(`/api/kiosks/${kiosk.id}/revoke`)).status).toBe(200);
    env.clock.set(T0 + 3_600_000);
    const body = badgeEvent(site.general.id, w.badge, 'in', { deviceAt: before });
    const res = await kiosk.post('/api/kiosk/events', body);
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'kiosk_revoked', personId: w.id, occurredAt: before, deviceAt: before });
    expect(JSON.parse(lastJournal(env.deps.sqlite).data)).toMatchObject({ refusalReason: 'kiosk_revoked', nameSnapshot: '取消 保留子' });
    // Retried, it is the same record.
    const again = await kiosk.post('/api/kiosk/events', body);
    expect(again.body.event.id).toBe(res.body.event.id);

    const counts = rowCounts(env.deps.sqlite);
    const journaled = journalCount(env.deps.sqlite);
    // Recorded after the revocation, or live: refused unwritten.
    const after = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out', { deviceAt: apiTime(T0 + 180_000) }));
    expect(after.status).toBe(401);
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out'))).status).toBe(401);
    // Every other kiosk route stays closed to it.
    expect((await kiosk.get('/api/kiosk/me')).status).toBe(401);
    expect((await kiosk.post('/api/kiosk/identify/badge', { idempotencyKey: randomUUID(), areaId: site.general.id, payload: w.badge })).status).toBe(401);
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);
    expect(journalCount(env.deps.sqlite)).toBe(journaled);
  });
});

describe('a kiosk in a browser that also holds a staff session', () => {
  it('is authenticated by its device token alone: the cookie neither applies nor demands a CSRF token', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const res = await env.app.request('/api/kiosk/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'application/json', cookie: admin.client.cookie! },
      body: JSON.stringify(badgeEvent(site.general.id, w.badge, 'in')),
    });
    expect(res.status).toBe(201);
    // A bearer header does not turn a staff route into a cookie-authenticated one either.
    const staff = await env.app.request('/api/people', { headers: { authorization: `Bearer ${kiosk.token}`, cookie: admin.client.cookie! } });
    expect(staff.status).toBe(401);
  });
});
