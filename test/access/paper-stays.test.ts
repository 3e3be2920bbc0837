import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, signedInAs, type SignedIn } from '../support/client.ts';
import { givenWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badgeAt, DAY, ledgerOf, ledgerWorld, rawGet, tokyo, worker, type LedgerWorld } from '../ledger/ledger-world.ts';

const SHEET = '紙台帳 No.12';
const REASON = '停電で受付端末が停止していたため';

async function paperStay(client: SignedIn['client'], body: Record<string, unknown>) {
  return client.post('/api/access/paper-stays', { purpose: '保守・点検', reason: REASON, sheet: SHEET, ...body });
}

async function world() {
  const w = await ledgerWorld();
  const guard = await signedInAs(w.env, w.admin.client, ['guard']);
  const both = await givenWorker(w.admin.client, [w.site.general.id, w.site.secure.id], { name: '紙記録 太郎', kana: 'かみきろく たろう' });
  return { w, guard, both };
}

const csvOf = async (w: LedgerWorld, path: string) => (await rawGet(w.env, w.supervisor.client, path)).bytes.toString('utf8');

describe('paper stays entered later (B12)', () => {
  it('B12: a guard enters a stay from a paper sheet; it shows as 事後記録 with its recording time in the area ledger (JSON, CSV, print) and in the site ledger (B13)', async () => {
    const { w, guard, both } = await world();
    const kioskWorker = await worker(w, { name: '端末 花子' });
    await badgeAt(w, kioskWorker, 'in', tokyo('2026-11-20T09:00'));
    await badgeAt(w, kioskWorker, 'out', tokyo('2026-11-20T12:00'));
    w.env.clock.set(tokyo('2026-11-21T10:00'));
    const journalBefore = journalCount(w.env.deps.sqlite);
    const res = await paperStay(guard.client, { personId: both.id, areaId: w.site.secure.id, entryAt: '2026-11-20T10:00:00+09:00', exitAt: '2026-11-20T11:30:00+09:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.insideNow).toBe(false);
    expect(res.body.events).toEqual([
      expect.objectContaining({ direction: 'in', method: 'paper', kioskId: null, recordedBy: guard.personId, paperSheet: SHEET, note: REASON, occurredAt: '2026-11-20T10:00:00.000+09:00', recordedAt: '2026-11-21T10:00:00.000+09:00', result: 'accepted' }),
      expect.objectContaining({ direction: 'out', method: 'paper', occurredAt: '2026-11-20T11:30:00.000+09:00', recordedAt: '2026-11-21T10:00:00.000+09:00' }),
    ]);
    // One journal entry for the whole stay; a past closed stay leaves who is inside as it was.
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry.action).toBe('access.paper_recorded');
    expect(JSON.parse(entry.data).events).toHaveLength(2);
    expect(w.env.deps.sqlite.prepare('select count(*) as n from presence').get()).toEqual({ n: 0 });

    const area = await ledgerOf(w.supervisor.client, w.site.secure.id);
    expect(area.stays).toEqual([
      expect.objectContaining({ name: '紙記録 太郎', entryMethod: 'paper', exitMethod: 'paper', entryAt: '2026-11-20T10:00:00.000+09:00', exitAt: '2026-11-20T11:30:00.000+09:00', missingExit: false }),
    ]);
    expect(area.stays[0].paper).toEqual([
      { direction: 'in', recordedAt: '2026-11-21T10:00:00.000+09:00', recordedById: guard.personId, recordedByName: expect.any(String), sheet: SHEET, reason: REASON },
      { direction: 'out', recordedAt: '2026-11-21T10:00:00.000+09:00', recordedById: guard.personId, recordedByName: expect.any(String), sheet: SHEET, reason: REASON },
    ]);
    const csv = await csvOf(w, `/api/areas/${w.site.secure.id}/ledger?date=${DAY}&format=csv`);
    const line = csv.split('\r\n').find((l) => l.includes('紙記録 太郎'))!;
    expect(line).toContain('2026-11-20 10:00');
    expect(line).toContain('事後記録（入室・退室）: 記録 2026-11-21 10:00');
    expect(line).toContain(SHEET);
    const page = await csvOf(w, `/api/areas/${w.site.secure.id}/ledger?date=${DAY}&format=html`);
    expect(page).toContain('<small class="recorded">（11月21日 10:00 記録）</small>');
    expect(page).toMatch(/<td class="method">.*事後記録.*<\/td>/);

    const site = (await w.supervisor.client.get(`/api/sites/${w.site.siteId}/ledger?date=${DAY}`)).body;
    expect(site.stays.map((s: any) => [s.area.name, s.name, s.entryMethod])).toEqual([
      ['執務室', '端末 花子', 'badge'],
      ['サーバ室', '紙記録 太郎', 'paper'],
    ]);
    expect(site.stays[1].paper).toHaveLength(2);
    const siteCsv = await csvOf(w, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=csv`);
    expect(siteCsv.split('\r\n').find((l) => l.includes('紙記録 太郎'))).toContain('事後記録（入室・退室）: 記録 2026-11-21 10:00');
    const sitePage = await csvOf(w, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=html`);
    expect(sitePage).toContain('（11月21日 10:00 記録）');
  });

  it('B12: an exit from paper completes an entry the kiosk recorded; an entry alone from paper puts the person inside, marked 事後記録', async () => {
    const { w, guard, both } = await world();
    await badgeAt(w, both, 'in', tokyo('2026-11-20T13:00'), w.site.general.id);
    w.env.clock.set(tokyo('2026-11-21T08:00'));
    const exit = await paperStay(guard.client, { personId: both.id, areaId: w.site.general.id, exitAt: '2026-11-20T17:30:00+09:00' });
    expect(exit.status, JSON.stringify(exit.body)).toBe(201);
    const stays = (await ledgerOf(w.supervisor.client, w.site.general.id)).stays;
    expect(stays).toEqual([expect.objectContaining({ entryMethod: 'badge', exitMethod: 'paper', exitAt: '2026-11-20T17:30:00.000+09:00', missingExit: false })]);
    expect((await w.supervisor.client.get(`/api/presence?areaId=${w.site.general.id}`)).body.inside).toEqual([]);

    const entry = await paperStay(guard.client, { personId: both.id, areaId: w.site.general.id, entryAt: '2026-11-21T07:40:00+09:00' });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    expect(entry.body.insideNow).toBe(true);
    const inside = (await w.supervisor.client.get(`/api/presence?areaId=${w.site.general.id}`)).body.inside;
    expect(inside).toEqual([expect.objectContaining({ personId: both.id, paperRecord: true, enteredAt: '2026-11-21T07:40:00.000+09:00' })]);
    const muster = await csvOf(w, `/api/sites/${w.site.siteId}/muster?format=csv`);
    expect(muster.split('\r\n').find((l) => l.includes('紙記録 太郎'))).toContain('事後記録');
    // The person then leaves at the kiosk: the paper entry pairs with it.
    await badgeAt(w, both, 'out', tokyo('2026-11-21T09:00'), w.site.general.id);
    const nextDay = (await ledgerOf(w.supervisor.client, w.site.general.id, '2026-11-21')).stays;
    expect(nextDay).toEqual([expect.objectContaining({ entryMethod: 'paper', exitMethod: 'badge', missingExit: false })]);
  });

  it('B12: a worker gets 403; bad input is a 4xx naming the field and writes nothing', async () => {
    const { w, guard, both } = await world();
    const kioskWorker = await worker(w, { name: '端末 花子' });
    await badgeAt(w, kioskWorker, 'in', tokyo('2026-11-20T09:00'));
    await badgeAt(w, kioskWorker, 'out', tokyo('2026-11-20T12:00'));
    w.env.clock.set(tokyo('2026-11-20T18:00'));
    const workerSession = await signedInAs(w.env, w.admin.client, ['worker']);
    const good = { personId: both.id, areaId: w.site.general.id, entryAt: '2026-11-20T13:00:00+09:00', exitAt: '2026-11-20T14:00:00+09:00' };
    const before = rowCounts(w.env.deps.sqlite);
    const forbidden = await paperStay(workerSession.client, good);
    expect(forbidden.status).toBe(403);

    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...good, exitAt: '2026-11-20T12:30:00+09:00' }, 400, 'body.exitAt'],
      [{ ...good, entryAt: '2026-11-20T19:00:00+09:00', exitAt: '2026-11-20T20:00:00+09:00' }, 400, 'body.entryAt'],
      [{ ...good, entryAt: undefined, exitAt: '2026-11-20T19:00:00+09:00' }, 400, 'body.exitAt'],
      [{ ...good, entryAt: '2026-10-01T09:00:00+09:00', exitAt: '2026-10-01T10:00:00+09:00' }, 400, 'body.entryAt'],
      [{ ...good, personId: 999_999 }, 404, 'body.personId'],
      [{ ...good, personId: undefined }, 400, 'body.personId'],
      [{ ...good, areaId: 999_999 }, 404, 'body.areaId'],
      [{ ...good, entryAt: undefined, exitAt: undefined }, 400, 'body.entryAt'],
      [{ ...good, sheet: '' }, 400, 'body.sheet'],
      [{ ...good, reason: '' }, 400, 'body.reason'],
      [{ ...good, purpose: '' }, 400, 'body.purpose'],
      // Overlapping the kiosk's stay 09:00-12:00 of the same person in the same area.
      [{ ...good, personId: kioskWorker.id, entryAt: '2026-11-20T11:00:00+09:00', exitAt: '2026-11-20T11:30:00+09:00' }, 409, 'body.entryAt'],
      [{ ...good, personId: kioskWorker.id, entryAt: '2026-11-20T08:00:00+09:00', exitAt: '2026-11-20T13:00:00+09:00' }, 409, 'body.exitAt'],
      [{ ...good, personId: kioskWorker.id, entryAt: undefined, exitAt: '2026-11-20T10:00:00+09:00' }, 409, 'body.exitAt'],
      // Someone not authorized for the secure area at the claimed time.
      [{ ...good, personId: kioskWorker.id, areaId: w.site.secure.id }, 409, 'body.entryAt'],
    ];
    for (const [body, status, path] of cases) {
      const res = await paperStay(guard.client, body);
      expect(res.status, JSON.stringify([body, res.body])).toBe(status);
      if (path) expect(res.body.error.details.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
    expect((await paperStay(guard.client, good)).status).toBe(201);
    // The same sheet entered twice is refused as an overlap.
    expect((await paperStay(guard.client, good)).status).toBe(409);
  });

  it('B12: a paper stay on a signed-off day supersedes the area sign-off', async () => {
    const { w, guard, both } = await world();
    await badgeAt(w, both, 'in', tokyo('2026-11-20T09:00'));
    await badgeAt(w, both, 'out', tokyo('2026-11-20T10:00'));
    w.env.clock.set(tokyo('2026-11-20T18:00'));
    const options = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`);
    const signed = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff`, { response: w.supervisor.authenticator.getAssertion(options.body.options) });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    const res = await paperStay(guard.client, { personId: both.id, areaId: w.area, entryAt: '2026-11-20T13:00:00+09:00', exitAt: '2026-11-20T14:00:00+09:00' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.supersededSignoffIds).toEqual([signed.body.id]);
    expect((await ledgerOf(w.supervisor.client, w.area)).signoff).toMatchObject({ superseded: true, digestMatches: false });
  });

  it("B12, B11: a registered visitor's stay from paper, with the escort; a visitor of another site is refused naming the field", async () => {
    const { w, guard, both } = await world();
    w.env.clock.set(tokyo('2026-11-20T16:00'));
    const v = await w.supervisor.client.post('/api/visitors', { name: '来訪 七美', affiliation: '株式会社ベンダー', purpose: '機器保守', idType: 'drivers_license', escortPersonId: both.id, siteId: w.site.siteId });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const res = await paperStay(guard.client, { visitorId: v.body.id, areaId: w.area, entryAt: '2026-11-20T14:00:00+09:00', exitAt: '2026-11-20T15:00:00+09:00', purpose: '機器保守' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const stays = (await ledgerOf(w.supervisor.client, w.area)).stays;
    expect(stays).toEqual([expect.objectContaining({ kind: 'visitor', name: '来訪 七美', escortName: '紙記録 太郎', entryMethod: 'paper', exitMethod: 'paper' })]);

    const other = await w.admin.client.post('/api/sites', { name: '別庁舎' });
    const elsewhere = await w.supervisor.client.post('/api/visitors', { name: '別 来訪', affiliation: '株式会社ベンダー', purpose: '機器保守', idType: 'drivers_license', escortPersonId: both.id, siteId: other.body.id });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
    const refused = await paperStay(guard.client, { visitorId: elsewhere.body.id, areaId: w.area, entryAt: '2026-11-20T14:00:00+09:00', exitAt: '2026-11-20T15:00:00+09:00' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0].path).toBe('body.visitorId');
  });

  it('B12: a guard whose roster entry names another site gets 403 and nothing is written', async () => {
    const { w, both } = await world();
    const other = await w.admin.client.post('/api/sites', { name: '別庁舎' });
    const p = await givenPerson(w.admin.client, { roles: ['guard'], siteIds: [other.body.id] });
    const outsider = await enrol(w.env, w.admin.client, p.id);
    w.env.clock.set(tokyo('2026-11-20T18:00'));
    const before = rowCounts(w.env.deps.sqlite);
    const res = await paperStay(outsider.client, { personId: both.id, areaId: w.area, entryAt: '2026-11-20T13:00:00+09:00', exitAt: '2026-11-20T14:00:00+09:00' });
    expect(res.status).toBe(403);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('B12, B7: a paper stay gets the anomaly rules a kiosk stay gets, at its claimed times: an entry after hours is flagged after_hours, a stay through the night long_stay; one journal entry carries them', async () => {
    const { w, guard, both } = await world();
    w.env.clock.set(tokyo('2026-11-21T10:00'));
    const journalBefore = journalCount(w.env.deps.sqlite);
    // In at 22:30 (after hours, 20:00–07:00 by default), out at 11:00 the next morning (over 12 hours).
    const night = await paperStay(guard.client, { personId: both.id, areaId: w.site.general.id, entryAt: '2026-11-19T22:30:00+09:00', exitAt: '2026-11-20T11:00:00+09:00' });
    expect(night.status, JSON.stringify(night.body)).toBe(201);
    const [entry, exit] = night.body.events;
    expect(entry.flags).toContain('after_hours');
    expect(exit.flags).toContain('long_stay');
    expect(night.body.anomalies.map((a: { kind: string; accessEventId: number }) => [a.kind, a.accessEventId])).toEqual([
      ['after_hours', entry.id],
      ['long_stay', exit.id],
    ]);
    expect(night.body.anomalies[1].detail).toMatchObject({ entryEventId: entry.id, hours: 12, limitHours: 12 });
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    expect(JSON.parse(lastJournal(w.env.deps.sqlite).data).anomalies.map((a: { kind: string }) => a.kind)).toEqual(['after_hours', 'long_stay']);
    const listed = await w.supervisor.client.get('/api/anomalies');
    expect(listed.body.anomalies.map((a: { kind: string; accessEventId: number }) => [a.kind, a.accessEventId]).sort()).toEqual([
      ['after_hours', entry.id],
      ['long_stay', exit.id],
    ]);

    // An exit alone from paper, closing an entry the kiosk recorded the evening before: long_stay on that entry.
    const other = await worker(w, { name: '夜間 次郎' });
    await badgeAt(w, other, 'in', tokyo('2026-11-20T18:00'));
    w.env.clock.set(tokyo('2026-11-21T10:00'));
    const closing = await paperStay(guard.client, { personId: other.id, areaId: w.site.general.id, exitAt: '2026-11-21T09:30:00+09:00' });
    expect(closing.status, JSON.stringify(closing.body)).toBe(201);
    expect(closing.body.events[0].flags).toEqual(['long_stay']);
    // A daytime stay from paper raises nothing.
    const day = await paperStay(guard.client, { personId: both.id, areaId: w.site.secure.id, entryAt: '2026-11-20T13:00:00+09:00', exitAt: '2026-11-20T15:00:00+09:00' });
    expect(day.status, JSON.stringify(day.body)).toBe(201);
    expect(day.body.anomalies).toEqual([]);
    expect(day.body.events.map((e: { flags: string[] }) => e.flags)).toEqual([[], []]);
  });
});
