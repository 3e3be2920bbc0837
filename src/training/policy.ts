import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { areaTrainingPolicy, trainingRecords } from '../db/schema/compliance.ts';
import { areas } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { requireArea } from '../areas/service.ts';

/**
 * The kiosk's training rule (A4): true when the area requires a course and the person holds no record
 * of it that is current at `at`. Prepared, as it runs on every entry.
 */
export function lacksRequiredTraining(tx: Tx, areaId: number, personId: number, at: number): boolean {
  const policy = prepared(tx, 'training.policyOfArea', (db) =>
    db.select({ course: areaTrainingPolicy.requiredCourse }).from(areaTrainingPolicy).where(eq(areaTrainingPolicy.areaId, sql.placeholder('areaId'))).prepare(),
  ).get({ areaId });
  if (!policy) return false;
  const current = prepared(tx, 'training.currentRecord', (db) =>
    db
      .select({ id: trainingRecords.id })
      .from(trainingRecords)
      .where(
        and(
          eq(trainingRecords.personId, sql.placeholder('personId')),
          eq(trainingRecords.course, sql.placeholder('course')),
          lte(trainingRecords.completedAt, sql.placeholder('at')),
          or(isNull(trainingRecords.expiresAt), gt(trainingRecords.expiresAt, sql.placeholder('at'))),
        ),
      )
      .limit(1)
      .prepare(),
  ).get({ personId, course: policy.course, at });
  return current === undefined;
}

export function listPolicies(deps: Deps) {
  const rows = deps.db
    .select({ areaId: areaTrainingPolicy.areaId, areaName: areas.name, requiredCourse: areaTrainingPolicy.requiredCourse })
    .from(areaTrainingPolicy)
    .innerJoin(areas, eq(areas.id, areaTrainingPolicy.areaId))
    .orderBy(asc(areas.name))
    .all();
  return { policies: rows };
}

/** Sets (or replaces) the course an area requires at entry. One journal entry. */
export function setTrainingPolicy(ctx: Ctx, areaId: number, requiredCourse: string) {
  return transact(ctx.deps.db, (tx) => {
    requireArea(tx, areaId);
    const row = tx
      .insert(areaTrainingPolicy)
      .values({ areaId, requiredCourse })
      .onConflictDoUpdate({ target: areaTrainingPolicy.areaId, set: { requiredCourse } })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'area_training_policy.set', entityType: 'area_training_policy', entityId: areaId, data: row });
    return row;
  });
}

export function removeTrainingPolicy(ctx: Ctx, areaId: number) {
  return transact(ctx.deps.db, (tx) => {
    requireArea(tx, areaId);
    const removed = tx.delete(areaTrainingPolicy).where(eq(areaTrainingPolicy.areaId, areaId)).returning().get();
    if (!removed) throw AppError.notFound('training policy');
    recordChange(tx, ctx, { action: 'area_training_policy.removed', entityType: 'area_training_policy', entityId: areaId, data: { ...removed, removed: true } });
    return { areaId, requiredCourse: null };
  });
}
