import { describe, expect, it } from 'vitest';
import { apiTime } from '../support/harness.ts';
import { badgeEvent, givenWorker } from '../support/world.ts';
import { signedInAs } from '../support/client.ts';
import { badgeAt, DAY, ledgerOf, ledgerWorld, tokyo, visitorStay, worker } from './ledger-world.ts';

const iso = (ms: number) => apiTime(ms);

describe('daily ledger: pairing entries and exits into stays (B10, B3)', () => {
  it('B10: pairs each entry with the next exit, across midnight in Asia/Tokyo, and keeps the UTC day out of it', async () => {
    const w = await ledgerWorld();
    const early = await worker(w, { name: '早番 一郎' });
    const night = await worker(w, { name: '夜勤 二郎' });
    // 08:30 in Tokyo is 23:30 UTC the day before: it belongs to the Tokyo day.
    await badgeAt(w, early, 'in', tokyo('2026-11-20T08:30'));
    await badgeAt(w, early, 'out', tokyo('2026-11-20T12:00'));
    await badgeAt(w, early, 'in', tokyo('2026-11-20T13:00'));
    await badgeAt(w, early, 'out', tokyo('2026-11-20T17:30'));
    await badgeAt(w, night, 'in', tokyo('2026-11-20T22:00'));
    await badgeAt(w, night, 'out', tokyo('2026-11-21T06:00'));

    const day = await ledgerOf(w.supervisor.client, w.area);
    expect(day).toMatchObject({ day: DAY, eraDay: '令和8年11月20日', area: { id: w.area, name: '執務室', site: { id: w.site.siteId } } });
    expect(day.stays.map((s: any) => [s.name, s.entryAt, s.exitAt, s.missingExit])).toEqual([
      ['早番 一郎', iso(tokyo('2026-11-20T08:30')), iso(tokyo('2026-11-20T12:00')), false],
      ['早番 一郎', iso(tokyo('2026-11-20T13:00')), iso(tokyo('2026-11-20T17:30')), false],
      ['夜勤 二郎', iso(tokyo('2026-11-20T22:00')), iso(tokyo('2026-11-21T06:00')), false],
    ]);
    expect(day.stays[0]).toMatchObject({ kind: 'person', kana: 'しけん', affiliation: '株式会社テスト', purpose: '定常作業', entryMethod: 'badge', exitMethod: 'badge', flags: [], corrected: false });
    expect(day.totals).toEqual({ stays: 3, entries: 3, exits: 2, missingExits: 0, refusals: 0 });
    expect(day.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(day.signoff).toBeNull();

    const next = await ledgerOf(w.supervisor.client, w.area, '2026-11-21');
    expect(next.stays.map((s: any) => [s.name, s.entryAt, s.exitAt])).toEqual([['夜勤 二郎', iso(tokyo('2026-11-20T22:00')), iso(tokyo('2026-11-21T06:00'))]]);
    expect(next.totals).toMatchObject({ entries: 0, exits: 1 });

    const before = await ledgerOf(w.supervisor.client, w.area, '2026-11-19');
    expect(before.stays).toEqual([]);
  });

  it('B10: an entry with no exit is a stay with missingExit, shown on every later day while the person is inside', async () => {
    const w = await ledgerWorld();
    const forgetful = await worker(w, { name: '忘れ 三郎' });
    const entry = await badgeAt(w, forgetful, 'in', tokyo('2026-11-20T09:00'));
    w.env.clock.set(tokyo('2026-11-22T10:00'));
    for (const day of [DAY, '2026-11-21', '2026-11-22']) {
      const ledger = await ledgerOf(w.supervisor.client, w.area, day);
      expect(ledger.stays, day).toHaveLength(1);
      expect(ledger.stays[0]).toMatchObject({ name: '忘れ 三郎', entryEventId: entry.id, exitAt: null, exitEventId: null, missingExit: true });
      expect(ledger.totals.missingExits).toBe(1);
    }
    expect((await ledgerOf(w.supervisor.client, w.area, '2026-11-23')).stays).toHaveLength(1);
  });

  it('B3: out-of-sequence events are rows of their own, flagged; a second entry leaves the first without an exit', async () => {
    const w = await ledgerWorld();
    const a = await worker(w, { name: '順序 四郎' });
    const b = await worker(w, { name: '重複 五郎' });
    const lone = await badgeAt(w, a, 'out', tokyo('2026-11-20T10:00'));
    expect(lone.flags).toEqual(['out_of_sequence']);
    const first = await badgeAt(w, b, 'in', tokyo('2026-11-20T09:00'));
    const second = await badgeAt(w, b, 'in', tokyo('2026-11-20T11:00'));
    const exit = await badgeAt(w, b, 'out', tokyo('2026-11-20T12:00'));

    const ledger = await ledgerOf(w.supervisor.client, w.area);
    const rows = ledger.stays.map((s: any) => [s.name, s.entryEventId, s.exitEventId, s.flags, s.missingExit]);
    expect(rows).toEqual([
      ['重複 五郎', first.id, null, [], true],
      ['順序 四郎', null, lone.id, ['out_of_sequence'], false],
      ['重複 五郎', second.id, exit.id, ['out_of_sequence'], false],
    ]);
    expect(ledger.totals).toEqual({ stays: 3, entries: 2, exits: 2, missingExits: 1, refusals: 0 });
  });

  it('B11: a visitor appears with the escort, the visit purpose and no kana', async () => {
    const w = await ledgerWorld();
    const escort = await worker(w, { name: '案内 六子' });
    await visitorStay(w, escort.id, { name: '来訪 七美', affiliation: '株式会社ベンダー', purpose: '機器保守' }, tokyo('2026-11-20T10:00'), tokyo('2026-11-20T11:30'));
    const ledger = await ledgerOf(w.supervisor.client, w.area);
    expect(ledger.stays).toHaveLength(1);
    expect(ledger.stays[0]).toMatchObject({
      kind: 'visitor',
      name: '来訪 七美',
      kana: null,
      affiliation: '株式会社ベンダー',
      escortName: '案内 六子',
      purpose: '機器保守',
      entryMethod: 'guard',
      exitAt: iso(tokyo('2026-11-20T11:30')),
      missingExit: false,
    });
  });

  it("B10: refusals of the area that day are listed on their own, with '不明' when nobody was identified", async () => {
    const w = await ledgerWorld();
    const stranger = await givenWorker(w.admin.client, []);
    w.env.clock.set(tokyo('2026-11-20T09:00'));
    const forged = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, 'not-a-badge', 'in'));
    expect(forged.body.event).toMatchObject({ result: 'refused', refusalReason: 'badge_forged' });
    w.env.clock.set(tokyo('2026-11-20T09:05'));
    const unauthorized = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, stranger.badge, 'in'));
    expect(unauthorized.body.event).toMatchObject({ result: 'refused', refusalReason: 'not_authorized' });
    // Another area's refusal is not this area's business.
    await w.kiosk.post('/api/kiosk/events', badgeEvent(w.site.secure.id, stranger.badge, 'in'));

    const ledger = await ledgerOf(w.supervisor.client, w.area);
    expect(ledger.stays).toEqual([]);
    expect(ledger.refusals).toEqual([
      expect.objectContaining({ eventId: forged.body.event.id, at: iso(tokyo('2026-11-20T09:00')), name: '不明', method: 'badge', refusalReason: 'badge_forged', direction: 'in' }),
      expect.objectContaining({ eventId: unauthorized.body.event.id, name: stranger.name, affiliation: '株式会社テスト', refusalReason: 'not_authorized' }),
    ]);
    expect(ledger.totals.refusals).toBe(2);
  });

  it('B10: auditors and admins read the ledger; guards and workers may not; the date is checked', async () => {
    const w = await ledgerWorld();
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    expect((await auditor.client.get(`/api/areas/${w.area}/ledger?date=${DAY}`)).status).toBe(200);
    expect((await w.admin.client.get(`/api/areas/${w.area}/ledger?date=${DAY}`)).status).toBe(200);
    for (const role of ['guard', 'worker'] as const) {
      const other = await signedInAs(w.env, w.admin.client, [role]);
      expect((await other.client.get(`/api/areas/${w.area}/ledger?date=${DAY}`)).status).toBe(403);
    }
    for (const bad of ['2026-02-30', '2026-13-01', '20261120', '']) {
      const res = await w.supervisor.client.get(`/api/areas/${w.area}/ledger?date=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.details.issues.map((i: any) => i.path)).toContain('query.date');
    }
    const missing = await w.supervisor.client.get(`/api/areas/${w.area}/ledger`);
    expect(missing.body.error.details.issues[0].path).toBe('query.date');
    const unknown = await w.supervisor.client.get(`/api/areas/9999/ledger?date=${DAY}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
  });
});
