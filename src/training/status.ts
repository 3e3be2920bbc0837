import { eq } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { areaTrainingPolicy, trainingRecords } from '../db/schema/compliance.ts';
import { organisations, people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';
import { workingDay } from '../time.ts';
import { isCurrent, type TrainingRecord } from './records.ts';
import { byKana } from '../roster/kana-order.ts';

export interface CourseGap {
  course: string;
  status: 'untrained' | 'overdue';
  /** The last day the most recent record of the course counted (overdue only). */
  lapsedAfter: string | null;
}

function gapFor(course: string, records: TrainingRecord[], now: number, timeZone: string): CourseGap | null {
  const ofCourse = records.filter((r) => r.course === course);
  if (ofCourse.length === 0) return { course, status: 'untrained', lapsedAfter: null };
  if (ofCourse.some((r) => isCurrent(r, now))) return null;
  const lastEnd = Math.max(...ofCourse.map((r) => r.expiresAt ?? 0));
  return { course, status: 'overdue', lapsedAfter: workingDay(lastEnd - 1, timeZone) };
}

/**
 * Who among the active roster is untrained or overdue (A4). For one course: everyone without a
 * current record of it. For any course: everyone with no training at all, and everyone missing a
 * course an area requires or whose course has lapsed without a newer one.
 */
export function trainingStatus(deps: Deps, course?: string) {
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  const roster = deps.db
    .select({ id: people.id, name: people.name, kana: people.kana, organisationName: organisations.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(eq(people.status, 'active'))
    .all()
    .sort(byKana);
  const byPerson = new Map<number, TrainingRecord[]>();
  for (const r of deps.db.select().from(trainingRecords).all()) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const required = [...new Set(deps.db.select({ course: areaTrainingPolicy.requiredCourse }).from(areaTrainingPolicy).all().map((p) => p.course))];

  const rows = roster.flatMap((p) => {
    const records = byPerson.get(p.id) ?? [];
    const courses = course !== undefined ? [course] : [...new Set([...required, ...records.map((r) => r.course)])].sort();
    const gaps = courses.map((c) => gapFor(c, records, now, timeZone)).filter((g): g is CourseGap => g !== null);
    if (gaps.length === 0 && records.length > 0) return [];
    const status = records.length === 0 || gaps.some((g) => g.status === 'untrained') ? ('untrained' as const) : ('overdue' as const);
    return [{ personId: p.id, name: p.name, kana: p.kana, organisationName: p.organisationName, status, gaps }];
  });
  return { course: course ?? null, requiredCourses: required.sort(), people: rows, at: iso(now) };
}
