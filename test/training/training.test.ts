import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { setupAdmin, signedInAs } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';

const DAY = 86_400_000;

async function world() {
  const env = testEnv({ config: { sessionIdleMs: 400 * DAY, sessionAbsoluteMs: 400 * DAY } });
  const admin = await setupAdmin(env);
  const supervisor = await signedInAs(env, admin.client, ['supervisor']);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  return { env, admin, supervisor, site, kiosk };
}

const SECURITY = '情報セキュリティ研修';
const PRIVACY = '個人情報保護研修';

describe('training records (A4)', () => {
  it('A4: records a course per person with its completion day and expiry; one journal entry each', async () => {
    const { env, admin, supervisor } = await world();
    const w = await givenWorker(admin.client, []);
    const before = journalCount(env.deps.sqlite);
    const res = await supervisor.client.post(`/api/people/${w.id}/training`, { course: SECURITY, completedOn: '2026-04-10', validUntil: '2027-03-31', note: '年次研修' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personId: w.id, course: SECURITY, completedOn: '2026-04-10', validUntil: '2027-03-31', current: true, recordedBy: supervisor.personId });
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'training.recorded', entity_type: 'training_record', entity_id: String(res.body.id), actor_id: String(supervisor.personId) });
    await admin.client.post(`/api/people/${w.id}/training`, { course: PRIVACY, completedOn: '2025-04-01', validUntil: '2026-03-31' });
    const list = await admin.client.get(`/api/people/${w.id}/training`);
    expect(list.body.records.map((r: { course: string; current: boolean }) => [r.course, r.current])).toEqual([
      [SECURITY, true],
      [PRIVACY, false],
    ]);
  });

  it('A4: bad input names the field and writes nothing; only admins and supervisors record', async () => {
    const { env, admin } = await world();
    const w = await givenWorker(admin.client, []);
    const counts = rowCounts(env.deps.sqlite);
    const cases: [unknown, string][] = [
      [{ course: SECURITY, completedOn: '2026-11-21' }, 'body.completedOn'],
      [{ course: SECURITY, completedOn: '2026-02-30' }, 'body.completedOn'],
      [{ course: SECURITY, completedOn: '2026-04-01', validUntil: '2026-03-31' }, 'body.validUntil'],
      [{ course: '', completedOn: '2026-04-01' }, 'body.course'],
      [{ course: SECURITY, completedOn: '2026-04-01', grade: 'A' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.client.post(`/api/people/${w.id}/training`, body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);
    expect((await admin.client.post('/api/people/4242/training', { course: SECURITY, completedOn: '2026-04-01' })).status).toBe(404);
    const guard = await signedInAs(env, admin.client, ['guard']);
    expect((await guard.client.post(`/api/people/${w.id}/training`, { course: SECURITY, completedOn: '2026-04-01' })).status).toBe(403);
    expect((await guard.client.get('/api/training/status')).status).toBe(403);
  });

  it('A4: lists who is untrained or overdue, for one course or for any', async () => {
    const { env, admin, supervisor, site } = await world();
    const current = await givenWorker(admin.client, [], { name: '相沢 太郎', kana: 'あいざわ たろう' });
    const lapsed = await givenWorker(admin.client, [], { name: '井上 次郎', kana: 'いのうえ じろう' });
    const never = await givenWorker(admin.client, [], { name: '上田 三郎', kana: 'うえだ さぶろう' });
    const other = await givenWorker(admin.client, [], { name: '遠藤 四郎', kana: 'えんどう しろう' });
    await supervisor.client.post(`/api/people/${current.id}/training`, { course: SECURITY, completedOn: '2026-04-01', validUntil: '2027-03-31' });
    await supervisor.client.post(`/api/people/${lapsed.id}/training`, { course: SECURITY, completedOn: '2025-04-01', validUntil: '2026-03-31' });
    await supervisor.client.post(`/api/people/${other.id}/training`, { course: PRIVACY, completedOn: '2026-04-01' });
    type Row = { personId: number; status: string; gaps: unknown[] };
    const ours = (rows: Row[]) => rows.filter((r) => [current.id, lapsed.id, never.id, other.id].includes(r.personId));

    const one = await supervisor.client.get(`/api/training/status?course=${encodeURIComponent(SECURITY)}`);
    expect(one.status).toBe(200);
    expect(ours(one.body.people).map((p: Row) => [p.personId, p.status, p.gaps])).toEqual([
      [lapsed.id, 'overdue', [{ course: SECURITY, status: 'overdue', lapsedAfter: '2026-03-31' }]],
      [never.id, 'untrained', [{ course: SECURITY, status: 'untrained', lapsedAfter: null }]],
      [other.id, 'untrained', [{ course: SECURITY, status: 'untrained', lapsedAfter: null }]],
    ]);

    const any = await supervisor.client.get('/api/training/status');
    expect(ours(any.body.people).map((p: Row) => [p.personId, p.status])).toEqual([
      [lapsed.id, 'overdue'],
      [never.id, 'untrained'],
    ]);

    // Listed by kana, as the roster is. A course an area requires counts for everyone, even those who never took it.
    await admin.client.call('PUT', `/api/areas/${site.secure.id}/training-policy`, { requiredCourse: SECURITY });
    const required = await supervisor.client.get('/api/training/status');
    expect(required.body.requiredCourses).toEqual([SECURITY]);
    expect(ours(required.body.people).map((p: Row) => [p.personId, p.status])).toEqual([
      [lapsed.id, 'overdue'],
      [never.id, 'untrained'],
      [other.id, 'untrained'],
    ]);

    env.clock.set(Date.parse('2027-04-01T00:00:00+09:00'));
    const nextYear = await supervisor.client.get(`/api/training/status?course=${encodeURIComponent(SECURITY)}`);
    expect(ours(nextYear.body.people).map((p: Row) => [p.personId, p.status])).toContainEqual([current.id, 'overdue']);
  });

  it('A4: an area training policy makes the kiosk refuse entry without a current record (training_missing)', async () => {
    const { env, admin, supervisor, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const before = journalCount(env.deps.sqlite);
    const set = await admin.client.call('PUT', `/api/areas/${site.general.id}/training-policy`, { requiredCourse: SECURITY });
    expect(set.status).toBe(200);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'area_training_policy.set', entity_id: String(site.general.id) });
    expect((await supervisor.client.get('/api/training/policies')).body.policies).toEqual([{ areaId: site.general.id, areaName: '執務室', requiredCourse: SECURITY }]);

    const refused = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(refused.status).toBe(201);
    expect(refused.body.event).toMatchObject({ result: 'refused', refusalReason: 'training_missing', personId: w.id });
    expect(lastJournal(env.deps.sqlite).action).toBe('access.refused');

    // A lapsed record, or another course, does not count.
    await supervisor.client.post(`/api/people/${w.id}/training`, { course: SECURITY, completedOn: '2025-04-01', validUntil: '2026-03-31' });
    await supervisor.client.post(`/api/people/${w.id}/training`, { course: PRIVACY, completedOn: '2026-04-01' });
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'))).body.event.refusalReason).toBe('training_missing');

    await supervisor.client.post(`/api/people/${w.id}/training`, { course: SECURITY, completedOn: '2026-11-20', validUntil: '2026-11-20' });
    const admitted = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'));
    expect(admitted.body.event).toMatchObject({ result: 'accepted', refusalReason: null });

    // The record counts through its last day (Tokyo), not a minute longer; leaving is never refused.
    env.clock.set(Date.parse('2026-11-21T00:00:00+09:00'));
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'out'))).body.event.result).toBe('accepted');
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'))).body.event.refusalReason).toBe('training_missing');

    const removed = await admin.client.call('DELETE', `/api/areas/${site.general.id}/training-policy`);
    expect(removed.status).toBe(200);
    expect(lastJournal(env.deps.sqlite).action).toBe('area_training_policy.removed');
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'))).body.event.result).toBe('accepted');
    expect((await admin.client.call('DELETE', `/api/areas/${site.general.id}/training-policy`)).status).toBe(404);
  });

  it('A4: the training rule leaves areas without a policy alone', async () => {
    const { admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id, site.secure.id]);
    await admin.client.call('PUT', `/api/areas/${site.secure.id}/training-policy`, { requiredCourse: SECURITY });
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in'))).body.event.result).toBe('accepted');
    const bad = await admin.client.call('PUT', `/api/areas/${site.secure.id}/training-policy`, { requiredCourse: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.requiredCourse');
    expect((await admin.client.call('PUT', '/api/areas/4242/training-policy', { requiredCourse: SECURITY })).status).toBe(404);
  });
});
