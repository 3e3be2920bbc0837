import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { areas } from '../db/schema/areas.ts';
import { people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';
import { tagPayload } from '../assets/tag.ts';
import { approvalsNeeded, approvalsOf, effectiveStatus, itemsOf, movementsUnder, type CustodyRequest, type ItemWithAsset, type Movement } from './query.ts';

function namesOf(tx: Tx, ids: number[]): Map<number, string> {
  const rows = tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, [...new Set(ids)])).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An item with its movements under the request: the first (its carry-in or carry-out), and a round trip's carry-out. */
function itemView({ item, asset }: ItemWithAsset, moves: readonly Movement[]) {
  const movementId = moves[0]?.id ?? null;
  const scan =
    item.scanResult === null
      ? null
      : { date: iso(item.scanDate), tool: item.scanTool, definitionsDate: item.scanDefinitionsDate, result: item.scanResult };
  return {
    assetId: asset.id,
    assetNumber: asset.assetNumber,
    tag: tagPayload(asset.assetNumber),
    kind: asset.kind,
    ownerType: asset.ownerType,
    classification: asset.classification,
    hasStorage: asset.hasStorage,
    fixed: asset.fixed,
    scan,
    moved: movementId !== null,
    movementId,
    returnMovementId: moves[1]?.id ?? null,
  };
}

/** A request as the console and the kiosk show it: who, what, which approvals, what has moved. */
export function requestView(tx: Tx, r: CustodyRequest, now: number) {
  const items = itemsOf(tx, r.id);
  const moved = movementsUnder(tx, r.id);
  const approvals = approvalsOf(tx, [r.id]);
  const names = namesOf(tx, [r.requesterId, r.carrierId]);
  const area = tx.select({ id: areas.id, name: areas.name, securityLevel: areas.securityLevel }).from(areas).where(eq(areas.id, r.areaId)).get()!;
  return {
    id: r.id,
    kind: r.kind,
    status: effectiveStatus(r, now),
    requester: { id: r.requesterId, name: names.get(r.requesterId) ?? '' },
    carrier: { id: r.carrierId, name: names.get(r.carrierId) ?? '' },
    area,
    purpose: r.purpose,
    windowFrom: iso(r.windowFrom),
    windowTo: iso(r.windowTo),
    destination: r.destination,
    expectedReturnAt: iso(r.expectedReturnAt),
    protection: r.protection ?? null,
    repair: r.repair ?? null,
    roundTrip: r.roundTrip,
    rejectReason: r.rejectReason,
    items: items.map((i) => itemView(i, moved.get(i.asset.id) ?? [])),
    approvals: approvals.map(({ approval: a, approverName }) => ({
      approverId: a.approverId,
      approverName,
      decision: a.decision,
      onTheSpot: a.onTheSpot,
      kioskId: a.kioskId,
      reason: a.reason,
      at: iso(a.at),
    })),
    approvalsNeeded: approvalsNeeded(items),
    approvalsGiven: approvals.filter((a) => a.approval.decision === 'approved').length,
    createdAt: iso(r.createdAt),
    submittedAt: iso(r.submittedAt),
    decidedAt: iso(r.decidedAt),
    updatedAt: iso(r.updatedAt),
  };
}

export type RequestView = ReturnType<typeof requestView>;
