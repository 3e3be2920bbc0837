import { and, count, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { Actor } from '../actor.ts';
import { accessEvents, badges } from '../db/schema/access.ts';
import { areas, authorizations } from '../db/schema/areas.ts';
import { kiosks } from '../db/schema/kiosks.ts';
import { organisations, people } from '../db/schema/roster.ts';
import { scopedAreaIds } from '../auth/scope.ts';

/** The first day's steps, in the order a new site office takes them (issue 17, item 2). */
export const FIRST_DAY_STEPS = ['organisation', 'roster', 'areas', 'authorizations', 'badges', 'kiosk', 'first_entry'] as const;
export type FirstDayStep = (typeof FIRST_DAY_STEPS)[number];

export interface StepState {
  step: FirstDayStep;
  done: boolean;
}

/**
 * Each step is done once its thing has ever existed (a badge since revoked, a kiosk since replaced still
 * count), so the path never comes back after the site is running. Areas, authorizations, kiosks and the
 * trial entry are counted in the actor's sites; organisations, people and badges belong to no site.
 */
export function firstDaySteps(tx: Tx, actor: Actor): StepState[] {
  const areaIds = scopedAreaIds(tx, actor);
  const inAreas = (column: Parameters<typeof inArray>[0]): SQL | undefined => (areaIds === null ? undefined : inArray(column, areaIds.length ? areaIds : [-1]));
  const any = (n: { n: number } | undefined) => (n?.n ?? 0) > 0;
  const kioskRows = tx.select({ areaIds: kiosks.areaIds }).from(kiosks).where(isNotNull(kiosks.enrolledAt)).all();
  const done: Record<FirstDayStep, boolean> = {
    organisation: any(tx.select({ n: count() }).from(organisations).get()),
    // The first admin is on the roster from setup: the step is the next person.
    roster: (tx.select({ n: count() }).from(people).get()?.n ?? 0) > 1,
    areas: any(tx.select({ n: count() }).from(areas).where(inAreas(areas.id)).get()),
    authorizations: any(tx.select({ n: count() }).from(authorizations).where(inAreas(authorizations.areaId)).get()),
    badges: any(tx.select({ n: count() }).from(badges).get()),
    kiosk: kioskRows.some((k) => areaIds === null || k.areaIds.some((a) => areaIds.includes(a))),
    first_entry: any(tx.select({ n: count() }).from(accessEvents).where(and(eq(accessEvents.result, 'accepted'), eq(accessEvents.direction, 'in'), inAreas(accessEvents.areaId))).get()),
  };
  return FIRST_DAY_STEPS.map((step) => ({ step, done: done[step] }));
}
