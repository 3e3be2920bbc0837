import { and, asc, eq, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { workSchedules } from '../db/schema/compliance.ts';
import { people } from '../db/schema/roster.ts';
import { AppError, type FieldIssue } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { requirePerson } from '../roster/service.ts';
import { hhmm, type ImportRowInput, type ShiftInput } from './schemas.ts';

type ScheduleRow = typeof workSchedules.$inferSelect;

/** The first day of `month` and of the month after, as `YYYY-MM-DD` (days compare as strings). */
export function monthRange(month: string): { first: string; next: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { first: `${month}-01`, next: `${next}-01` };
}

function shiftView(r: ScheduleRow) {
  return { id: r.id, personId: r.personId, day: r.day, start: hhmm(r.startMinute), end: hhmm(r.endMinute), overnight: r.endMinute > 1440, startMinute: r.startMinute, endMinute: r.endMinute };
}

/**
 * The checks a month of one person's shifts must pass: every day in the month, and no two shifts of a
 * day overlapping (a night shift overlaps the next day's early one too). `at(i)` names the offending field.
 */
function checkShifts(month: string, shifts: readonly Pick<ShiftInput, 'day' | 'startMinute' | 'endMinute'>[], at: (i: number, field: string) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  shifts.forEach((s, i) => {
    if (!s.day.startsWith(`${month}-`)) issues.push({ path: at(i, 'day'), message: `not in ${month}` });
  });
  const order = shifts.map((s, i) => ({ i, from: Date.parse(`${s.day}T00:00:00Z`) / 60_000 + s.startMinute, to: Date.parse(`${s.day}T00:00:00Z`) / 60_000 + s.endMinute }));
  order.sort((a, b) => a.from - b.from);
  for (let k = 1; k < order.length; k++) {
    if (order[k]!.from < order[k - 1]!.to) issues.push({ path: at(order[k]!.i, 'start'), message: 'overlaps another shift of this person' });
  }
  return issues;
}

function replaceMonth(tx: Tx, personId: number, month: string, shifts: readonly Pick<ShiftInput, 'day' | 'startMinute' | 'endMinute'>[], now: number) {
  const { first, next } = monthRange(month);
  const removed = tx.delete(workSchedules).where(and(eq(workSchedules.personId, personId), gte(workSchedules.day, first), lt(workSchedules.day, next))).run().changes;
  const rows = shifts.length === 0 ? [] : tx.insert(workSchedules).values(shifts.map((s) => ({ personId, day: s.day, startMinute: s.startMinute, endMinute: s.endMinute, createdAt: now }))).returning().all();
  return { removed, rows: rows.sort((a, b) => a.day.localeCompare(b.day) || a.startMinute - b.startMinute) };
}

/** Replaces one person's 勤務予定表 for a month (B7): the schedule as submitted, or an empty one to withdraw it. */
export function replaceSchedule(ctx: Ctx, personId: number, month: string, shifts: ShiftInput[]) {
  const issues = checkShifts(month, shifts, (i, f) => `body.shifts.${i}.${f}`);
  if (issues.length > 0) throw AppError.validation(issues);
  return transact(ctx.deps.db, (tx) => {
    requirePerson(tx, personId, 'param.id');
    const { removed, rows } = replaceMonth(tx, personId, month, shifts, ctx.deps.clock.now());
    const shiftsOut = rows.map(shiftView);
    recordChange(tx, ctx, { action: 'work_schedule.replaced', entityType: 'work_schedule', entityId: `${personId}:${month}`, data: { personId, month, removed, shifts: shiftsOut } });
    return { personId, month, shifts: shiftsOut };
  });
}

/**
 * Imports 勤務予定表 rows for any people and months (B7): each (person, month) present in the file is
 * replaced by the file's shifts. All rows or none; every problem is reported as `body.rows.N.field`.
 */
export function importSchedules(ctx: Ctx, rows: ImportRowInput[]) {
  const groups = new Map<string, { personId: number; month: string; shifts: { row: number; shift: ImportRowInput }[] }>();
  rows.forEach((r, row) => {
    const key = `${r.personId}:${r.day.slice(0, 7)}`;
    if (!groups.has(key)) groups.set(key, { personId: r.personId, month: r.day.slice(0, 7), shifts: [] });
    groups.get(key)!.shifts.push({ row, shift: r });
  });
  const issues: FieldIssue[] = [];
  for (const g of groups.values()) issues.push(...checkShifts(g.month, g.shifts.map((s) => s.shift), (i, f) => `body.rows.${g.shifts[i]!.row}.${f}`));
  return transact(ctx.deps.db, (tx) => {
    const ids = [...new Set(rows.map((r) => r.personId))];
    const known = new Set(tx.select({ id: people.id }).from(people).where(inArray(people.id, ids)).all().map((p) => p.id));
    rows.forEach((r, i) => {
      if (!known.has(r.personId)) issues.push({ path: `body.rows.${i}.personId`, message: 'no such person' });
    });
    if (issues.length > 0) throw AppError.validation(issues.slice(0, 50));
    const now = ctx.deps.clock.now();
    const replaced = [...groups.values()].map((g) => ({ personId: g.personId, month: g.month, ...replaceMonth(tx, g.personId, g.month, g.shifts.map((s) => s.shift), now) }));
    const summary = replaced.map((g) => ({ personId: g.personId, month: g.month, removed: g.removed, shifts: g.rows.length }));
    recordChange(tx, ctx, { action: 'work_schedules.imported', entityType: 'work_schedule', entityId: 'import', data: { rows: rows.length, groups: summary, shifts: replaced.flatMap((g) => g.rows.map(shiftView)) } });
    return { count: rows.length, groups: summary };
  });
}

export function listSchedules(deps: Deps, q: { month: string; personId?: number | undefined }) {
  const { first, next } = monthRange(q.month);
  const rows = deps.db
    .select({ row: workSchedules, name: people.name })
    .from(workSchedules)
    .innerJoin(people, eq(people.id, workSchedules.personId))
    .where(and(gte(workSchedules.day, first), lt(workSchedules.day, next), q.personId ? eq(workSchedules.personId, q.personId) : undefined))
    .orderBy(asc(workSchedules.personId), asc(workSchedules.day), asc(workSchedules.startMinute))
    .all();
  return { month: q.month, shifts: rows.map((r) => ({ ...shiftView(r.row), personName: r.name, createdAt: iso(r.row.createdAt) })) };
}

export type ScheduleVerdict = 'unscheduled' | 'covered' | 'outside';

/** How early before a shift an entry still counts as on schedule: people arrive a little before they start. */
export const EARLY_ARRIVAL_MINUTES = 30;

/**
 * Whether a local instant falls in one of the person's shifts (B7), for the kiosk hot path: first
 * whether the person has a schedule in that month at all (most people have none and are never
 * flagged: one index seek), then the shifts of the day and of the day before (a night shift).
 * A person without a schedule in the month is 'unscheduled' unless a shift still covers the instant.
 */
export function scheduleVerdict(tx: Tx, personId: number, local: { day: string; prevDay: string; minute: number }): ScheduleVerdict {
  const { first, next } = monthRange(local.day.slice(0, 7));
  const any = prepared(tx, 'schedules.anyInMonth', (db) =>
    db
      .select({ id: workSchedules.id })
      .from(workSchedules)
      .where(and(eq(workSchedules.personId, sql.placeholder('personId')), gte(workSchedules.day, sql.placeholder('first')), lt(workSchedules.day, sql.placeholder('next'))))
      .limit(1)
      .prepare(),
  ).get({ personId, first, next });
  // Without a shift this month, only the night shift of the month before can still cover the 1st.
  if (!any && !local.day.endsWith('-01')) return 'unscheduled';
  const near = prepared(tx, 'schedules.near', (db) =>
    db
      .select({ day: workSchedules.day, startMinute: workSchedules.startMinute, endMinute: workSchedules.endMinute })
      .from(workSchedules)
      .where(and(eq(workSchedules.personId, sql.placeholder('personId')), gte(workSchedules.day, sql.placeholder('prevDay')), lte(workSchedules.day, sql.placeholder('day'))))
      .prepare(),
  ).all({ personId, prevDay: local.prevDay, day: local.day });
  for (const s of near) {
    const minute = s.day === local.day ? local.minute : local.minute + 1440;
    if (minute >= s.startMinute - EARLY_ARRIVAL_MINUTES && minute < s.endMinute) return 'covered';
  }
  return any ? 'outside' : 'unscheduled';
}
