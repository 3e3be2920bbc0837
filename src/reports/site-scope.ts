import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { areas, authorizations, sites } from '../db/schema/areas.ts';
import { movements } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';

/**
 * What of the deployment belongs to one site's monthly report (F4, decision 0022). The report goes to
 * the 甲 of that site's contract, so every section is cut to the site:
 * - access events, anomalies, movements and requests by their area (areas.site_id);
 * - people: those authorized for an area of the site at some time in the month, or whose roster entry
 *   names the site (site_ids);
 * - an asset by where it is (location_area_id) or, when it is away, by the area of its last movement;
 * - incidents and disposals by their asset's site, else by their person.
 * When the deployment has one site, everything belongs to it: the rules only decide between sites.
 */
export interface SiteScope {
  site: { id: number; name: string };
  /** The deployment has this site alone: every record belongs to it. */
  only: boolean;
  areaIds: number[];
  hasArea(areaId: number | null): boolean;
  hasPerson(personId: number | null): boolean;
  /** The area an asset was last moved through before `before` (accepted movements only), or null. */
  lastArea(assetId: number, before: number): number | null;
}

/** The site's scope for the month [start, end), or null when there is no such site. */
export function siteScope(db: Tx, siteId: number, start: number, end: number): SiteScope | null {
  const site = db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId)).get();
  if (!site) return null;
  const only = db.select({ n: count() }).from(sites).get()!.n === 1;
  const areaIds = db.select({ id: areas.id }).from(areas).where(eq(areas.siteId, siteId)).orderBy(asc(areas.id)).all().map((a) => a.id);
  const areaSet = new Set(areaIds);
  const members = new Set<number>();
  if (areaIds.length > 0) {
    const authorized = db
      .select({ personId: authorizations.personId })
      .from(authorizations)
      .where(and(inArray(authorizations.areaId, areaIds), lt(authorizations.validFrom, end), or(isNull(authorizations.validTo), gte(authorizations.validTo, start)), or(isNull(authorizations.revokedAt), gte(authorizations.revokedAt, start))))
      .all();
    for (const a of authorized) members.add(a.personId);
  }
  for (const p of db.select({ id: people.id, siteIds: people.siteIds }).from(people).all()) if (p.siteIds?.includes(siteId)) members.add(p.id);
  const lastArea = (assetId: number, before: number): number | null =>
    db
      .select({ areaId: movements.areaId })
      .from(movements)
      .where(and(eq(movements.assetId, assetId), eq(movements.result, 'accepted'), lt(movements.occurredAt, before)))
      .orderBy(desc(movements.occurredAt), desc(movements.id))
      .limit(1)
      .get()?.areaId ?? null;
  return {
    site,
    only,
    areaIds,
    hasArea: (areaId) => only || (areaId !== null && areaSet.has(areaId)),
    hasPerson: (personId) => only || (personId !== null && members.has(personId)),
    lastArea,
  };
}

/** Whether an asset belonged to the site at `at`: where it stood (`locationAreaId`), or when away, where it last moved. */
export function assetInSite(scope: SiteScope, asset: { id: number; locationAreaId: number | null }, at: number): boolean {
  if (scope.only) return true;
  if (asset.locationAreaId !== null) return scope.hasArea(asset.locationAreaId);
  return scope.hasArea(scope.lastArea(asset.id, at));
}
