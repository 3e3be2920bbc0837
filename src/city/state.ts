import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { cityPermissions, type CitySubject } from '../db/schema/city.ts';
import { people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';

export type CityPermission = typeof cityPermissions.$inferSelect;

/**
 * 甲's side of a request or a device's network connection (F1), as the console and the documents show it beside the contractor's approval:
 *  - not_required: the site's policy did not reserve it to 甲 when it was submitted;
 *  - awaiting: reserved, nothing that counts is recorded (or the paper permission was disputed);
 *  - permitted: 甲 permitted it in the system, or confirmed a paper permission;
 *  - paper: a paper permission is recorded and counts until 甲 disputes it;
 *  - refused: 甲 refused it.
 */
export type CityState = 'not_required' | 'awaiting' | 'permitted' | 'paper' | 'refused';

/** A paper permission counts until 甲 disputes it; a permission in the system always does. */
export function counts(p: CityPermission): boolean {
  return p.decision === 'permitted' && p.review !== 'disputed';
}

export function permissionsOf(tx: Tx, subjectType: CitySubject, subjectIds: readonly number[]) {
  if (subjectIds.length === 0) return [];
  return tx
    .select()
    .from(cityPermissions)
    .where(and(eq(cityPermissions.subjectType, subjectType), inArray(cityPermissions.subjectId, [...subjectIds])))
    .orderBy(desc(cityPermissions.id))
    .all();
}

/**
 * The decision that stands for a subject: the newest refusal or permission that counts, else none. A
 * refusal ends a request, so nothing follows it there; a device may be permitted after an earlier refusal.
 */
export function standing(rows: readonly CityPermission[]): CityPermission | null {
  return rows.find((p) => p.decision === 'refused' || counts(p)) ?? null;
}

export function cityState(required: boolean, rows: readonly CityPermission[]): CityState {
  if (!required) return 'not_required';
  const s = standing(rows);
  if (!s) return 'awaiting';
  if (s.decision === 'refused') return 'refused';
  return s.channel === 'paper' && s.review !== 'confirmed' ? 'paper' : 'permitted';
}

/** Whether 甲's permission is in for a subject that needs it (paper counts until disputed). */
export function cityPermitted(tx: Tx, subjectType: CitySubject, subjectId: number): boolean {
  return permissionsOf(tx, subjectType, [subjectId]).some(counts);
}

export function namesOf(tx: Tx, ids: (number | null)[]): Map<number, string> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted)).all().map((r) => [r.id, r.name]));
}

export function permissionView(p: CityPermission, names: Map<number, string>) {
  return {
    id: p.id,
    subjectType: p.subjectType,
    subjectId: p.subjectId,
    siteId: p.siteId,
    decision: p.decision,
    channel: p.channel,
    recordedBy: { id: p.recordedBy, name: names.get(p.recordedBy) ?? '' },
    reason: p.reason,
    digest: p.digest,
    paper:
      p.channel === 'paper'
        ? { permitReference: p.permitReference ?? '', permitDate: p.permitDate ?? '', officialName: p.officialName ?? '', officialSection: p.officialSection ?? '' }
        : null,
    review: p.review,
    reviewedBy: p.reviewedBy === null ? null : { id: p.reviewedBy, name: names.get(p.reviewedBy) ?? '' },
    reviewedAt: iso(p.reviewedAt),
    reviewNote: p.reviewNote,
    /** 甲's confirm or dispute was signed with 甲's passkey over this digest (older reviews were not). */
    reviewDigest: p.reviewDigest,
    counts: counts(p),
    at: iso(p.at),
  };
}

export type PermissionView = ReturnType<typeof permissionView>;

/** 甲's column of a request: its state and every decision recorded on it, newest first. */
export function cityColumn(tx: Tx, subjectType: CitySubject, subjectId: number, required: boolean) {
  const rows = permissionsOf(tx, subjectType, [subjectId]);
  const names = namesOf(tx, rows.flatMap((p) => [p.recordedBy, p.reviewedBy]));
  return { required, state: cityState(required, rows), permissions: rows.map((p) => permissionView(p, names)) };
}

export type CityColumn = ReturnType<typeof cityColumn>;
