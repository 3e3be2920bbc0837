import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { placeholders, prepared } from '../db/prepared.ts';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { accessEvents } from '../db/schema/access.ts';
import { assets, custodyRequestItems, custodyRequests, movements } from '../db/schema/custody.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { presenceOf } from '../access/presence.ts';
import { assertSameRequest, idempotencyOf, type Idempotency } from '../access/idempotency.ts';
import { readTag, type TagReading } from '../assets/tag.ts';
import { assetView, findAssetByNumber, type Asset } from '../assets/read.ts';
import { decideMovement, type Candidate } from './movement-rules.ts';
import { itemsOf, kioskActor, movementsUnder, movesPerItem, type CustodyRequest, type Movement } from './query.ts';
import type { MovementInput } from './schemas.ts';

type NewMovement = typeof movements.$inferInsert;
const MOVEMENT_COLUMNS = [
  'assetId', 'scannedCode', 'requestId', 'areaId', 'direction', 'result', 'refusalReason', 'personId', 'accessEventId', 'kioskId', 'occurredAt', 'recordedAt',
  'keyedIn', 'keyedById', 'idempotencyScope', 'idempotencyKey', 'requestHash',
] as const satisfies readonly (keyof NewMovement)[];

/** How long after a person's exit the kiosk may still record what they carry out with it. */
export const EXIT_GRACE_MS = 10 * 60_000;

export function movementView(m: Movement) {
  const { idempotencyScope: _scope, requestHash: _hash, ...rest } = m;
  return { ...rest, occurredAt: iso(m.occurredAt), recordedAt: iso(m.recordedAt) };
}

export interface MovementOutcome {
  movement: ReturnType<typeof movementView>;
  asset: ReturnType<typeof assetView> | null;
  request: { id: number; status: string } | null;
  replayed: boolean;
}

/**
 * Who carries: the person of an identification the kiosk made in this visit (`accessEventId`). It must
 * be an accepted event of a roster person in the movement's area, and either
 *  - the entry of the person's current stay (they are inside now): for carry-ins, and for carry-outs
 *    scanned before they badge out; or
 *  - for a carry-out only, the person's exit, if it is their latest event in the area and at most
 *    EXIT_GRACE_MS old (scanned right after badging out).
 * Anything else is not a movement attempt by an identified person, so it is refused without a record.
 */
export function carrierOf(tx: Tx, input: Pick<MovementInput, 'accessEventId' | 'areaId' | 'direction'>, now: number): number {
  const field = 'body.accessEventId';
  const e = prepared(tx, 'movements.accessEvent', (db) => db.select().from(accessEvents).where(eq(accessEvents.id, sql.placeholder('id'))).prepare()).get({ id: input.accessEventId });
  if (!e) throw AppError.unknown(field, 'access event');
  if (e.areaId !== input.areaId) throw AppError.field(field, 'this identification was made for another area');
  if (e.result !== 'accepted' || e.personId === null) throw AppError.field(field, 'not an accepted identification of a roster person');
  if (e.direction === 'in') {
    if (presenceOf(tx, e.areaId, { personId: e.personId })?.entryEventId !== e.id) {
      throw AppError.conflict(field, 'this entry is no longer the current stay of its person; identify again');
    }
    return e.personId;
  }
  if (input.direction === 'in') throw AppError.field(field, 'a carry-in belongs to an entry: send the entry event of the current stay');
  if (now - e.occurredAt > EXIT_GRACE_MS) throw AppError.conflict(field, 'this exit was recorded too long ago; identify again');
  const later = prepared(tx, 'movements.laterEvent', (db) =>
    db
      .select({ id: accessEvents.id })
      .from(accessEvents)
      .where(and(eq(accessEvents.personId, sql.placeholder('personId')), eq(accessEvents.areaId, sql.placeholder('areaId')), eq(accessEvents.result, 'accepted'), gt(accessEvents.id, sql.placeholder('id'))))
      .prepare(),
  ).get({ personId: e.personId, areaId: e.areaId, id: e.id });
  if (later) throw AppError.conflict(field, 'the person has been recorded again since this exit; identify again');
  return e.personId;
}

/** The asset's last accepted movement anywhere: a round trip's carry-out must follow its own carry-in. */
function lastMovementOf(tx: Tx, assetId: number): number | null {
  return (
    prepared(tx, 'movements.lastOfAsset', (db) =>
      db
        .select({ id: movements.id })
        .from(movements)
        .where(and(eq(movements.assetId, sql.placeholder('assetId')), eq(movements.result, 'accepted')))
        .orderBy(desc(movements.id))
        .limit(1)
        .prepare(),
    ).get({ assetId })?.id ?? null
  );
}

/**
 * The next movement each approved request holding the asset still allows: its own direction while the
 * item has not moved under it, and for a round trip the carry-out after its carry-in (only while that
 * carry-in is still the asset's last movement: the same stay of the same item).
 */
function legOf(tx: Tx, c: Omit<Candidate, 'leg'>, assetId: number): 'in' | 'out' | null {
  const moves = movementsUnder(tx, c.request.id).get(assetId) ?? [];
  if (moves.length === 0) return c.request.kind === 'carry_in' ? 'in' : 'out';
  if (moves.length < movesPerItem(c.request) && moves[0]!.direction === 'in' && lastMovementOf(tx, assetId) === moves[0]!.id) return 'out';
  return null;
}

/** Approved requests holding the asset with a movement still to make under them, and its direction. */
function candidatesFor(tx: Tx, assetId: number): Candidate[] {
  return prepared(tx, 'movements.candidates', (db) =>
    db
      .select({ request: custodyRequests, item: custodyRequestItems })
      .from(custodyRequestItems)
      .innerJoin(custodyRequests, eq(custodyRequests.id, custodyRequestItems.requestId))
      .where(and(eq(custodyRequestItems.assetId, sql.placeholder('assetId')), eq(custodyRequests.status, 'approved')))
      .orderBy(desc(custodyRequests.id))
      .prepare(),
  )
    .all({ assetId })
    .flatMap((c) => {
      const leg = legOf(tx, c, assetId);
      return leg === null ? [] : [{ ...c, leg }];
    });
}

/** An accepted movement moves the asset into the carrier's custody; the request completes with its last item. */
function applyMovement(tx: Tx, asset: Asset, c: Candidate, input: Pick<MovementInput, 'areaId' | 'direction'>, personId: number, now: number): { id: number; status: string } {
  const r = c.request;
  const place =
    input.direction === 'in'
      ? { locationAreaId: input.areaId, status: 'inside' as const, expectedReturnAt: null }
      : { locationAreaId: null, status: r.expectedReturnAt !== null ? ('on_loan' as const) : ('outside' as const), expectedReturnAt: r.expectedReturnAt };
  prepared(tx, 'movements.moveAsset', (db) =>
    db
      .update(assets)
      .set(placeholders<Partial<Asset>>(['locationAreaId', 'status', 'expectedReturnAt', 'custodianId', 'updatedAt']))
      .where(eq(assets.id, sql.placeholder('id')))
      .prepare(),
  ).run({ ...place, custodianId: personId, updatedAt: now, id: asset.id });
  const moved = movementsUnder(tx, r.id);
  const complete = itemsOf(tx, r.id).every(({ item }) => (moved.get(item.assetId)?.length ?? 0) >= movesPerItem(r));
  if (!complete) return { id: r.id, status: r.status };
  prepared(tx, 'movements.completeRequest', (db) =>
    db.update(custodyRequests).set(placeholders<Partial<CustodyRequest>>(['status', 'updatedAt'])).where(eq(custodyRequests.id, sql.placeholder('id'))).prepare(),
  ).run({ status: 'completed', updatedAt: now, id: r.id });
  return { id: r.id, status: 'completed' };
}

function findByKey(tx: Tx, idem: Idempotency): Movement | undefined {
  return prepared(tx, 'movements.byIdempotencyKey', (db) =>
    db.select().from(movements).where(and(eq(movements.idempotencyScope, sql.placeholder('scope')), eq(movements.idempotencyKey, sql.placeholder('key')))).prepare(),
  ).get({ scope: idem.scope, key: idem.key });
}

/** The first result for a repeated key, as things stand now; a key reused for another body is refused. */
function replay(tx: Tx, m: Movement, idem: Idempotency): MovementOutcome {
  assertSameRequest(m.requestHash, idem);
  const asset = m.assetId === null ? undefined : tx.select().from(assets).where(eq(assets.id, m.assetId)).get();
  const request = m.requestId === null ? undefined : tx.select({ id: custodyRequests.id, status: custodyRequests.status }).from(custodyRequests).where(eq(custodyRequests.id, m.requestId)).get();
  return { movement: movementView(m), asset: asset ? assetView(asset) : null, request: request ?? null, replayed: true };
}

/** What a repeated idempotency key answers, or null for a key not seen yet. */
export function earlierOutcome(tx: Tx, idem: Idempotency): MovementOutcome | null {
  const m = findByKey(tx, idem);
  return m ? replay(tx, m, idem) : null;
}

/**
 * How the asset was named: a scanned label (its code, read as a tag), or a 管理番号 keyed in at the kiosk
 * because the label no longer reads, with the person whose passkey was presented to confirm it and
 * whether that person may (a guard or supervisor in good standing: see keyed-in.ts).
 */
export type Reading = { scannedCode: string; keyed: null } | { scannedCode: string; keyed: { assetNumber: string; byId: number; confirmed: boolean } };

/** The movement facts in the caller's transaction: the rules, the row (accepted or refused), the asset, one journal entry. */
export function writeMovement(tx: Tx, ctx: Ctx, kioskId: number, input: Omit<MovementInput, 'scannedCode' | 'idempotencyKey'>, idem: Idempotency, reading: Reading): MovementOutcome {
  const earlier = findByKey(tx, idem);
  if (earlier) return replay(tx, earlier, idem);
  const now = ctx.deps.clock.now();
  const personId = carrierOf(tx, input, now);
  const keyed = reading.keyed;
  const tag: TagReading = keyed ? { ok: true, assetNumber: keyed.assetNumber } : readTag(reading.scannedCode);
  const asset = tag.ok ? findAssetByNumber(tx, tag.assetNumber) : undefined;
  const candidates = asset ? candidatesFor(tx, asset.id) : [];
  const decision = decideMovement({ tag, asset, direction: input.direction, areaId: input.areaId, personId, now, candidates, keyed });
  const movement = prepared(tx, 'movements.insert', (db) =>
    db.insert(movements).values(placeholders<NewMovement>(MOVEMENT_COLUMNS)).returning().prepare(),
  ).get({
    assetId: asset?.id ?? null,
    scannedCode: reading.scannedCode,
    requestId: decision.candidate?.request.id ?? null,
    areaId: input.areaId,
    direction: input.direction,
    result: decision.accepted ? 'accepted' : 'refused',
    refusalReason: decision.accepted ? null : decision.reason,
    personId,
    accessEventId: input.accessEventId,
    kioskId,
    occurredAt: now,
    recordedAt: now,
    keyedIn: keyed !== null,
    keyedById: keyed?.byId ?? null,
    idempotencyScope: idem.scope,
    idempotencyKey: idem.key,
    requestHash: idem.requestHash,
  } satisfies Required<Pick<NewMovement, (typeof MOVEMENT_COLUMNS)[number]>>)!;
  const request = decision.accepted ? applyMovement(tx, asset!, decision.candidate, input, personId, now) : null;
  const after = asset ? prepared(tx, 'movements.assetAfter', (db) => db.select().from(assets).where(eq(assets.id, sql.placeholder('id'))).prepare()).get({ id: asset.id })! : null;
  const action = decision.accepted ? 'movement.recorded' : 'movement.refused';
  recordChange(tx, ctx, { action, entityType: 'movement', entityId: movement.id, data: { ...movement, asset: decision.accepted ? after : null, request } });
  return { movement: movementView(movement), asset: after ? assetView(after) : null, request, replayed: false };
}

function recordMovement(ctx: Ctx, kioskId: number, input: MovementInput, idem: Idempotency): MovementOutcome {
  return transact(ctx.deps.db, (tx) => writeMovement(tx, ctx, kioskId, input, idem, { scannedCode: input.scannedCode, keyed: null }));
}

/**
 * A carry-in or carry-out scanned at the kiosk (C9, C4, C11): idempotency first, then the rules and the
 * write, through the group committer like entries. Every refusal is recorded with its reason.
 */
export async function recordKioskMovement(ctx: Ctx, input: MovementInput): Promise<MovementOutcome> {
  const kiosk = kioskActor(ctx);
  if (!kiosk.areaIds.includes(input.areaId)) throw new AppError('FORBIDDEN', 'this kiosk does not serve this area');
  const idem = idempotencyOf(`kiosk:${kiosk.id}`, input.idempotencyKey, input);
  const earlier = findByKey(ctx.deps.db, idem);
  if (earlier) return replay(ctx.deps.db, earlier, idem);
  return ctx.deps.groupCommit.submit(() => recordMovement(ctx, kiosk.id, input, idem));
}
