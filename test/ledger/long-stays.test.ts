import { describe, expect, it } from 'vitest';
import { apiTime } from '../support/harness.ts';
import { badgeAt, correct, ledgerOf, ledgerWorld, tokyo, visitorStay, worker } from './ledger-world.ts';

const iso = (ms: number) => apiTime(ms);
const staysOf = async (w: Awaited<ReturnType<typeof ledgerWorld>>, day: string) =>
  (await ledgerOf(w.supervisor.client, w.area, day)).stays.map((s: any) => [s.name, s.entryAt, s.exitAt, s.missingExit]);

/**
 * B10: a stay that covers a whole working day has no event on that day. While the person is inside, the
 * day's ledger finds it through who is inside now; once they have left, it must still be there — a day
 * signed off while they were inside would otherwise lose a row when they leave.
 */
describe('daily ledger: a stay spanning a whole working day (B10)', () => {
  it('stays on the middle day after the exit at the door', async () => {
    const w = await ledgerWorld();
    const long = await worker(w, { name: '連続 勤務' });
    await badgeAt(w, long, 'in', tokyo('2026-11-20T09:00'));
    await badgeAt(w, long, 'out', tokyo('2026-11-22T10:00'));
    const row = ['連続 勤務', iso(tokyo('2026-11-20T09:00')), iso(tokyo('2026-11-22T10:00')), false];
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) expect(await staysOf(w, day), day).toEqual([row]);
    expect(await staysOf(w, '2026-11-23')).toEqual([]);
    expect(await staysOf(w, '2026-11-19')).toEqual([]);
  });

  it('stays on the middle days after a supervisor adds the forgotten exit', async () => {
    const w = await ledgerWorld();
    const forgetful = await worker(w, { name: '忘れ 六郎' });
    const entry = await badgeAt(w, forgetful, 'in', tokyo('2026-11-20T09:00'));
    w.env.clock.set(tokyo('2026-11-24T09:00'));
    const fix = await correct(w.supervisor.client, { eventId: entry.id, kind: 'add_exit', occurredAt: '2026-11-23T08:00:00+09:00', reason: '記録漏れ' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    const row = ['忘れ 六郎', iso(tokyo('2026-11-20T09:00')), iso(tokyo('2026-11-23T08:00')), false];
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) expect(await staysOf(w, day), day).toEqual([row]);
    expect(await staysOf(w, '2026-11-24')).toEqual([]);
  });

  it('appears on the middle day when voiding a mistaken exit joins an entry to a later exit', async () => {
    const w = await ledgerWorld();
    const p = await worker(w, { name: '誤読 七子' });
    await badgeAt(w, p, 'in', tokyo('2026-11-20T09:00'));
    const mistaken = await badgeAt(w, p, 'out', tokyo('2026-11-20T09:05'));
    const late = await badgeAt(w, p, 'out', tokyo('2026-11-22T07:00'));
    expect(late.flags).toContain('out_of_sequence');
    expect(await staysOf(w, '2026-11-21')).toEqual([]);
    const fix = await correct(w.supervisor.client, { eventId: mistaken.id, kind: 'void', reason: '誤読取' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(await staysOf(w, '2026-11-21')).toEqual([['誤読 七子', iso(tokyo('2026-11-20T09:00')), iso(tokyo('2026-11-22T07:00')), false]]);
  });

  it("keeps a visitor's stay of several days on every day it covers, with the escort", async () => {
    const w = await ledgerWorld();
    const escort = await worker(w, { name: '案内 八郎' });
    await visitorStay(w, escort.id, { name: '長期 来訪', affiliation: '点検会社', purpose: '設備点検' }, tokyo('2026-11-20T10:00'), tokyo('2026-11-23T15:00'));
    w.env.clock.set(tokyo('2026-11-25T09:00'));
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) {
      const stays = (await ledgerOf(w.supervisor.client, w.area, day)).stays;
      expect(stays.map((s: any) => [s.name, s.entryAt, s.exitAt, s.missingExit]), day).toEqual([['長期 来訪', iso(tokyo('2026-11-20T10:00')), iso(tokyo('2026-11-23T15:00')), false]]);
      expect(stays[0].escortName, day).toBe('案内 八郎');
    }
    expect(await staysOf(w, '2026-11-24')).toEqual([]);
  });
});
