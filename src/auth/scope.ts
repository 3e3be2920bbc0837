import { eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Actor } from '../actor.ts';
import type { Tx } from '../db/client.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';

/**
 * Site scopes (F4): a person's roles reach the sites named on their roster entry, or every site when none
 * are named. The city's staff always name theirs, so 甲 of one contract sees nothing of another. A kiosk
 * reaches the areas it was enrolled for; the system reaches everything.
 *
 * A record belongs to the sites it can be traced to (its area's site, a visitor's site, an asset's
 * location, a kiosk's areas). A record traced to several sites is in scope only when all of them are, so
 * nothing of another site shows through. A record traced to no site (an incident or a disposal that names
 * no located asset) is the contractor's own: its scoped staff see it, 甲 does not (docs/decisions/0021).
 */

/** The sites the actor reaches, or null for every site. */
export function scopedSiteIds(actor: Actor): readonly number[] | null {
  return actor.type === 'person' ? actor.siteIds : null;
}

/** 甲's staff: besides their sites, they never see what belongs to no site. */
export function isCity(actor: Actor): boolean {
  return actor.type === 'person' && actor.roles.includes('city');
}

export function reachesSite(actor: Actor, siteId: number): boolean {
  const sites = scopedSiteIds(actor);
  return sites === null || sites.includes(siteId);
}

/** Whether a record traced to `siteIds` (none: a site-less record) lies inside the actor's scope. */
export function reachesAll(actor: Actor, siteIds: readonly number[]): boolean {
  if (scopedSiteIds(actor) === null) return true;
  if (siteIds.length === 0) return !isCity(actor);
  return siteIds.every((s) => reachesSite(actor, s));
}

/** Refuses with 403 what lies outside the actor's sites; the refusal names no data of the other site. */
export function assertSiteInScope(actor: Actor, siteId: number): void {
  if (!reachesSite(actor, siteId)) throw outOfScope();
}

export function assertReachesAll(actor: Actor, siteIds: readonly number[]): void {
  if (!reachesAll(actor, siteIds)) throw outOfScope();
}

/** For what is kept for the whole contract (the journal's entries, exports, the month report): every site or none. */
export function assertUnscoped(actor: Actor): void {
  if (scopedSiteIds(actor) !== null) throw new AppError('FORBIDDEN', 'this covers every site; it is for staff of every site');
}

function outOfScope() {
  return new AppError('FORBIDDEN', 'outside the sites you are responsible for');
}

/** The sites the actor reaches, named (for the console's header), or null for every site. */
export function scopeOf(tx: Tx, actor: Actor): { id: number; name: string }[] | null {
  const ids = scopedSiteIds(actor);
  if (ids === null) return null;
  return tx.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, [...ids])).orderBy(sites.name).all();
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

/** The site of every area, for lists filtered after reading (short lists: sites, areas, kiosks, visitors). */
export function areaSites(tx: Tx): Map<number, number> {
  return new Map(tx.select({ id: areas.id, siteId: areas.siteId }).from(areas).all().map((a) => [a.id, a.siteId]));
}

/** The areas the actor reaches, or null for every area. */
export function scopedAreaIds(tx: Tx, actor: Actor): number[] | null {
  const sites = scopedSiteIds(actor);
  if (sites === null) return null;
  return tx.select({ id: areas.id }).from(areas).where(inArray(areas.siteId, [...sites])).all().map((a) => a.id);
}

/**
 * A where-term keeping the rows whose area column lies in the actor's sites (undefined: no limit). A
 * nullable column's empty rows are site-less: kept for the contractor's scoped staff, not for 甲.
 */
export function areaInScope(tx: Tx, actor: Actor, column: SQLiteColumn | SQL, nullable = false): SQL | undefined {
  const ids = scopedAreaIds(tx, actor);
  if (ids === null) return undefined;
  const inside = ids.length ? sql`${column} in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`;
  return nullable && !isCity(actor) ? or(isNull(column), inside) : inside;
}

/**
 * A where-term for rows traced to areas through other rows: `outside` selects the ids of rows that touch an
 * area outside `areaIds`, `inside` those that touch one inside. A row is kept when it touches nothing
 * outside and, for 甲, something inside.
 */
export function tracedInScope(tx: Tx, actor: Actor, id: SQLiteColumn, traced: (areaIds: number[]) => { outside: SQL; inside: SQL }): SQL | undefined {
  const ids = scopedAreaIds(tx, actor);
  if (ids === null) return undefined;
  const { outside, inside } = traced(ids.length ? ids : [-1]);
  const notOutside = sql`${id} not in (${outside})`;
  return isCity(actor) ? sql`(${notOutside} and ${id} in (${inside}))` : notOutside;
}

/** Keeps the rows of a short list that lie in the actor's scope. */
export function keepInScope<T>(actor: Actor, rows: T[], sitesOf: (row: T) => readonly number[]): T[] {
  if (scopedSiteIds(actor) === null) return rows;
  return rows.filter((r) => reachesAll(actor, sitesOf(r)));
}
