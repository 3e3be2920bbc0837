import { asc, desc, eq } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { trainingRecords } from '../db/schema/compliance.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { dayBounds, workingDay } from '../time.ts';
import type { TrainingInput } from './schemas.ts';

export type TrainingRecord = typeof trainingRecords.$inferSelect;

/** Whether a record makes its holder trained at `at`: completed by then and not lapsed. */
export function isCurrent(r: Pick<TrainingRecord, 'completedAt' | 'expiresAt'>, at: number): boolean {
  return r.completedAt <= at && (r.expiresAt === null || at < r.expiresAt);
}

/** Days as they were entered: the stored instants are the start of the completion day and the end of the last valid day. */
export function trainingView(r: TrainingRecord, timeZone: string, now: number) {
  return {
    id: r.id,
    personId: r.personId,
    course: r.course,
    completedOn: workingDay(r.completedAt, timeZone),
    validUntil: r.expiresAt === null ? null : workingDay(r.expiresAt - 1, timeZone),
    current: isCurrent(r, now),
    note: r.note,
    recordedBy: r.recordedBy,
    createdAt: iso(r.createdAt),
  };
}

/**
 * Records one completed course (A4). Records are never edited: a mistaken one is superseded by a
 * newer record of the same course.
 */
export function recordTraining(ctx: Ctx, personId: number, input: TrainingInput) {
  const { timeZone } = ctx.deps.config;
  const now = ctx.deps.clock.now();
  if (input.completedOn > workingDay(now, timeZone)) throw AppError.field('body.completedOn', 'is in the future');
  return transact(ctx.deps.db, (tx) => {
    requirePerson(tx, personId);
    const row = tx
      .insert(trainingRecords)
      .values({
        personId,
        course: input.course,
        completedAt: dayBounds(input.completedOn, timeZone).start,
        expiresAt: input.validUntil === null ? null : dayBounds(input.validUntil, timeZone).end,
        note: input.note,
        recordedBy: ctx.actor.type === 'person' ? ctx.actor.id : null,
        createdAt: now,
      })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'training.recorded', entityType: 'training_record', entityId: row.id, data: row });
    return trainingView(row, timeZone, now);
  });
}

export function listTraining(deps: Deps, personId: number) {
  requirePerson(deps.db, personId);
  const now = deps.clock.now();
  const rows = deps.db.select().from(trainingRecords).where(eq(trainingRecords.personId, personId)).orderBy(desc(trainingRecords.completedAt), asc(trainingRecords.course)).all();
  return { personId, records: rows.map((r) => trainingView(r, deps.config.timeZone, now)) };
}
