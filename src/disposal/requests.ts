import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { disposalItems, disposalRequests } from '../db/schema/compliance.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { requireAsset, type Asset } from '../assets/read.ts';
import { KIND_LABELS } from '../assets/labels.ts';
import { workingDay } from '../time.ts';
import { sites } from '../db/schema/areas.ts';
import { reachesSite } from '../auth/scope.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import { policyOf } from '../city/policy.ts';
import { cityPermitted } from '../city/state.ts';
import { disposalView, itemsOf, requireDisposal, type DisposalRequest } from './read.ts';
import type { DisposalItemInput, DisposalRequestInput } from './schemas.ts';

/** Assets in these states are not the contractor's to dispose of any more. */
export const GONE_STATUSES: ReadonlySet<Asset['status']> = new Set(['lost', 'disposed', 'returned']);

function personOf(ctx: Ctx): { id: number } {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'sign in as a person');
  return ctx.actor;
}

/** An asset already named by another open request would be disposed of twice. */
function openRequestFor(tx: Tx, assetId: number): number | undefined {
  return tx
    .select({ id: disposalRequests.id })
    .from(disposalItems)
    .innerJoin(disposalRequests, eq(disposalRequests.id, disposalItems.requestId))
    .where(and(eq(disposalItems.assetId, assetId), inArray(disposalRequests.status, ['submitted', 'approved'])))
    .get()?.id;
}

function itemValues(tx: Tx, item: DisposalItemInput, i: number) {
  if (item.assetId === undefined) return { assetId: null, mediaName: item.mediaName!, quantity: item.quantity, serialNumbers: item.serialNumbers };
  const field = `body.items.${i}.assetId`;
  const asset = requireAsset(tx, item.assetId, field);
  if (asset.ownerType === 'personal') throw AppError.field(field, `${asset.assetNumber} is a personal device: not disposed of through the ledger`);
  if (GONE_STATUSES.has(asset.status)) throw AppError.field(field, `${asset.assetNumber} is ${asset.status}`);
  const other = openRequestFor(tx, asset.id);
  if (other !== undefined) throw AppError.conflict(field, `${asset.assetNumber} is already in disposal request ${other}`);
  return {
    assetId: asset.id,
    mediaName: item.mediaName ?? [KIND_LABELS[asset.kind], asset.description].filter(Boolean).join(' '),
    quantity: 1,
    serialNumbers: item.serialNumbers || asset.serialNumber,
  };
}

/**
 * The site is one the requester reaches; the 責任者 (F2) can work now. Returns whether 甲's policy
 * reserves disposal to 甲 (F1), fixed on the request as it is made.
 */
function checkSiteAndResponsible(tx: Tx, ctx: Ctx, input: DisposalRequestInput, now: number): boolean {
  if (!tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId)).get()) throw AppError.unknown('body.siteId', 'site');
  if (!reachesSite(ctx.actor, input.siteId)) throw AppError.field('body.siteId', 'outside the sites you are responsible for');
  const standing = rosterStanding(requirePerson(tx, input.responsibleId, 'body.responsibleId'), now);
  if (standing !== 'ok') throw AppError.field('body.responsibleId', `this person cannot be the responsible person now (${standing})`);
  return policyOf(tx, ctx.deps.config, input.siteId).disposal;
}

/** A disposal request (D1): submitted for approval at once. One journal entry with its items. */
export function requestDisposal(ctx: Ctx, input: DisposalRequestInput) {
  const actor = personOf(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    if (input.plannedDate < workingDay(now, ctx.deps.config.timeZone)) throw AppError.field('body.plannedDate', 'is in the past');
    const values = input.items.map((item, i) => itemValues(tx, item, i));
    const cityRequired = checkSiteAndResponsible(tx, ctx, input, now);
    const { items: _items, ...fields } = input;
    const request = tx.insert(disposalRequests).values({ ...fields, cityRequired, requesterId: actor.id, status: 'submitted', createdAt: now }).returning().get();
    const items = values.map((v) => tx.insert(disposalItems).values({ ...v, requestId: request.id }).returning().get());
    recordChange(tx, ctx, { action: 'disposal_request.submitted', entityType: 'disposal_request', entityId: request.id, data: { request, items } });
    return disposalView(tx, request);
  });
}

/** E1: decided by a supervisor who did not make the request, while it is submitted. */
function assertDecidable(r: DisposalRequest, approverId: number): void {
  if (r.requesterId === approverId) throw new AppError('FORBIDDEN', 'no one approves or rejects their own request (E1): ask another supervisor');
  if (r.status !== 'submitted') throw new AppError('CONFLICT', `disposal request ${r.id} is ${r.status}; only a submitted request can be decided`);
  if (r.approvedBy !== null) throw new AppError('CONFLICT', `disposal request ${r.id} is approved by the contractor and waits for the city's (甲) permission`);
}

/** After the supervisor's approval: approved, unless the request waits for 甲 (F1); then approved_by alone says the contractor is in. */
function approvedStatus(tx: Tx, r: DisposalRequest): 'approved' | 'submitted' {
  return r.cityRequired && !cityPermitted(tx, 'disposal_request', r.id) ? 'submitted' : 'approved';
}

export type DisposalDecision = { decision: 'approved'; note: string } | { decision: 'rejected'; reason: string };

export function decideDisposal(ctx: Ctx, id: number, d: DisposalDecision) {
  const actor = personOf(ctx);
  return transact(ctx.deps.db, (tx) => {
    const before = requireDisposal(tx, id);
    assertDecidable(before, actor.id);
    const now = ctx.deps.clock.now();
    const row = tx
      .update(disposalRequests)
      .set(d.decision === 'approved' ? { status: approvedStatus(tx, before), approvedBy: actor.id, decidedAt: now } : { status: 'rejected', approvedBy: actor.id, decidedAt: now, rejectReason: d.reason })
      .where(eq(disposalRequests.id, id))
      .returning()
      .get()!;
    const items = itemsOf(tx, id).map((i) => i.item);
    const data = d.decision === 'approved' ? { request: row, items, note: d.note } : { request: row, items };
    const action = d.decision === 'approved' && row.status === 'submitted' ? 'disposal_request.contractor_approved' : `disposal_request.${d.decision}`;
    recordChange(tx, ctx, { action, entityType: 'disposal_request', entityId: id, data });
    return disposalView(tx, row);
  });
}
