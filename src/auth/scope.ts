import { eq } from 'drizzle-orm';
import type { Actor } from '../actor.ts';
import type { Tx } from '../db/client.ts';
import { areas } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';

/**
 * Site scopes (F4): a person's roles reach the sites named on their roster entry, or every site when none
 * are named. The city's staff always name theirs, so 甲 of one contract sees nothing of another. A kiosk
 * reaches the areas it was enrolled for; the system reaches everything.
 */

/** The sites the actor reaches, or null for every site. */
export function scopedSiteIds(actor: Actor): readonly number[] | null {
  return actor.type === 'person' ? actor.siteIds : null;
}

export function reachesSite(actor: Actor, siteId: number): boolean {
  const sites = scopedSiteIds(actor);
  return sites === null || sites.includes(siteId);
}

/** Refuses with 403 what lies outside the actor's sites; the refusal names no data of the other site. */
export function assertSiteInScope(actor: Actor, siteId: number): void {
  if (!reachesSite(actor, siteId)) throw new AppError('FORBIDDEN', 'outside the sites you are responsible for');
}

/** The site of an area, or null when the area does not exist (the caller says how that is refused). */
export function siteOfArea(tx: Tx, areaId: number): number | null {
  return tx.select({ siteId: areas.siteId }).from(areas).where(eq(areas.id, areaId)).get()?.siteId ?? null;
}

/** Refuses with 403 an area that lies outside the actor's sites (unknown areas are left to the caller's 404). */
export function assertAreaInScope(tx: Tx, actor: Actor, areaId: number): void {
  if (scopedSiteIds(actor) === null) return;
  const siteId = siteOfArea(tx, areaId);
  if (siteId !== null) assertSiteInScope(actor, siteId);
}
