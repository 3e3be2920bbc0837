import { describe, expect, it } from 'vitest';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { anomaliesOfEvent, anomalyWorld, scanAt, worker } from '../anomalies/anomaly-world.ts';

const MONTH = '2026-11';
const shifts = [
  { day: '2026-11-20', start: '09:00', end: '17:30' },
  { day: '2026-11-21', start: '22:00', end: '06:00' },
];

describe('B7 work schedules (勤務予定表): entered per person and month', () => {
  it('B7: a supervisor replaces a month of shifts in one journal entry; the auditor reads them', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const before = journalCount(w.env.deps.sqlite);
    const res = await w.supervisor.client.call('PUT', `/api/people/${p.id}/schedules/${MONTH}`, { shifts });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.shifts).toMatchObject([
      { day: '2026-11-20', start: '09:00', end: '17:30', overnight: false, startMinute: 540, endMinute: 1050 },
      { day: '2026-11-21', start: '22:00', end: '06:00', overnight: true, startMinute: 1320, endMinute: 1800 },
    ]);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'work_schedule.replaced', entity_id: `${p.id}:${MONTH}`, actor_id: String(w.supervisor.personId) });

    const again = await w.supervisor.client.call('PUT', `/api/people/${p.id}/schedules/${MONTH}`, { shifts: [{ day: '2026-11-25', start: '13:00', end: '24:00' }] });
    expect(again.body.shifts).toHaveLength(1);
    const read = await w.auditor.client.get(`/api/schedules?month=${MONTH}&personId=${p.id}`);
    expect(read.status).toBe(200);
    expect(read.body.shifts).toMatchObject([{ day: '2026-11-25', start: '13:00', end: '24:00', personName: p.name }]);
    expect((await w.auditor.client.call('PUT', `/api/people/${p.id}/schedules/${MONTH}`, { shifts })).status).toBe(403);
  });

  it('B7: bad shifts are refused with 400 naming the field, and nothing is written', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const cases: [string, unknown, string, number?][] = [
      [`/api/people/${p.id}/schedules/${MONTH}`, { shifts: [{ day: '2026-11-20', start: '9:00', end: '17:00' }] }, 'body.shifts.0.start'],
      [`/api/people/${p.id}/schedules/${MONTH}`, { shifts: [{ day: '2026-11-20', start: '09:00', end: '09:00' }] }, 'body.shifts.0.end'],
      [`/api/people/${p.id}/schedules/${MONTH}`, { shifts: [{ day: '2026-12-01', start: '09:00', end: '17:00' }] }, 'body.shifts.0.day'],
      [`/api/people/${p.id}/schedules/${MONTH}`, { shifts: [shifts[0], { day: '2026-11-20', start: '17:00', end: '19:00' }] }, 'body.shifts.1.start'],
      [`/api/people/${p.id}/schedules/${MONTH}`, { shifts: [{ day: '2026-11-20', start: '22:00', end: '06:00' }, { day: '2026-11-21', start: '05:00', end: '09:00' }] }, 'body.shifts.1.start'],
      [`/api/people/${p.id}/schedules/2026-13`, { shifts }, 'param.month'],
      [`/api/people/424242/schedules/${MONTH}`, { shifts }, 'param.id', 404],
    ];
    // Malformed values are 400; an id that matches nobody is 404 (issue 18); both name the field.
    for (const [path, body, field, status = 400] of cases) {
      const counts = rowCounts(w.env.deps.sqlite);
      const res = await w.supervisor.client.call('PUT', path, body);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
      expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    }
  });

  it('B7: a CSV import writes all rows or none, naming each bad row as body.rows.N.field', async () => {
    const w = await anomalyWorld();
    const a = await worker(w);
    const b = await worker(w);
    const counts = rowCounts(w.env.deps.sqlite);
    const malformed = await w.admin.client.post('/api/schedules/import', { csv: `person_id,day,start,end\r\n${a.id},2026-11-20,09:00,17:00\r\n${b.id},2026-11-31,09:00,17:00\r\n${b.id},2026-11-20,9時,17:00\r\n` });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.rows.1.day', 'body.rows.2.start']);
    const unknown = await w.admin.client.post('/api/schedules/import', { csv: `person_id,day,start,end\r\n${a.id},2026-11-20,09:00,17:00\r\n424242,2026-11-20,09:00,17:00\r\n${a.id},2026-11-20,16:00,18:00\r\n` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.rows.1.personId', 'body.rows.2.start']);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);

    const before = journalCount(w.env.deps.sqlite);
    const good = await w.admin.client.post('/api/schedules/import', { csv: `\uFEFFday,start,end,person_id\r\n2026-11-20,09:00,17:00,${a.id}\r\n2026-11-21,09:00,17:00,${a.id}\r\n2026-11-20,13:00,21:00,${b.id}\r\n2026-12-01,09:00,12:00,${b.id}\r\n` });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.body).toMatchObject({ count: 4, groups: [{ personId: a.id, month: '2026-11', shifts: 2 }, { personId: b.id, month: '2026-11', shifts: 1 }, { personId: b.id, month: '2026-12', shifts: 1 }] });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite).action).toBe('work_schedules.imported');
    expect((w.env.deps.sqlite.prepare('select count(*) as n from work_schedules').get() as { n: number }).n).toBe(4);
  });
});

describe('B7 an entry outside a scheduled day or hours is flagged', () => {
  it('B7: outside_schedule fires off-shift and on an unscheduled day, not on shift nor for people without a schedule', async () => {
    const w = await anomalyWorld();
    const scheduled = await worker(w);
    const free = await worker(w);
    const put = await w.supervisor.client.call('PUT', `/api/people/${scheduled.id}/schedules/${MONTH}`, { shifts });
    expect(put.status).toBe(200);
    const area = w.site.general.id;

    const early = await scanAt(w, scheduled, area, 'in', '2026-11-20T08:40');
    expect(early.flags).not.toContain('outside_schedule');
    await scanAt(w, scheduled, area, 'out', '2026-11-20T12:00');
    const evening = await scanAt(w, scheduled, area, 'in', '2026-11-20T18:30');
    expect(evening.flags).toContain('outside_schedule');
    expect(anomaliesOfEvent(w.env, evening.id)).toContain('outside_schedule');
    await scanAt(w, scheduled, area, 'out', '2026-11-20T19:00');
    const nightShift = await scanAt(w, scheduled, area, 'in', '2026-11-22T02:00');
    expect(nightShift.flags).not.toContain('outside_schedule');
    expect(nightShift.flags).not.toContain('after_hours');
    await scanAt(w, scheduled, area, 'out', '2026-11-22T05:00');
    const dayOff = await scanAt(w, scheduled, area, 'in', '2026-11-23T10:00');
    expect(dayOff.flags).toContain('outside_schedule');

    const noSchedule = await scanAt(w, free, area, 'in', '2026-11-23T10:05');
    expect(noSchedule.flags).not.toContain('outside_schedule');
    expect(anomaliesOfEvent(w.env, noSchedule.id)).toEqual([]);
  });
});
