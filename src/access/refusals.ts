import { and, desc, eq, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { accessEvents, REFUSAL_REASONS } from '../db/schema/access.ts';
import { areas, sites as sitesTable } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';
import { reachesSite } from '../auth/scope.ts';
import { iso } from '../http/fields.ts';

type Reason = (typeof REFUSAL_REASONS)[number];

export interface RefusalsFilter {
  from: number;
  to: number;
  reasons?: Reason[];
  siteId?: number;
  /** The cursor: the page after this event, newest first. */
  before?: number;
  limit: number;
}

/**
 * Refusals across areas, newest first (issue 18 item 5, issue 19 item 2): a kiosk's late or revoked
 * records among them, each with the person its badge named, so that a guard can enter the stay from
 * paper (B12). Only the actor's sites; read through the area-and-time index of each area.
 */
export function listRefusals(ctx: Ctx, f: RefusalsFilter) {
  const db = ctx.deps.db;
  if (f.siteId !== undefined && !db.select({ id: sitesTable.id }).from(sitesTable).where(eq(sitesTable.id, f.siteId)).get()) throw AppError.unknown('query.siteId', 'site');
  const areaRows = db
    .select({ id: areas.id, name: areas.name, siteId: areas.siteId })
    .from(areas)
    .all()
    .filter((a) => reachesSite(ctx.actor, a.siteId) && (f.siteId === undefined || a.siteId === f.siteId));
  if (areaRows.length === 0) return { refusals: [], next: null };
  const areaName = new Map(areaRows.map((a) => [a.id, a]));
  const conditions: SQL[] = [
    inArray(accessEvents.areaId, areaRows.map((a) => a.id)),
    gte(accessEvents.occurredAt, f.from),
    lt(accessEvents.occurredAt, f.to),
    eq(accessEvents.result, 'refused'),
  ];
  if (f.reasons) conditions.push(inArray(accessEvents.refusalReason, f.reasons));
  if (f.before !== undefined) {
    const cursor = db.select({ at: accessEvents.occurredAt }).from(accessEvents).where(eq(accessEvents.id, f.before)).get();
    if (cursor) conditions.push(or(lt(accessEvents.occurredAt, cursor.at), and(eq(accessEvents.occurredAt, cursor.at), lt(accessEvents.id, f.before)))!);
  }
  const rows = db
    .select()
    .from(accessEvents)
    .where(and(...conditions))
    .orderBy(desc(accessEvents.occurredAt), desc(accessEvents.id))
    .limit(f.limit)
    .all();
  return {
    refusals: rows.map((e) => ({
      id: e.id,
      occurredAt: iso(e.occurredAt),
      recordedAt: iso(e.recordedAt),
      deviceAt: iso(e.deviceAt),
      direction: e.direction,
      refusalReason: e.refusalReason,
      method: e.method,
      areaId: e.areaId,
      areaName: areaName.get(e.areaId)!.name,
      siteId: areaName.get(e.areaId)!.siteId,
      personId: e.personId,
      visitorId: e.visitorId,
      name: e.nameSnapshot,
      kioskId: e.kioskId,
    })),
    next: rows.length === f.limit ? rows.at(-1)!.id : null,
  };
}
