import { describe, expect, it } from 'vitest';
import { apiTime, testEnv, T0 } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { badgeEvent, kioskWorld, givenPasskeyWorker, givenWorker, KioskClient, passkeyEvent } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { createApp } from '../../src/app.ts';
import { BAD_SCANS_BEFORE_THROTTLE } from '../../src/kiosks/throttle.ts';

const world = kioskWorld;

function journalActions(env: ReturnType<typeof testEnv>, action: string) {
  return env.deps.sqlite.prepare('select * from journal where action = ? order by seq').all(action) as { entity_type: string; entity_id: string; data: string }[];
}

const FORGED = 'not a badge at all';

describe('a stream of bad scans slows down its source, not the door (issue 14)', () => {
  it('a badge refused again and again waits 32 s, then 64 s; the others at the door keep going in', async () => {
    const { env, admin, site, kiosk } = await world();
    const stranger = await givenWorker(admin.client, []); // a genuine badge, no authorization here
    const colleague = await givenWorker(admin.client, [site.general.id]);
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE; i++) {
      const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, stranger.badge, 'in'));
      expect(res.body.event.refusalReason).toBe('not_authorized');
    }
    const started = journalActions(env, 'kiosk.throttled');
    expect(started).toHaveLength(1);
    expect(JSON.parse(started[0]!.data)).toMatchObject({ kioskId: kiosk.id, source: `badge:${stranger.badgeSerial}`, level: 1, throttledUntil: T0 + 32_000 });

    // Still recorded, as refusals; the wait does not grow while they keep trying.
    const waiting = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, stranger.badge, 'in'));
    expect(waiting.status).toBe(201);
    expect(waiting.body.event).toMatchObject({ result: 'refused', refusalReason: 'throttled', personId: stranger.id, badgeSerial: stranger.badgeSerial });
    expect(lastJournal(env.deps.sqlite).action).toBe('access.refused');
    const good = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, colleague.badge, 'in'));
    expect(good.body.event.result).toBe('accepted');

    env.clock.set(T0 + 32_000);
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE; i++) {
      expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, stranger.badge, 'in'))).body.event.refusalReason).toBe('not_authorized');
    }
    const again = journalActions(env, 'kiosk.throttled');
    expect(again).toHaveLength(2);
    expect(JSON.parse(again[1]!.data)).toMatchObject({ level: 2, throttledUntil: T0 + 32_000 + 64_000 });
  });

  it('unreadable badges pause only unreadable scans; a guard releases the kiosk from the console', async () => {
    const { env, admin, site, kiosk } = await world();
    const worker = await givenPasskeyWorker(env, admin.client, [site.general.id, site.secure.id]);
    const guard = await signedInAs(env, admin.client, ['guard']);
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE + 3; i++) await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, FORGED, 'in'));
    const reasons = (env.deps.sqlite.prepare('select refusal_reason r from access_events order by id').all() as { r: string }[]).map((e) => e.r);
    expect(reasons).toEqual([...Array(BAD_SCANS_BEFORE_THROTTLE).fill('badge_forged'), 'throttled', 'throttled', 'throttled']);
    // A genuine badge and a security key are not the unreadable source.
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'))).body.event.result).toBe('accepted');
    expect((await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, worker, site.secure.id, 'in'))).body.event.result).toBe('accepted');

    const listed = await guard.client.get('/api/kiosks');
    expect(listed.status).toBe(200);
    expect(listed.body.kiosks[0].throttles).toEqual([{ kind: 'unidentified', badgeSerial: null, throttledUntil: apiTime(T0 + 32_000) }]);

    const before = rowCounts(env.deps.sqlite);
    const workerTries = await worker.client.post(`/api/kiosks/${kiosk.id}/release-throttle`);
    expect(workerTries.status).toBe(403);
    expect(rowCounts(env.deps.sqlite)).toEqual(before);

    const journalBefore = journalCount(env.deps.sqlite);
    const released = await guard.client.post(`/api/kiosks/${kiosk.id}/release-throttle`);
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body).toEqual({ kioskId: kiosk.id, released: 1 });
    expect(journalCount(env.deps.sqlite)).toBe(journalBefore + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'kiosk.throttle_released', entity_type: 'kiosk', entity_id: String(kiosk.id), actor_id: String(guard.personId) });
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, FORGED, 'in'))).body.event.refusalReason).toBe('badge_forged');
    expect((await guard.client.get('/api/kiosks')).body.kiosks[0].throttles).toEqual([]);

    const nothing = await guard.client.post(`/api/kiosks/${kiosk.id}/release-throttle`);
    expect(nothing.status).toBe(409);
    expect(journalCount(env.deps.sqlite)).toBe(journalBefore + 2); // the forged scan's refusal only
    expect((await guard.client.post('/api/kiosks/9999/release-throttle')).status).toBe(404);
  });

  it('a throttle holds across a restart of the server', async () => {
    const { env, site, kiosk } = await world();
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE; i++) await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, FORGED, 'in'));
    const restarted = new KioskClient(createApp(env.deps), kiosk.token, kiosk.id);
    expect((await restarted.post('/api/kiosk/events', badgeEvent(site.general.id, FORGED, 'in'))).body.event.refusalReason).toBe('throttled');
    env.clock.set(T0 + 32_000);
    expect((await restarted.post('/api/kiosk/events', badgeEvent(site.general.id, FORGED, 'in'))).body.event.refusalReason).toBe('badge_forged');
  });
});

describe('a kiosk sending what it kept offline is not throttled (issue 19)', () => {
  it('a week-old queue of one person\'s events, late records among them, neither pauses nor counts against them', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    env.clock.set(T0 + 8 * 86_400_000);
    // Seven late records (past the 7-day window), then a day's queued entries and exits.
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE + 2; i++) {
      const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, i % 2 ? 'out' : 'in', { deviceAt: apiTime(T0 + i * 60_000) }));
      expect(res.body.event.refusalReason).toBe('late_record');
    }
    expect(journalActions(env, 'kiosk.throttled')).toHaveLength(0);
    const now = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(now.body.event).toMatchObject({ result: 'accepted' });
  });
});
