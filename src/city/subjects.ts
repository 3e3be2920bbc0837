import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { CitySubject } from '../db/schema/city.ts';
import { custodyRequests } from '../db/schema/custody.ts';
import { disposalRequests } from '../db/schema/compliance.ts';
import { AppError } from '../http/app-error.ts';
import { siteOfArea } from '../auth/scope.ts';
import { effectiveStatus, itemsOf, requireRequest } from '../custody/query.ts';
import { contractorApproved } from '../custody/approvals.ts';
import { requestView } from '../custody/request-view.ts';
import { disposalView, itemsOf as disposalItemsOf, requireDisposal } from '../disposal/read.ts';
import { requireAsset } from '../assets/read.ts';
import type { Config } from '../config.ts';
import { productionDataRequests } from '../db/schema/city.ts';
import { workingDay } from '../time.ts';
import { productionDataOpen, productionDataView, requireProductionData } from './production-data.ts';
import { networkAsk, networkClosed, networkDigest, networkView, siteOfAsset, withdrawIfUnpermitted } from './network.ts';

/**
 * What 甲 decides on (F1): a carry-in/out request, a disposal request or a device's network connection, seen through one shape so that
 * permission, refusal, paper and review are written once. Each kind says where it stands, what 甲 signs,
 * and what 甲's decision does to it.
 */
export interface Subject {
  type: CitySubject;
  id: number;
  siteId: number;
  required: boolean;
  /** Still open to 甲's decision. */
  open: boolean;
  /** Why it is not open, when the kind has its own words for it. */
  closedReason?: string;
  /** A refusal does not end it: 甲 may permit it later (a device, unlike a request, is asked about again). */
  reopens?: boolean;
  /** The content 甲's passkey signs (its SHA-256). */
  digest: string;
  view(): unknown;
  /** After a permission that counts: approved when the contractor's approvals are in too. */
  permitted(now: number): unknown;
  refused(reason: string, now: number): unknown;
  /** After a paper permission is disputed: no longer approved. */
  disputed(now: number): unknown;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

function custodySubject(tx: Tx, id: number, now: number): Subject {
  const r = requireRequest(tx, id);
  const update = (set: Partial<typeof custodyRequests.$inferInsert>) => tx.update(custodyRequests).set({ ...set, updatedAt: now }).where(eq(custodyRequests.id, id)).returning().get()!;
  const { status: _s, updatedAt: _u, decidedAt: _d, ...content } = r;
  return {
    type: 'custody_request',
    id,
    siteId: siteOfArea(tx, r.areaId)!,
    required: r.cityRequired,
    open: effectiveStatus(r, now) === 'submitted',
    digest: sha256({ type: 'custody_request', ...content, items: itemsOf(tx, id).map(({ item, asset }) => ({ assetNumber: asset.assetNumber, scan: item.scanResult })) }),
    view: () => requestView(tx, r, now),
    permitted: () => (contractorApproved(tx, r) ? update({ status: 'approved', decidedAt: now }) : r),
    refused: (reason) => update({ status: 'rejected', rejectReason: `市（甲）が許可しませんでした: ${reason}`, decidedAt: now }),
    disputed: () => (r.status === 'approved' ? update({ status: 'submitted', decidedAt: null }) : r),
  };
}

function disposalSubject(tx: Tx, id: number): Subject {
  const r = requireDisposal(tx, id);
  if (r.siteId === null) throw new AppError('CONFLICT', 'this disposal request names no site; it was made before the city took part');
  const update = (set: Partial<typeof disposalRequests.$inferInsert>) => tx.update(disposalRequests).set(set).where(eq(disposalRequests.id, id)).returning().get()!;
  const { status: _s, decidedAt: _d, approvedBy: _a, rejectReason: _r, ...content } = r;
  return {
    type: 'disposal_request',
    id,
    siteId: r.siteId,
    required: r.cityRequired,
    open: r.status === 'submitted',
    digest: sha256({ type: 'disposal_request', ...content, items: disposalItemsOf(tx, id).map(({ item }) => ({ mediaName: item.mediaName, quantity: item.quantity, serialNumbers: item.serialNumbers })) }),
    view: () => disposalView(tx, r),
    // approved_by set while still submitted: the supervisor approved, 甲 had not yet.
    permitted: () => (r.approvedBy !== null ? update({ status: 'approved' }) : r),
    refused: (reason, now) => update({ status: 'rejected', rejectReason: `市（甲）が許可しませんでした: ${reason}`, decidedAt: now }),
    disputed: () => (r.status === 'approved' ? update({ status: 'submitted' }) : r),
  };
}

/** A device's connection to the city's network at the site it is at (第9条2, C7): 甲's permission lets the contractor mark it. */
function networkSubject(tx: Tx, id: number, now: number, config: Pick<Config, 'cityPermissionDefault'>): Subject {
  const a = requireAsset(tx, id);
  const siteId = siteOfAsset(tx, id);
  if (siteId === null) throw new AppError('CONFLICT', 'this device is at no site yet: carry it in first');
  const view = networkView(tx, config, a);
  const ask = networkAsk(tx, id, siteId);
  // 甲 decides on the contractor's ask, which names the 責任者 (F2); without one there is nothing to decide.
  const closed = networkClosed(a) ?? (ask === null ? "the contractor has not yet asked to connect this device: ask, naming the responsible person (責任者), first" : null);
  const current = () => networkView(tx, config, requireAsset(tx, id));
  const withdraw = () => (withdrawIfUnpermitted(tx, config, id, now), current());
  return {
    type: 'asset_network',
    id,
    siteId,
    required: view.network.city.required,
    open: closed === null,
    ...(closed === null ? {} : { closedReason: closed }),
    reopens: true,
    digest: networkDigest(a, siteId, ask),
    view: () => current(),
    // 甲's permission does not mark the device: the contractor does, once 甲's permission counts.
    permitted: () => current(),
    refused: () => withdraw(),
    disputed: () => withdraw(),
  };
}

/** A request to use production data (第15条): 甲's permission approves it; open until its period ends. */
function productionDataSubject(tx: Tx, id: number, now: number, config: Pick<Config, 'timeZone'>): Subject {
  const r = requireProductionData(tx, id);
  const today = workingDay(now, config.timeZone);
  const update = (set: Partial<typeof productionDataRequests.$inferInsert>) => tx.update(productionDataRequests).set(set).where(eq(productionDataRequests.id, id)).returning().get()!;
  const { status: _s, decidedAt: _d, rejectReason: _r, ...content } = r;
  return {
    type: 'production_data',
    id,
    siteId: r.siteId,
    required: r.cityRequired,
    open: productionDataOpen(r, today),
    ...(r.status === 'submitted' && !productionDataOpen(r, today) ? { closedReason: 'the period of this request has ended' } : {}),
    digest: sha256({ type: 'production_data', ...content }),
    view: () => productionDataView(tx, requireProductionData(tx, id), today),
    permitted: () => update({ status: 'approved', decidedAt: now }),
    refused: (reason) => update({ status: 'rejected', rejectReason: `市（甲）が許可しませんでした: ${reason}`, decidedAt: now }),
    disputed: () => (r.status === 'approved' ? update({ status: 'submitted', decidedAt: null }) : r),
  };
}

export function subjectOf(tx: Tx, type: CitySubject, id: number, now: number, config: Pick<Config, 'cityPermissionDefault' | 'timeZone'>): Subject {
  if (type === 'asset_network') return networkSubject(tx, id, now, config);
  if (type === 'production_data') return productionDataSubject(tx, id, now, config);
  return type === 'custody_request' ? custodySubject(tx, id, now) : disposalSubject(tx, id);
}
