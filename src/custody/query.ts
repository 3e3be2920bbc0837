import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Ctx } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { assets, custodyApprovals, custodyRequestItems, custodyRequests, movements, REQUEST_STATUSES } from '../db/schema/custody.ts';
import { people, type Role } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import type { Asset } from '../assets/read.ts';

export type CustodyRequest = typeof custodyRequests.$inferSelect;
export type RequestItemRow = typeof custodyRequestItems.$inferSelect;
export type Approval = typeof custodyApprovals.$inferSelect;
export type Movement = typeof movements.$inferSelect;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Roles that read every request and every asset's custody; others see their own. */
export const CUSTODY_READERS: readonly Role[] = ['admin', 'guard', 'supervisor', 'auditor', 'city'];

/**
 * The status a request has now. `expired` is computed on read, never stored: a draft, submitted or
 * approved request whose window has ended is expired, whatever its stored status says.
 */
export function effectiveStatus(r: Pick<CustodyRequest, 'status' | 'windowTo'>, now: number): RequestStatus {
  const open = r.status === 'draft' || r.status === 'submitted' || r.status === 'approved';
  return open && now >= r.windowTo ? 'expired' : r.status;
}

export function personActor(ctx: Ctx): { id: number; name: string; roles: Role[] } {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'sign in as a person');
  return ctx.actor;
}

export function kioskActor(ctx: Ctx): { id: number; areaIds: number[] } {
  if (ctx.actor.type !== 'kiosk') throw new AppError('FORBIDDEN', 'kiosk only');
  return ctx.actor;
}

export function requireRequest(tx: Tx, id: number, field?: string): CustodyRequest {
  const row = tx.select().from(custodyRequests).where(eq(custodyRequests.id, id)).get();
  if (!row) throw field ? AppError.unknown(field, 'request') : AppError.notFound('request');
  return row;
}

export interface ItemWithAsset {
  item: RequestItemRow;
  asset: Asset;
}

export function itemsOf(tx: Tx, requestId: number): ItemWithAsset[] {
  return prepared(tx, 'custody.itemsOf', (db) =>
    db
      .select({ item: custodyRequestItems, asset: assets })
      .from(custodyRequestItems)
      .innerJoin(assets, eq(assets.id, custodyRequestItems.assetId))
      .where(eq(custodyRequestItems.requestId, sql.placeholder('requestId')))
      .orderBy(asc(custodyRequestItems.id))
      .prepare(),
  ).all({ requestId });
}

export function approvalsOf(tx: Tx, requestIds: number[]) {
  if (requestIds.length === 0) return [];
  return tx
    .select({ approval: custodyApprovals, approverName: people.name })
    .from(custodyApprovals)
    .innerJoin(people, eq(people.id, custodyApprovals.approverId))
    .where(inArray(custodyApprovals.requestId, requestIds))
    .orderBy(asc(custodyApprovals.at), asc(custodyApprovals.id))
    .all();
}

/**
 * Accepted movements made under a request, by asset, in order: an item moves once per request, or
 * twice (in, then out) under a round trip (持込（当日持出）).
 */
export function movementsUnder(tx: Tx, requestId: number): Map<number, Movement[]> {
  const rows = prepared(tx, 'custody.movedUnder', (db) =>
    db
      .select()
      .from(movements)
      .where(and(eq(movements.requestId, sql.placeholder('requestId')), eq(movements.result, 'accepted'), isNotNull(movements.assetId)))
      .orderBy(asc(movements.id))
      .prepare(),
  ).all({ requestId });
  const out = new Map<number, Movement[]>();
  for (const m of rows) out.set(m.assetId!, [...(out.get(m.assetId!) ?? []), m]);
  return out;
}

/** The first accepted movement of each asset under a request (its carry-in, or its carry-out). */
export function movedUnder(tx: Tx, requestId: number): Map<number, Movement> {
  return new Map([...movementsUnder(tx, requestId)].map(([assetId, moves]) => [assetId, moves[0]!]));
}

/** How many movements finish an item under a request: a round trip's items go in and out again. */
export function movesPerItem(r: Pick<CustodyRequest, 'kind' | 'roundTrip'>): 1 | 2 {
  return r.kind === 'carry_in' && r.roundTrip ? 2 : 1;
}

/** 重要情報 needs two different approvers (E1); everything else one. */
export function approvalsNeeded(items: readonly ItemWithAsset[]): 1 | 2 {
  return items.some((i) => i.asset.classification === 'important') ? 2 : 1;
}

/** A lost, disposed-of or returned asset cannot be moved. */
export const UNAVAILABLE_STATUSES: ReadonlySet<Asset['status']> = new Set(['lost', 'disposed', 'returned']);
