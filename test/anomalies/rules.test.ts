import { writeFixture } from '../support/harness.ts';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { journalCount, lastJournal } from '../support/db-snapshot.ts';
import { correct } from '../ledger/ledger-world.ts';
import { anomaliesOfEvent, anomalyRows, anomalyWorld, scanAt, tokyo, worker } from './anomaly-world.ts';

describe('B7 anomaly rules: each fires on generated events and not on normal ones', () => {
  it('B7 after_hours: an entry at 22:00 or 05:30 is flagged, one at 10:00 or an exit at 21:00 is not', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const area = w.site.general.id;
    const day = await scanAt(w, p, area, 'in', '2026-11-20T10:00');
    expect(day.flags).not.toContain('after_hours');
    const exit = await scanAt(w, p, area, 'out', '2026-11-20T21:00');
    expect(exit.flags).toEqual([]);
    const night = await scanAt(w, p, area, 'in', '2026-11-20T22:00');
    expect(night.flags).toContain('after_hours');
    expect(anomaliesOfEvent(w.env, night.id)).toEqual(['after_hours']);
    await scanAt(w, p, area, 'out', '2026-11-20T23:00');
    expect((await scanAt(w, p, area, 'in', '2026-11-21T05:30')).flags).toContain('after_hours');
    expect(anomaliesOfEvent(w.env, day.id)).toEqual([]);
  });

  it('B7 rare_area: a regular of one area entering another they have not used is flagged; the regular area and a newcomer are not', async () => {
    const w = await anomalyWorld();
    const regular = await worker(w);
    const newcomer = await worker(w);
    const [general, secure] = [w.site.general.id, w.site.secure.id];
    const first = await scanAt(w, newcomer, secure, 'in', '2026-11-20T10:00');
    expect(first.flags).not.toContain('rare_area');
    await scanAt(w, newcomer, secure, 'out', '2026-11-20T10:30');
    for (const [inAt, outAt] of [['2026-11-20T09:10', '2026-11-20T12:00'], ['2026-11-20T13:00', '2026-11-20T17:00'], ['2026-11-21T09:00', '2026-11-21T12:00']]) {
      expect((await scanAt(w, regular, general, 'in', inAt!)).flags).not.toContain('rare_area');
      await scanAt(w, regular, general, 'out', outAt!);
    }
    const rare = await scanAt(w, regular, secure, 'in', '2026-11-21T13:00');
    expect(rare.flags).toContain('rare_area');
    expect(anomalyRows(w.env).find((a) => a.access_event_id === rare.id)).toMatchObject({ kind: 'rare_area', person_id: regular.id, area_id: secure, detail: { visitsInArea: 0, lookbackDays: 30, maxVisits: 1 } });
    await scanAt(w, regular, secure, 'out', '2026-11-21T13:30');
    expect((await scanAt(w, regular, secure, 'in', '2026-11-21T14:00')).flags).toContain('rare_area');
    await scanAt(w, regular, secure, 'out', '2026-11-21T14:30');
    expect((await scanAt(w, regular, secure, 'in', '2026-11-21T15:00')).flags).not.toContain('rare_area');
  });

  it('B7 rare_area: entries voided by a supervisor are not counted as visits', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const [general, secure] = [w.site.general.id, w.site.secure.id];
    for (const [inAt, outAt] of [['2026-11-20T09:10', '2026-11-20T10:00'], ['2026-11-20T10:10', '2026-11-20T11:00']]) {
      await scanAt(w, p, general, 'in', inAt!);
      await scanAt(w, p, general, 'out', outAt!);
    }
    const mistaken: number[] = [];
    for (const [inAt, outAt] of [['2026-11-20T11:10', '2026-11-20T11:20'], ['2026-11-20T11:30', '2026-11-20T11:40']]) {
      mistaken.push((await scanAt(w, p, secure, 'in', inAt!)).id);
      await scanAt(w, p, secure, 'out', outAt!);
    }
    w.env.clock.set(tokyo('2026-11-20T12:00'));
    for (const id of mistaken) expect((await correct(w.supervisor.client, { eventId: id, kind: 'void', reason: '誤読取' })).status).toBe(201);
    expect((await scanAt(w, p, secure, 'in', '2026-11-20T13:00')).flags).toContain('rare_area');
  });

  it('B7 long_stay: an exit after more than 12 hours is flagged on the exit, one after 2 hours is not', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const area = w.site.general.id;
    await scanAt(w, p, area, 'in', '2026-11-20T09:00');
    expect((await scanAt(w, p, area, 'out', '2026-11-20T11:00')).flags).not.toContain('long_stay');
    const entry = await scanAt(w, p, area, 'in', '2026-11-20T11:30');
    const exit = await scanAt(w, p, area, 'out', '2026-11-21T00:00');
    expect(exit.flags).toContain('long_stay');
    expect(anomalyRows(w.env).find((a) => a.access_event_id === exit.id)).toMatchObject({ kind: 'long_stay', detail: { entryEventId: entry.id, hours: 12, limitHours: 12 } });
  });

  it('B7 long_stay: the sweep finds people still inside past the limit, once per stay, with one journal entry', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const q = await worker(w);
    const entry = await scanAt(w, p, w.site.general.id, 'in', '2026-11-20T09:00');
    await scanAt(w, q, w.site.general.id, 'in', '2026-11-20T20:00');
    w.env.clock.set(tokyo('2026-11-20T21:30'));
    const before = journalCount(w.env.deps.sqlite);
    const res = await w.supervisor.client.post('/api/anomalies/sweep');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.longStays).toMatchObject([{ kind: 'long_stay', accessEventId: entry.id, personId: p.id, detail: { stillInside: true, hours: 12 } }]);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'anomalies.swept', actor_id: String(w.supervisor.personId) });
    const again = await w.supervisor.client.post('/api/anomalies/sweep');
    expect(again.body.longStays).toEqual([]);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
  });

  it('B7 out_of_sequence: a second entry without an exit keeps its flag and gets an anomaly row', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const first = await scanAt(w, p, w.site.general.id, 'in', '2026-11-20T09:00');
    const second = await scanAt(w, p, w.site.general.id, 'in', '2026-11-20T09:30');
    expect(second.flags).toContain('out_of_sequence');
    expect(anomaliesOfEvent(w.env, second.id)).toEqual(['out_of_sequence']);
    expect(anomaliesOfEvent(w.env, first.id)).toEqual([]);
  });

  it('B7, E4 repeated_refusals: the third refusal of a person within 10 minutes raises one anomaly and opens one incident', async () => {
    const w = await anomalyWorld();
    const stranger = await worker(w, []);
    const area = w.site.secure.id;
    const r1 = await scanAt(w, stranger, area, 'in', '2026-11-20T09:00');
    const r2 = await scanAt(w, stranger, area, 'in', '2026-11-20T09:04');
    expect(r1.result).toBe('refused');
    expect([r1.flags, r2.flags]).toEqual([[], []]);
    const before = journalCount(w.env.deps.sqlite);
    const r3 = await scanAt(w, stranger, area, 'in', '2026-11-20T09:08');
    expect(r3).toMatchObject({ result: 'refused', refusalReason: 'not_authorized', flags: ['repeated_refusals'] });
    const [anomaly] = anomalyRows(w.env);
    expect(anomaly).toMatchObject({ kind: 'repeated_refusals', person_id: stranger.id, access_event_id: r3.id, detail: { scopes: ['person', 'kiosk'], threshold: 3, windowMinutes: 10 } });
    const incident = w.env.deps.sqlite.prepare('select * from incidents where id = ?').get(anomaly!.incident_id) as { kind: string; person_id: number; status: string; location: string };
    expect(incident).toMatchObject({ kind: 'repeated_refusals', person_id: stranger.id, status: 'open', location: 'サーバ室' });
    const actions = (w.env.deps.sqlite.prepare('select action from journal where seq > ? order by seq').all(before) as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['incident.opened', 'access.refused']);
    expect(JSON.parse(lastJournal(w.env.deps.sqlite).data).anomalies).toMatchObject([{ kind: 'repeated_refusals', incidentId: anomaly!.incident_id }]);

    const r4 = await scanAt(w, stranger, area, 'in', '2026-11-20T09:09');
    expect(r4.flags).toEqual([]);
    expect(anomalyRows(w.env)).toHaveLength(1);
  });

  it('B7 repeated_refusals: three refusals spread over half an hour raise nothing; three forged badges at one kiosk do', async () => {
    const w = await anomalyWorld();
    const stranger = await worker(w, []);
    for (const at of ['2026-11-20T09:00', '2026-11-20T09:15', '2026-11-20T09:30']) expect((await scanAt(w, stranger, w.site.general.id, 'in', at)).flags).toEqual([]);
    expect(anomalyRows(w.env)).toEqual([]);

    const forged = async (at: string) => {
      w.env.clock.set(tokyo(at));
      const res = await w.kiosk.post('/api/kiosk/events', { idempotencyKey: randomUUID(), areaId: w.site.general.id, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: `LDG1.9.9.${'A'.repeat(86)}` } });
      expect(res.body.event.refusalReason).toBe('badge_forged');
      return res.body.event as { id: number; flags: string[] };
    };
    await forged('2026-11-20T10:00');
    await forged('2026-11-20T10:01');
    const third = await forged('2026-11-20T10:02');
    expect(third.flags).toEqual(['repeated_refusals']);
    expect(anomalyRows(w.env)).toMatchObject([{ kind: 'repeated_refusals', person_id: null, access_event_id: third.id, detail: { scopes: ['kiosk'], kioskId: w.kiosk.id } }]);
    expect((w.env.deps.sqlite.prepare("select count(*) as n from incidents where kind = 'repeated_refusals'").get() as { n: number }).n).toBe(1);
  });
});

describe('B7 anomaly settings: read by supervisors and auditors, changed by admins, and the rules follow them', () => {
  it('B7: GET shows the defaults; PATCH changes them with one journal entry; bad input names the field', async () => {
    const w = await anomalyWorld();
    const defaults = await w.auditor.client.get('/api/anomaly-settings');
    expect(defaults.body).toEqual({ afterHoursStart: '20:00', afterHoursEnd: '07:00', rareAreaLookbackDays: 30, rareAreaMaxVisits: 1, longStayHours: 12, refusalsThreshold: 3, refusalsWindowMinutes: 10, updatedAt: null, rulesOff: [] });
    expect((await w.supervisor.client.patch('/api/anomaly-settings', { longStayHours: 4 })).status).toBe(403);
    for (const [body, field] of [[{ longStayHours: -1 }, 'body.longStayHours'], [{ afterHoursStart: '25:00' }, 'body.afterHoursStart'], [{ colour: 'red' }, 'body'], [{}, 'body']] as const) {
      const bad = await w.admin.client.patch('/api/anomaly-settings', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const before = journalCount(w.env.deps.sqlite);
    const res = await w.admin.client.patch('/api/anomaly-settings', { longStayHours: 2, afterHoursStart: '18:00', refusalsThreshold: 0 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ longStayHours: 2, afterHoursStart: '18:00', afterHoursEnd: '07:00', refusalsThreshold: 0, rulesOff: ['repeated_refusals'] });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'anomaly_settings.updated', actor_id: String(w.admin.personId) });

    const p = await worker(w);
    const area = w.site.general.id;
    await scanAt(w, p, area, 'in', '2026-11-20T09:00');
    expect((await scanAt(w, p, area, 'out', '2026-11-20T11:30')).flags).toContain('long_stay');
    expect((await scanAt(w, p, area, 'in', '2026-11-20T18:30')).flags).toContain('after_hours');
    const stranger = await worker(w, []);
    for (const m of [0, 1, 2, 3]) expect((await scanAt(w, stranger, w.site.secure.id, 'in', tokyo('2026-11-20T19:00') + m * 60_000)).flags).toEqual([]);
  });

  it('B7: anomalies are listed for a period with names, for supervisors and auditors only', async () => {
    const w = await anomalyWorld();
    const p = await worker(w, undefined, { name: '夜間 太郎' });
    await scanAt(w, p, w.site.general.id, 'in', '2026-11-20T23:00');
    const list = await w.auditor.client.get('/api/anomalies?from=2026-11-20T00:00:00%2B09:00&to=2026-11-21T00:00:00%2B09:00');
    expect(list.status).toBe(200);
    expect(list.body.anomalies).toMatchObject([{ kind: 'after_hours', label: '時間外の入室', personName: '夜間 太郎', areaName: '執務室' }]);
    const bad = await w.auditor.client.get('/api/anomalies?from=2026-11-21T00:00:00%2B09:00&to=2026-11-20T00:00:00%2B09:00');
    expect(bad.body.error.details.issues[0].path).toBe('query.to');
  });
});

describe('E4 overdue assets: the sweep opens one incident per asset past its return date', () => {
  it('E4: an asset carried out and not back by its date gets an overdue_asset incident, once', async () => {
    const w = await anomalyWorld();
    const asset = await w.admin.client.post('/api/assets', { kind: 'laptop', ownerType: 'city_loaned', serialNumber: 'SN-1' });
    writeFixture(w.env.deps, () => w.env.deps.sqlite.prepare("update assets set status = 'on_loan', location_area_id = null, expected_return_at = ? where id = ?").run(tokyo('2026-11-20T17:00'), asset.body.id));
    w.env.clock.set(tokyo('2026-11-20T16:00'));
    expect((await w.supervisor.client.post('/api/anomalies/sweep')).body.overdueAssets).toEqual([]);
    w.env.clock.set(tokyo('2026-11-20T18:00'));
    const res = await w.supervisor.client.post('/api/anomalies/sweep');
    expect(res.body.overdueAssets).toMatchObject([{ assetId: asset.body.id }]);
    const incident = w.env.deps.sqlite.prepare('select * from incidents').all() as { kind: string; asset_id: number }[];
    expect(incident).toMatchObject([{ kind: 'overdue_asset', asset_id: asset.body.id }]);
    expect((await w.supervisor.client.post('/api/anomalies/sweep')).body.overdueAssets).toEqual([]);
  });
});
