import { and, desc, eq, gt, gte, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { custodyRequestItems, custodyRequests } from '../db/schema/custody.ts';
import type { Role } from '../db/schema/roster.ts';
import { areaInScope } from '../auth/scope.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { requireArea } from '../areas/service.ts';
import { requireAsset, type Asset } from '../assets/read.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import { crossFieldIssues, type RequestContent, type RequestPatchInput, type RequestsQueryInput } from './schemas.ts';
import { approvalsOf, CUSTODY_READERS, effectiveStatus, itemsOf, personActor, requireRequest, UNAVAILABLE_STATUSES, type CustodyRequest, type RequestStatus } from './query.ts';
import { requestView } from './request-view.ts';
import { REQUEST_WORDS, scanProblem } from './request-words.ts';
import { policyOf } from '../city/policy.ts';
import { assertAreaInScope } from '../auth/scope.ts';

/** Who may name someone else as the carrier; everyone else requests for themselves. */
const REQUEST_FOR_OTHERS: readonly Role[] = ['admin', 'supervisor'];

/** How a content check fails: a 400 naming the field while the requester writes, a 409 when submitting. */
type Fail = (field: string, message: string) => AppError;
const badInput: Fail = (field, message) => AppError.field(`body.${field}`, message);
const conflict: Fail = (field, message) => AppError.conflict(field, message);

function resolveCarrier(tx: Tx, actor: { id: number; roles: Role[] }, carrierId: number | null, now: number): number {
  const id = carrierId ?? actor.id;
  if (id !== actor.id && !actor.roles.some((r) => REQUEST_FOR_OTHERS.includes(r))) {
    throw new AppError('FORBIDDEN', 'only an admin or a supervisor may request for another carrier; leave carrierId out to carry the assets yourself');
  }
  const standing = rosterStanding(requirePerson(tx, id, 'body.carrierId'), now);
  if (standing !== 'ok') throw AppError.field('body.carrierId', `this person cannot work now (${standing})`);
  return id;
}

/** Each asset exists, may cross a door at all (C4, C11), and is not lost or gone. */
function checkAssets(tx: Tx, content: RequestContent, fail: Fail): Asset[] {
  return content.items.map((item, i) => {
    const asset = requireAsset(tx, item.assetId, `body.items.${i}.assetId`);
    if (asset.ownerType === 'personal') throw fail(`items.${i}.assetId`, `${asset.assetNumber} is a personal device: personal devices are never carried in or out (C4)`);
    if (UNAVAILABLE_STATUSES.has(asset.status)) throw fail(`items.${i}.assetId`, `${asset.assetNumber} is ${asset.status} and cannot be moved`);
    if (asset.fixed && !item.fixedEquipment) throw fail(`items.${i}.fixedEquipment`, REQUEST_WORDS.fixedUnconfirmed(asset.assetNumber));
    return asset;
  });
}

/**
 * 重要情報 travels protected (C6): a request with such an asset states encryption or a locked case, and
 * carrying out an important asset that holds storage needs encryption.
 */
function checkProtection(content: RequestContent, assets: Asset[], fail: Fail): void {
  const important = assets.filter((a) => a.classification === 'important');
  if (important.length === 0) return;
  const numbers = important.map((a) => a.assetNumber).join(', ');
  const p = content.protection;
  if (!p || (!p.encryption && !p.lockedCase)) throw fail('protection', REQUEST_WORDS.protectionMissing(numbers));
  if (content.kind === 'carry_out' && important.some((a) => a.hasStorage) && !p.encryption) {
    throw fail('protection.encryption', REQUEST_WORDS.encryptionRequired(numbers));
  }
}

/**
 * The 責任者 (F2) is a roster person who can work now and, where 甲's policy says so, someone other than
 * the carrier. A request made before 責任者 were asked for has none and stays valid.
 */
function checkResponsible(tx: Tx, config: Ctx['deps']['config'], content: RequestContent, carrierId: number, siteId: number, now: number, fail: Fail): void {
  if (content.responsibleId === null) return;
  const standing = rosterStanding(requirePerson(tx, content.responsibleId, 'body.responsibleId'), now);
  if (standing !== 'ok') throw fail('responsibleId', `this person cannot be the responsible person now (${standing})`);
  if (content.responsibleId === carrierId && policyOf(tx, config, siteId).responsibleDistinct) throw fail('responsibleId', REQUEST_WORDS.responsibleIsCarrier);
}

function checkContent(tx: Tx, content: RequestContent, now: number, fail: Fail): Asset[] {
  requireArea(tx, content.areaId, 'body.areaId');
  if (content.windowTo <= now) throw fail('windowTo', REQUEST_WORDS.windowEnded);
  const assets = checkAssets(tx, content, fail);
  checkProtection(content, assets, fail);
  return assets;
}

function insertItems(tx: Tx, requestId: number, content: RequestContent) {
  return content.items.map((item) =>
    tx
      .insert(custodyRequestItems)
      .values({
        requestId,
        assetId: item.assetId,
        scanDate: item.scan?.date ?? null,
        scanTool: item.scan?.tool ?? null,
        scanDefinitionsDate: item.scan?.definitionsDate ?? null,
        scanResult: item.scan?.result ?? null,
      })
      .returning()
      .get(),
  );
}

/** The item rows as journaled, with the requester's explicit confirmation for fixed equipment (C11), which has no column. */
function journaledItems(rows: { assetId: number }[], content: RequestContent) {
  return rows.map((row, i) => ({ ...row, fixedEquipment: content.items[i]!.fixedEquipment }));
}

function requestColumns(content: RequestContent, carrierId: number) {
  const { items: _items, kind: _kind, carrierId: _carrier, ...rest } = content;
  return { ...rest, carrierId };
}

/** A new request, as a draft (C2, C3): the requester is the signed-in person. One journal entry. */
export function createRequest(ctx: Ctx, content: RequestContent) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const carrierId = resolveCarrier(tx, actor, content.carrierId, now);
    checkContent(tx, content, now, badInput);
    checkResponsible(tx, ctx.deps.config, content, carrierId, requireArea(tx, content.areaId).siteId, now, badInput);
    const row = tx
      .insert(custodyRequests)
      .values({ ...requestColumns(content, carrierId), kind: content.kind, status: 'draft', requesterId: actor.id, createdAt: now, updatedAt: now })
      .returning()
      .get();
    const items = insertItems(tx, row.id, content);
    recordChange(tx, ctx, { action: 'custody_request.created', entityType: 'custody_request', entityId: row.id, data: { ...row, items: journaledItems(items, content) } });
    return requestView(tx, row, now);
  });
}

function contentOf(tx: Tx, r: CustodyRequest): RequestContent {
  return {
    kind: r.kind,
    areaId: r.areaId,
    purpose: r.purpose,
    windowFrom: r.windowFrom,
    windowTo: r.windowTo,
    carrierId: r.carrierId,
    responsibleId: r.responsibleId,
    destination: r.destination,
    expectedReturnAt: r.expectedReturnAt,
    protection: r.protection ?? null,
    repair: r.repair ?? null,
    roundTrip: r.roundTrip,
    items: itemsOf(tx, r.id).map(({ item, asset }) => ({
      assetId: item.assetId,
      fixedEquipment: asset.fixed,
      scan:
        item.scanResult === null
          ? null
          : { date: item.scanDate!, tool: item.scanTool ?? '', definitionsDate: item.scanDefinitionsDate ?? '', result: item.scanResult },
    })),
  };
}

function ownRequest(r: CustodyRequest, actorId: number, verb: string): void {
  if (r.requesterId !== actorId) throw new AppError('FORBIDDEN', `only the requester may ${verb} this request`);
}

/** Nothing has been decided on it yet: a draft, or submitted with no approval given. */
function pending(tx: Tx, r: CustodyRequest, now: number): boolean {
  const status = effectiveStatus(r, now);
  return status === 'draft' || (status === 'submitted' && approvalsOf(tx, [r.id]).length === 0);
}

/**
 * A storage asset without a clean scan (C5) is refused before it reaches an approver, as a 400 naming
 * the item: the requester can mend it, whereas at approval it could only be rejected.
 */
function checkScans(tx: Tx, id: number): void {
  const issues = itemsOf(tx, id).flatMap(({ item, asset }, i) => {
    const problem = scanProblem(asset, item.scanResult);
    return problem ? [{ path: `body.items.${i}.scan`, message: problem }] : [];
  });
  if (issues.length > 0) throw AppError.validation(issues);
}

/**
 * Edits a request nothing has been decided on: the merged request is checked as a whole; items, when
 * given, replace the old ones. A submitted request stays submitted and must still pass what submitting checks.
 */
export function updateRequest(ctx: Ctx, id: number, patch: RequestPatchInput) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const before = requireRequest(tx, id);
    ownRequest(before, actor.id, 'edit');
    if (!pending(tx, before, now)) throw new AppError('CONFLICT', `only a request not yet decided can be edited; this request is ${effectiveStatus(before, now)}`);
    const merged: RequestContent = { ...contentOf(tx, before), ...patch };
    const issues = crossFieldIssues(merged);
    if (issues.length > 0) throw AppError.validation(issues.map((i) => ({ path: `body.${i.path}`, message: i.message })));
    const carrierId = patch.carrierId !== undefined ? resolveCarrier(tx, actor, patch.carrierId, now) : before.carrierId;
    checkContent(tx, merged, now, badInput);
    checkResponsible(tx, ctx.deps.config, merged, carrierId, requireArea(tx, merged.areaId).siteId, now, badInput);
    const row = tx
      .update(custodyRequests)
      .set({ ...requestColumns(merged, carrierId), updatedAt: now })
      .where(eq(custodyRequests.id, id))
      .returning()
      .get()!;
    // Until an approval is given, nothing refers to the items: no approval covers them, no movement was made under them.
    if (patch.items) tx.delete(custodyRequestItems).where(eq(custodyRequestItems.requestId, id)).run();
    const items = patch.items ? insertItems(tx, id, merged) : itemsOf(tx, id).map((i) => i.item);
    if (before.status === 'submitted') checkScans(tx, id);
    recordChange(tx, ctx, { action: 'custody_request.updated', entityType: 'custody_request', entityId: id, data: { ...row, items: journaledItems(items, merged) } });
    return requestView(tx, row, now);
  });
}

/** Submits a draft for approval, checking it again against the assets as they are now. */
export function submitRequest(ctx: Ctx, id: number) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const before = requireRequest(tx, id);
    ownRequest(before, actor.id, 'submit');
    if (before.status !== 'draft') throw new AppError('CONFLICT', `only a draft can be submitted; this request is ${effectiveStatus(before, now)}`);
    const content = contentOf(tx, before);
    checkContent(tx, content, now, conflict);
    const siteId = requireArea(tx, before.areaId).siteId;
    checkResponsible(tx, ctx.deps.config, content, before.carrierId, siteId, now, conflict);
    checkScans(tx, id);
    // 甲's policy as it stands now decides whether this request waits for 甲 (F1); a later change does not reach it.
    const policy = policyOf(tx, ctx.deps.config, siteId);
    const cityRequired = before.kind === 'carry_in' ? policy.carryIn : policy.carryOut;
    const row = tx.update(custodyRequests).set({ status: 'submitted', submittedAt: now, updatedAt: now, cityRequired }).where(eq(custodyRequests.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'custody_request.submitted', entityType: 'custody_request', entityId: id, data: row });
    return requestView(tx, row, now);
  });
}

/** The requester takes back a request before it is decided; it stays on record as withdrawn. */
export function withdrawRequest(ctx: Ctx, id: number) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const before = requireRequest(tx, id);
    ownRequest(before, actor.id, 'withdraw');
    const status = effectiveStatus(before, now);
    if (status !== 'draft' && status !== 'submitted') throw new AppError('CONFLICT', `only a request not yet decided can be withdrawn; this request is ${status}`);
    const row = tx.update(custodyRequests).set({ status: 'withdrawn', updatedAt: now }).where(eq(custodyRequests.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'custody_request.withdrawn', entityType: 'custody_request', entityId: id, data: row });
    return requestView(tx, row, now);
  });
}

function mayReadAll(roles: readonly Role[]): boolean {
  return roles.some((r) => CUSTODY_READERS.includes(r));
}

export function getRequest(ctx: Ctx, id: number) {
  const actor = personActor(ctx);
  const r = requireRequest(ctx.deps.db, id);
  // 甲's staff read every request of their sites (F4): it is what they permit.
  if (actor.roles.includes('city')) {
    assertAreaInScope(ctx.deps.db, ctx.actor, r.areaId);
    return requestView(ctx.deps.db, r, ctx.deps.clock.now());
  }
  if (!mayReadAll(actor.roles) && r.requesterId !== actor.id && r.carrierId !== actor.id) throw new AppError('FORBIDDEN', 'you may read only the requests you made or carry');
  return requestView(ctx.deps.db, r, ctx.deps.clock.now());
}

/** The stored statuses that read as `status` now (expired is computed from the window). */
function statusIs(status: RequestStatus, now: number): SQL | undefined {
  const open = inArray(custodyRequests.status, ['draft', 'submitted', 'approved']);
  if (status === 'expired') return and(open, lte(custodyRequests.windowTo, now));
  if (status === 'draft' || status === 'submitted' || status === 'approved') return and(eq(custodyRequests.status, status), gt(custodyRequests.windowTo, now));
  return eq(custodyRequests.status, status);
}

/**
 * Requests, newest first by when they were made; a worker sees those they made or carry. A period and a
 * cursor read through the creation-time index; `next` is the cursor of the following page, null at the end.
 */
export function listRequests(ctx: Ctx, q: RequestsQueryInput & { start?: number | undefined; end?: number | undefined }) {
  const actor = personActor(ctx);
  const now = ctx.deps.clock.now();
  const db = ctx.deps.db;
  const conditions: (SQL | undefined)[] = [
    mayReadAll(actor.roles) ? undefined : or(eq(custodyRequests.requesterId, actor.id), eq(custodyRequests.carrierId, actor.id)),
    q.status ? statusIs(q.status, now) : undefined,
    q.kind ? eq(custodyRequests.kind, q.kind) : undefined,
    q.areaId ? eq(custodyRequests.areaId, q.areaId) : undefined,
    q.start !== undefined ? gte(custodyRequests.createdAt, q.start) : undefined,
    q.end !== undefined ? lt(custodyRequests.createdAt, q.end) : undefined,
    areaInScope(db, ctx.actor, custodyRequests.areaId),
  ];
  if (q.cursor !== undefined) {
    const after = db.select({ at: custodyRequests.createdAt }).from(custodyRequests).where(eq(custodyRequests.id, q.cursor)).get();
    if (after) conditions.push(or(lt(custodyRequests.createdAt, after.at), and(eq(custodyRequests.createdAt, after.at), lt(custodyRequests.id, q.cursor))));
  }
  const rows = db
    .select()
    .from(custodyRequests)
    .where(and(...conditions))
    .orderBy(desc(custodyRequests.createdAt), desc(custodyRequests.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  return { requests: rows.map((r) => requestView(db, r, now)), now: iso(now), next: rows.length === q.limit ? rows.at(-1)!.id : null };
}
