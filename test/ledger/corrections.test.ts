import { describe, expect, it } from 'vitest';
import { apiTime } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { badgeEvent, givenWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badgeAt, correct, DAY, ledgerOf, ledgerWorld, rawGet, signOffLedger, tokyo, worker } from './ledger-world.ts';

const iso = (ms: number) => apiTime(ms);
const offset = (local: string) => `${local}:00+09:00`;

describe('supervisor corrections: a new event referencing the old one (B3, issue 3 item 7)', () => {
  it('B3: add_exit closes a forgotten exit, ends the presence, and supersedes the sign-offs it changed', async () => {
    const w = await ledgerWorld();
    const who = await worker(w, { name: '忘れ 三郎' });
    const entry = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    w.env.clock.set(tokyo('2026-11-20T18:00'));
    expect((await signOffLedger(w)).res.status).toBe(201);
    w.env.clock.set(tokyo('2026-11-21T09:00'));
    expect((await signOffLedger(w, w.supervisor, '2026-11-21')).res.status, 'the next day shows the stay as still inside').toBe(201);
    expect((await w.supervisor.client.get(`/api/presence?areaId=${w.area}`)).body.inside).toHaveLength(1);

    w.env.clock.set(tokyo('2026-11-21T10:00'));
    const journalBefore = journalCount(w.env.deps.sqlite);
    const eventsBefore = rowCounts(w.env.deps.sqlite).access_events!;
    const res = await correct(w.supervisor.client, { eventId: entry.id, kind: 'add_exit', occurredAt: offset('2026-11-20T17:45'), reason: '退室時の記録漏れ（本人申告、警備員確認）' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.event).toMatchObject({
      direction: 'out',
      result: 'accepted',
      personId: who.id,
      correctsEventId: entry.id,
      correctionKind: 'add_exit',
      flags: ['correction'],
      method: 'guard',
      recordedBy: w.supervisor.personId,
      occurredAt: iso(tokyo('2026-11-20T17:45')),
      recordedAt: iso(tokyo('2026-11-21T10:00')),
      note: '退室時の記録漏れ（本人申告、警備員確認）',
    });
    expect(res.body.supersededSignoffIds).toHaveLength(2);
    expect(rowCounts(w.env.deps.sqlite).access_events).toBe(eventsBefore + 1);
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'access.corrected', entity_id: String(res.body.event.id), actor_id: String(w.supervisor.personId) });
    expect((await w.supervisor.client.get(`/api/presence?areaId=${w.area}`)).body.inside).toEqual([]);

    const ledger = await ledgerOf(w.supervisor.client, w.area);
    expect(ledger.stays).toEqual([
      expect.objectContaining({ entryEventId: entry.id, exitEventId: res.body.event.id, exitAt: iso(tokyo('2026-11-20T17:45')), missingExit: false, corrected: true, correctionReason: '退室時の記録漏れ（本人申告、警備員確認）', flags: ['correction'], exitMethod: 'correction' }),
    ]);
    expect(ledger.signoff).toMatchObject({ superseded: true, digestMatches: false });
    expect((await ledgerOf(w.supervisor.client, w.area, '2026-11-21')).stays).toEqual([]);
    const page = (await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=html`)).bytes.toString('utf8');
    expect(page).toContain('<section class="signoff superseded">');
    expect(page).toContain('承認後に訂正あり — 再承認が必要');
    expect(page).toContain('訂正理由: 退室時の記録漏れ（本人申告、警備員確認）');
    // Issue 18 item 4: the corrected end is named as a correction under 認証方法, not as a guard's record.
    expect(page).toContain('<td class="method"><span class="nb">QR名札</span> <span class="nb">業務責任者による訂正</span></td>');
    expect(page).not.toContain('警備員による記録');
    const csv = (await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=csv`)).bytes.toString('utf8');
    expect(csv).toContain('QR名札 / 業務責任者による訂正');
    expect(csv).not.toContain('警備員による記録');

    expect((await signOffLedger(w)).res.status, 'signed again over the corrected content').toBe(201);
    expect((await ledgerOf(w.supervisor.client, w.area)).signoff).toMatchObject({ superseded: false, digestMatches: true });
  });

  it('B3: void takes an event out of the ledger and out of presence; the original row stays', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const mistaken = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    w.env.clock.set(tokyo('2026-11-20T09:10'));
    const res = await correct(w.supervisor.client, { eventId: mistaken.id, kind: 'void', reason: '別人のバッジを誤って読み取り' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.event).toMatchObject({ correctionKind: 'void', correctsEventId: mistaken.id, direction: 'in', occurredAt: iso(tokyo('2026-11-20T09:00')) });
    expect((await ledgerOf(w.supervisor.client, w.area)).stays).toEqual([]);
    expect((await w.supervisor.client.get(`/api/presence?areaId=${w.area}`)).body.inside).toEqual([]);
    expect(w.env.deps.sqlite.prepare('select result from access_events where id = ?').get(mistaken.id)).toEqual({ result: 'accepted' });
    const again = await correct(w.supervisor.client, { eventId: mistaken.id, kind: 'void', reason: '二重' });
    expect(again.status).toBe(409);
  });

  it('B3: add_entry gives an exit with no entry its entry; the row carries both flags', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const exit = await badgeAt(w, who, 'out', tokyo('2026-11-20T12:00'));
    w.env.clock.set(tokyo('2026-11-20T13:00'));
    const res = await correct(w.supervisor.client, { eventId: exit.id, kind: 'add_entry', occurredAt: offset('2026-11-20T08:50'), reason: '入室時に共連れ、本人確認済み' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ledger = await ledgerOf(w.supervisor.client, w.area);
    expect(ledger.stays).toEqual([
      expect.objectContaining({ entryEventId: res.body.event.id, exitEventId: exit.id, entryAt: iso(tokyo('2026-11-20T08:50')), entryMethod: 'correction', exitMethod: 'badge', flags: ['out_of_sequence', 'correction'], corrected: true }),
    ]);
  });

  it('B3: refusals: unknown event 404, wrong kind 409, already corrected 409 (each naming its field), time outside the window 400; nothing written', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const closedIn = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    const closedOut = await badgeAt(w, who, 'out', tokyo('2026-11-20T10:00'));
    const open = await badgeAt(w, who, 'in', tokyo('2026-11-20T11:00'));
    const stranger = await givenWorker(w.admin.client, []);
    w.env.clock.set(tokyo('2026-11-20T11:30'));
    const refused = (await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, stranger.badge, 'in'))).body.event;
    w.env.clock.set(tokyo('2026-11-20T12:00'));
    const reason = '確認';
    const cases: [string, Record<string, unknown>, number, string?][] = [
      ['unknown event', { eventId: 999_999, kind: 'void', reason }, 404, 'body.eventId'],
      ['add_exit on an exit', { eventId: closedOut.id, kind: 'add_exit', occurredAt: offset('2026-11-20T11:00'), reason }, 409, 'body.kind'],
      ['add_entry on an entry', { eventId: open.id, kind: 'add_entry', occurredAt: offset('2026-11-20T10:30'), reason }, 409, 'body.kind'],
      ['add_exit on an entry that has its exit', { eventId: closedIn.id, kind: 'add_exit', occurredAt: offset('2026-11-20T09:30'), reason }, 409, 'body.eventId'],
      ['a refusal', { eventId: refused.id, kind: 'void', reason }, 409, 'body.eventId'],
      ['exit before the entry', { eventId: open.id, kind: 'add_exit', occurredAt: offset('2026-11-20T10:59'), reason }, 400, 'body.occurredAt'],
      ['exit in the future', { eventId: open.id, kind: 'add_exit', occurredAt: offset('2026-11-20T12:01'), reason }, 400, 'body.occurredAt'],
      ['add_exit without a time', { eventId: open.id, kind: 'add_exit', reason }, 400, 'body.occurredAt'],
      ['void with a time', { eventId: open.id, kind: 'void', occurredAt: offset('2026-11-20T11:30'), reason }, 400, 'body.occurredAt'],
      ['no reason', { eventId: open.id, kind: 'void', reason: ' ' }, 400, 'body.reason'],
      ['unknown kind', { eventId: open.id, kind: 'edit', reason }, 400, 'body.kind'],
    ];
    for (const [name, body, status, field] of cases) {
      const before = rowCounts(w.env.deps.sqlite);
      const res = await correct(w.supervisor.client, body);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
      if (field) expect(res.body.error.details.issues.map((i: any) => i.path), name).toContain(field);
      expect(rowCounts(w.env.deps.sqlite), name).toEqual(before);
    }

    expect((await correct(w.supervisor.client, { eventId: open.id, kind: 'add_exit', occurredAt: offset('2026-11-20T11:50'), reason })).status).toBe(201);
    const before = rowCounts(w.env.deps.sqlite);
    const twice = await correct(w.supervisor.client, { eventId: open.id, kind: 'add_exit', occurredAt: offset('2026-11-20T11:55'), reason });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already corrected/);
    expect(twice.body.error.details.issues).toEqual([{ path: 'body.eventId', message: twice.body.error.message }]);
    expect((await correct(w.supervisor.client, { eventId: open.id, kind: 'void', reason })).status, 'void the correction first').toBe(409);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('B3: only supervisors correct (guards, admins and auditors get 403)', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const entry = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    for (const role of ['guard', 'admin', 'auditor', 'worker'] as const) {
      const other = await signedInAs(w.env, w.admin.client, [role]);
      const res = await correct(other.client, { eventId: entry.id, kind: 'void', reason: 'x' });
      expect(res.status, role).toBe(403);
    }
  });
});
