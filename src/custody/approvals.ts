import { eq } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { custodyApprovals, custodyRequests } from '../db/schema/custody.ts';
import type { Role } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { approvalsNeeded, approvalsOf, effectiveStatus, itemsOf, personActor, requireRequest, type CustodyRequest, type ItemWithAsset } from './query.ts';
import { requestView } from './request-view.ts';
import { scanProblem } from './request-words.ts';

export interface Approver {
  id: number;
  roles: readonly Role[];
}

export type Decision = { decision: 'approved'; note: string } | { decision: 'rejected'; reason: string };

/** Where the decision was made: on the console, or at a kiosk door with the approver's own passkey. */
export interface Venue {
  onTheSpot: boolean;
  kioskId: number | null;
}

/** A request can be decided while it is submitted and its window has not ended. */
export function assertDecidable(r: CustodyRequest, now: number): void {
  const status = effectiveStatus(r, now);
  if (status === 'expired') throw new AppError('CONFLICT', `request ${r.id} expired at ${iso(r.windowTo)}; make a new request`);
  if (status !== 'submitted') throw new AppError('CONFLICT', `request ${r.id} is ${status}; only a submitted request can be approved or rejected`);
}

/** E1 and the roles of the kind: carry-in by a guard or supervisor, carry-out by a supervisor. */
function assertMayDecide(r: CustodyRequest, approver: Approver): void {
  if (approver.id === r.requesterId || approver.id === r.carrierId) {
    throw new AppError('FORBIDDEN', 'no one approves or rejects a request they made or will carry (E1): ask another guard or supervisor');
  }
  if (r.kind === 'carry_out' && !approver.roles.includes('supervisor')) throw new AppError('FORBIDDEN', 'a carry-out is decided by a supervisor (C3)');
  if (r.kind === 'carry_in' && !approver.roles.some((role) => role === 'guard' || role === 'supervisor')) {
    throw new AppError('FORBIDDEN', 'a carry-in is decided by a guard or a supervisor (C2)');
  }
}

/** A storage asset without a clean virus scan blocks approval (C5); the 409 names the item. */
function assertScansClean(items: readonly ItemWithAsset[]): void {
  items.forEach(({ item, asset }, i) => {
    const problem = scanProblem(asset, item.scanResult);
    if (problem) throw new AppError('CONFLICT', problem, { issues: [{ path: `body.items.${i}.scan`, message: problem }], assetId: asset.id, assetNumber: asset.assetNumber });
  });
}

/**
 * Records one approval or rejection in the caller's transaction, shared by the console and the kiosk.
 * An approval of a request holding 重要情報 leaves it submitted until a second, different person
 * approves (E1); a rejection ends it at once. One journal entry.
 */
export function decideInTx(tx: Tx, ctx: Ctx, r: CustodyRequest, approver: Approver, d: Decision, venue: Venue) {
  const now = ctx.deps.clock.now();
  assertDecidable(r, now);
  assertMayDecide(r, approver);
  const earlier = approvalsOf(tx, [r.id]);
  if (earlier.some((a) => a.approval.approverId === approver.id)) {
    throw new AppError('CONFLICT', 'you have already decided on this request; a second approval must come from someone else (E1)');
  }
  const items = itemsOf(tx, r.id);
  if (d.decision === 'approved') assertScansClean(items);
  const approval = tx
    .insert(custodyApprovals)
    .values({ requestId: r.id, approverId: approver.id, decision: d.decision, onTheSpot: venue.onTheSpot, kioskId: venue.kioskId, reason: d.decision === 'approved' ? d.note : d.reason, at: now })
    .returning()
    .get();
  const needed = approvalsNeeded(items);
  const given = earlier.filter((a) => a.approval.decision === 'approved').length + (d.decision === 'approved' ? 1 : 0);
  const done = d.decision === 'rejected' || given >= needed;
  const row = tx
    .update(custodyRequests)
    .set(
      d.decision === 'rejected'
        ? { status: 'rejected', rejectReason: d.reason, decidedAt: now, updatedAt: now }
        : done
          ? { status: 'approved', decidedAt: now, updatedAt: now }
          : { updatedAt: now },
    )
    .where(eq(custodyRequests.id, r.id))
    .returning()
    .get()!;
  const action = d.decision === 'rejected' ? 'custody_request.rejected' : done ? 'custody_request.approved' : 'custody_request.partially_approved';
  recordChange(tx, ctx, { action, entityType: 'custody_request', entityId: r.id, data: { request: row, approval, approvalsGiven: given, approvalsNeeded: needed } });
  return requestView(tx, row, now);
}

/** Approval or rejection on the console by the signed-in guard or supervisor. */
export function decideRequest(ctx: Ctx, id: number, d: Decision) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => decideInTx(tx, ctx, requireRequest(tx, id), actor, d, { onTheSpot: false, kioskId: null }));
}
