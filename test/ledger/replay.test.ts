import { describe, expect, it } from 'vitest';
import { assembleLedger, ledgerDigest } from '../../src/ledger/content.ts';
import { pairStays, type LedgerEvent } from '../../src/ledger/pairing.ts';
import { badgeEvent, givenWorker } from '../support/world.ts';
import type { TestEnv } from '../support/harness.ts';
import { badgeAt, correct, hashedForm, ledgerOf, ledgerWorld, tokyo, visitorStay, worker, type LedgerWorld } from './ledger-world.ts';

const ACCESS_ACTIONS = ['access.entered', 'access.exited', 'access.refused', 'access.corrected', 'access.paper_recorded'];
const EVENT_KEYS = ['id', 'areaId', 'direction', 'result', 'refusalReason', 'flags', 'personId', 'visitorId', 'escortPersonId', 'nameSnapshot', 'affiliationSnapshot', 'purpose', 'method', 'note', 'correctsEventId', 'correctionKind', 'occurredAt', 'recordedAt', 'recordedBy', 'paperSheet'] as const;

/**
 * Access events as the journal tells them: each entry's data holds the full event row, or, for a stay
 * transcribed from paper (B12), the full rows of its halves under `events`.
 */
function replayJournal(env: TestEnv): LedgerEvent[] {
  const rows = env.deps.sqlite.prepare(`select data from journal where action in (${ACCESS_ACTIONS.map(() => '?').join(',')}) order by seq`).all(...ACCESS_ACTIONS) as { data: string }[];
  return rows.flatMap(({ data }) => {
    const full = JSON.parse(data) as Record<string, unknown>;
    const events = Array.isArray(full['events']) ? (full['events'] as Record<string, unknown>[]) : [full];
    return events.map((e) => Object.fromEntries(EVENT_KEYS.map((k) => [k, e[k]])) as unknown as LedgerEvent);
  });
}

function roster(env: TestEnv) {
  const rows = env.deps.sqlite.prepare('select id, name, kana from people').all() as { id: number; name: string; kana: string }[];
  return new Map(rows.map((r) => [r.id, { name: r.name, kana: r.kana }]));
}

/** Two days of traffic in two areas with every kind of row and every kind of correction. */
async function busyDays(w: LedgerWorld) {
  const a = await worker(w, { name: '通常 一郎' });
  const b = await worker(w, { name: '夜勤 二郎' });
  const c = await worker(w, { name: '忘れ 三郎' });
  const d = await givenWorker(w.admin.client, [w.site.general.id, w.site.secure.id], { name: '両区域 四郎' });
  const stranger = await givenWorker(w.admin.client, [], { name: '権限 なし子' });
  const e = await worker(w, { name: '長期 八郎' });
  await badgeAt(w, a, 'in', tokyo('2026-11-20T08:30'));
  const forgotten = await badgeAt(w, c, 'in', tokyo('2026-11-20T09:00'));
  const mistaken = await badgeAt(w, d, 'in', tokyo('2026-11-20T09:10'));
  w.env.clock.set(tokyo('2026-11-20T09:20'));
  await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, stranger.badge, 'in'));
  await w.supervisor.client.post('/api/access/guard-events', { areaId: w.site.secure.id, direction: 'in', purpose: '保守・点検', personId: d.id, reason: '鍵の不調' });
  await badgeAt(w, a, 'out', tokyo('2026-11-20T12:00'));
  const strayExit = await badgeAt(w, a, 'out', tokyo('2026-11-20T12:05'));
  await visitorStay(w, a.id, { name: '来訪 七美', affiliation: '株式会社ベンダー', purpose: '機器保守' }, tokyo('2026-11-20T14:00'), tokyo('2026-11-20T15:00'));
  w.env.clock.set(tokyo('2026-11-20T16:00'));
  await w.supervisor.client.post('/api/access/guard-events', { areaId: w.site.secure.id, direction: 'out', purpose: '', personId: d.id, reason: '作業終了' });
  await badgeAt(w, b, 'in', tokyo('2026-11-20T22:00'));
  await badgeAt(w, b, 'out', tokyo('2026-11-21T06:00'));
  await badgeAt(w, a, 'in', tokyo('2026-11-21T09:00'));
  w.env.clock.set(tokyo('2026-11-21T10:00'));
  const fixes = [
    { eventId: forgotten.id, kind: 'add_exit', occurredAt: '2026-11-20T18:00:00+09:00', reason: '記録漏れ' },
    { eventId: mistaken.id, kind: 'void', reason: '誤読取' },
    { eventId: strayExit.id, kind: 'add_entry', occurredAt: '2026-11-20T12:02:00+09:00', reason: '共連れ' },
  ];
  for (const fix of fixes) expect((await correct(w.supervisor.client, fix)).status).toBe(201);
  // B12: a stay from a paper sheet, and an entry alone from paper that leaves its person inside.
  const paper = await w.supervisor.client.post('/api/access/paper-stays', { personId: d.id, areaId: w.site.general.id, entryAt: '2026-11-20T19:00:00+09:00', exitAt: '2026-11-20T20:00:00+09:00', purpose: '保守', reason: '停電', sheet: '紙 1' });
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  const paperExit = await w.supervisor.client.post('/api/access/paper-stays', { personId: c.id, areaId: w.site.general.id, entryAt: '2026-11-21T08:00:00+09:00', purpose: '保守', reason: '停電', sheet: '紙 2' });
  expect(paperExit.status, JSON.stringify(paperExit.body)).toBe(201);
  // A stay covering the whole of 11-21, ended the day after: no event of it falls on 11-21.
  await badgeAt(w, e, 'in', tokyo('2026-11-20T23:30'));
  await badgeAt(w, e, 'out', tokyo('2026-11-22T09:00'));
}

describe('invariant: the ledger from access_events is the ledger from the journal (B10, E2)', () => {
  it('B10: for each area and day, replaying access.* journal entries gives the same ledger and digest', async () => {
    const w = await ledgerWorld();
    await busyDays(w);
    const replayed = replayJournal(w.env);
    const stored = w.env.deps.sqlite.prepare('select count(*) as n from access_events').get() as { n: number };
    expect(replayed.map((e) => e.id).sort((x, y) => x - y)).toEqual(Array.from({ length: stored.n }, (_, i) => i + 1));

    let compared = 0;
    for (const areaId of [w.site.general.id, w.site.secure.id]) {
      for (const day of ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']) {
        const { digest, signoff: _signoff, generatedAt: _at, contractName: _contract, ...served } = await ledgerOf(w.supervisor.client, areaId, day);
        const fromEvents = hashedForm(served);
        const fromJournal = assembleLedger({ area: fromEvents.area, day, timeZone: w.env.deps.config.timeZone, events: replayed, people: roster(w.env) });
        expect(fromJournal, `${areaId} ${day}`).toEqual(fromEvents);
        expect(ledgerDigest(fromJournal)).toBe(digest);
        compared += fromEvents.stays.length + fromEvents.refusals.length;
      }
    }
    expect(compared, 'the scenario produced rows to compare').toBeGreaterThan(8);
  });

  it('E2: the stays still open after replaying the journal are exactly who is inside now', async () => {
    const w = await ledgerWorld();
    await busyDays(w);
    const open = pairStays(replayJournal(w.env))
      .filter((s) => s.exit === null && s.endedBy === null)
      .map((s) => [s.entry!.areaId, s.entry!.id])
      .sort();
    const inside = (w.env.deps.sqlite.prepare('select area_id, entry_event_id from presence').all() as { area_id: number; entry_event_id: number }[]).map((p) => [p.area_id, p.entry_event_id]).sort();
    expect(open).toEqual(inside);
    expect(inside.length).toBeGreaterThan(0);
  });
});
