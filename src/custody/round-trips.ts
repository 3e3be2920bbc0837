import { and, eq, gt, inArray, lt, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../db/client.ts';
import { assets, custodyRequests, movements } from '../db/schema/custody.ts';

const later = alias(movements, 'later');

/** An asset inside that came in on a round trip (持込（当日持出）) and has not left: when it is due out, and under what. */
export interface RoundTripStay {
  assetId: number;
  assetNumber: string;
  description: string;
  areaId: number;
  /** The carrier, who took it in and is to take it out. */
  personId: number | null;
  requestId: number;
  movementId: number;
  accessEventId: number | null;
  carriedInAt: number;
  /** The request's window end: the carry-out is due before it. */
  dueOutAt: number;
  requestStatus: (typeof custodyRequests.$inferSelect)['status'];
}

/**
 * Assets inside whose last accepted movement is a round trip's carry-in (so they are in that stay),
 * optionally only those whose window has closed before `dueBefore`, or only `assetIds`. Driven from the
 * assets inside, so its cost follows what is inside now, not the history.
 */
export function roundTripsInside(tx: Tx, filter: { dueBefore?: number; assetIds?: number[] } = {}): RoundTripStay[] {
  if (filter.assetIds && filter.assetIds.length === 0) return [];
  return tx
    .select({
      assetId: assets.id,
      assetNumber: assets.assetNumber,
      description: assets.description,
      areaId: movements.areaId,
      personId: movements.personId,
      requestId: custodyRequests.id,
      movementId: movements.id,
      accessEventId: movements.accessEventId,
      carriedInAt: movements.occurredAt,
      dueOutAt: custodyRequests.windowTo,
      requestStatus: custodyRequests.status,
    })
    .from(assets)
    .innerJoin(movements, and(eq(movements.assetId, assets.id), eq(movements.areaId, assets.locationAreaId)))
    .innerJoin(custodyRequests, eq(custodyRequests.id, movements.requestId))
    .where(
      and(
        eq(assets.status, 'inside'),
        filter.assetIds ? inArray(assets.id, filter.assetIds) : undefined,
        eq(movements.direction, 'in'),
        eq(movements.result, 'accepted'),
        eq(custodyRequests.roundTrip, true),
        filter.dueBefore !== undefined ? lt(custodyRequests.windowTo, filter.dueBefore) : undefined,
        notExists(tx.select({ one: sql`1` }).from(later).where(and(eq(later.assetId, movements.assetId), eq(later.result, 'accepted'), gt(later.id, movements.id)))),
      ),
    )
    .all();
}

/** Whether a round trip's carry-out can still be made under its request now (the kiosk checks the rest). */
export function canLeaveNow(s: Pick<RoundTripStay, 'dueOutAt' | 'requestStatus'>, now: number): boolean {
  return s.requestStatus === 'approved' && now < s.dueOutAt;
}
