import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { disposalItems, disposalRecords, disposalRequests } from '../db/schema/compliance.ts';
import { assets } from '../db/schema/custody.ts';
import { journal } from '../db/schema/journal.ts';
import { people, type Role } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import type { DisposalsQueryInput } from './schemas.ts';
import { sites } from '../db/schema/areas.ts';
import { cityColumn } from '../city/state.ts';
import { reachesSite, tracedInScope } from '../auth/scope.ts';
import { tracedAreas } from '../auth/scope-trace.ts';
import { contractOfSite } from '../contract/service.ts';

export type DisposalRequest = typeof disposalRequests.$inferSelect;
export type DisposalItem = typeof disposalItems.$inferSelect;
export type DisposalRecord = typeof disposalRecords.$inferSelect;

/** Roles that read every disposal request; a worker reads the ones they made. */
export const DISPOSAL_READERS: readonly Role[] = ['admin', 'supervisor', 'auditor', 'city'];

export function requireDisposal(tx: Tx, id: number): DisposalRequest {
  const row = tx.select().from(disposalRequests).where(eq(disposalRequests.id, id)).get();
  if (!row) throw AppError.notFound('disposal request');
  return row;
}

export function itemsOf(tx: Tx, requestId: number) {
  return tx
    .select({ item: disposalItems, assetNumber: assets.assetNumber, assetStatus: assets.status })
    .from(disposalItems)
    .leftJoin(assets, eq(assets.id, disposalItems.assetId))
    .where(eq(disposalItems.requestId, requestId))
    .orderBy(asc(disposalItems.id))
    .all();
}

function namesOf(tx: Tx, ids: (number | null)[]): Map<number, string> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted)).all().map((r) => [r.id, r.name]));
}

function recordView(tx: Tx, rec: DisposalRecord, names: Map<number, string>) {
  const entry = rec.journalSeq === null ? undefined : tx.select({ seq: journal.seq, hash: journal.hash }).from(journal).where(eq(journal.seq, rec.journalSeq)).get();
  return {
    ...rec,
    executedAt: iso(rec.executedAt),
    createdAt: iso(rec.createdAt),
    responsiblePersonName: names.get(rec.responsiblePersonId) ?? null,
    witnessName: names.get(rec.witnessPersonId) ?? null,
    journal: entry ?? null,
  };
}

/** A request with its items, who asked and decided, and what was done (the certificate's content). */
export function disposalView(tx: Tx, r: DisposalRequest) {
  const record = tx.select().from(disposalRecords).where(eq(disposalRecords.requestId, r.id)).get();
  const names = namesOf(tx, [r.requesterId, r.approvedBy, r.responsibleId, record?.responsiblePersonId ?? null, record?.witnessPersonId ?? null]);
  const site = r.siteId === null ? undefined : tx.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, r.siteId)).get();
  return {
    ...r,
    requesterName: names.get(r.requesterId) ?? null,
    // approved_by holds whoever decided: the approver, or the supervisor who rejected it.
    decidedByName: r.approvedBy === null ? null : (names.get(r.approvedBy) ?? null),
    decidedAt: iso(r.decidedAt),
    createdAt: iso(r.createdAt),
    site: site ?? null,
    /** The contract the disposal is made under: its certificate's issuer and addressee (decision 0023). */
    contract: contractOfSite(tx, r.siteId),
    responsible: r.responsibleId === null ? null : { id: r.responsibleId, name: names.get(r.responsibleId) ?? '' },
    /** The contractor's approval and 甲's permission, side by side (F1). */
    contractorApproved: r.approvedBy !== null && r.rejectReason === null,
    city: cityColumn(tx, 'disposal_request', r.id, r.cityRequired),
    items: itemsOf(tx, r.id).map(({ item, assetNumber, assetStatus }) => ({ ...item, assetNumber, assetStatus })),
    record: record ? recordView(tx, record, names) : null,
  };
}

export type DisposalView = ReturnType<typeof disposalView>;

function mayReadAll(ctx: Ctx): boolean {
  return ctx.actor.type === 'person' && ctx.actor.roles.some((r) => DISPOSAL_READERS.includes(r));
}

function ownOnly(ctx: Ctx): SQL | undefined {
  if (mayReadAll(ctx)) return undefined;
  if (ctx.actor.type === 'person' && ctx.actor.roles.includes('city')) return inArray(disposalRequests.siteId, ctx.actor.siteIds ?? []);
  return eq(disposalRequests.requesterId, ctx.actor.type === 'person' ? ctx.actor.id : -1);
}

export function listDisposals(ctx: Ctx, q: DisposalsQueryInput) {
  const db = ctx.deps.db;
  const rows = db
    .select()
    .from(disposalRequests)
    .where(and(ownOnly(ctx), q.status ? eq(disposalRequests.status, q.status) : undefined, tracedInScope(db, ctx.actor, disposalRequests.id, tracedAreas.disposal)))
    .orderBy(desc(disposalRequests.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  return { requests: rows.map((r) => disposalView(db, r)) };
}

/** One request; a worker sees only their own (anyone else's reads as not found). */
export function getDisposal(ctx: Ctx, id: number): DisposalView {
  const r = requireDisposal(ctx.deps.db, id);
  // 甲's staff read the disposal requests of their sites (F4): it is what they permit.
  if (ctx.actor.type === 'person' && ctx.actor.roles.includes('city')) {
    if (r.siteId === null || !reachesSite(ctx.actor, r.siteId)) throw AppError.notFound('disposal request');
    return disposalView(ctx.deps.db, r);
  }
  if (!mayReadAll(ctx) && !(ctx.actor.type === 'person' && ctx.actor.id === r.requesterId)) throw AppError.notFound('disposal request');
  return disposalView(ctx.deps.db, r);
}
