import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { accessEvents } from '../db/schema/access.ts';
import { assets, exitConfirmations, movements } from '../db/schema/custody.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { tagPayload } from '../assets/tag.ts';
import type { Asset } from '../assets/read.ts';
import { kioskActor, type Movement } from './query.ts';
import { EXIT_GRACE_MS } from './movements.ts';
import { canLeaveNow, roundTripsInside } from './round-trips.ts';
import type { ConfirmationInput } from './schemas.ts';

type AccessEvent = typeof accessEvents.$inferSelect;
type Confirmation = typeof exitConfirmations.$inferSelect;

/** The entry that opened the visit: an accepted entry of a roster person, in one of this kiosk's areas. */
function requireEntry(tx: Tx, ctx: Ctx, entryEventId: number): AccessEvent & { personId: number } {
  const kiosk = kioskActor(ctx);
  const e = tx.select().from(accessEvents).where(eq(accessEvents.id, entryEventId)).get();
  if (!e || e.direction !== 'in' || e.result !== 'accepted' || e.personId === null) throw AppError.notFound('entry of a roster person');
  if (!kiosk.areaIds.includes(e.areaId)) throw new AppError('FORBIDDEN', 'this kiosk does not serve the area of this entry');
  return e as AccessEvent & { personId: number };
}

/** What the person carried in on this entry: the accepted carry-ins made against it (see movements.ts). */
function carriedIn(tx: Tx, entry: AccessEvent): { movement: Movement; asset: Asset }[] {
  return tx
    .select({ movement: movements, asset: assets })
    .from(movements)
    .innerJoin(assets, eq(assets.id, movements.assetId))
    .where(and(eq(movements.accessEventId, entry.id), eq(movements.direction, 'in'), eq(movements.result, 'accepted')))
    .orderBy(asc(movements.id))
    .all();
}

/** Still inside from this carry-in: in the area, and nothing has moved the asset since. */
function stillInside(tx: Tx, movement: Movement, asset: Asset): boolean {
  if (asset.locationAreaId !== movement.areaId) return false;
  const last = tx
    .select({ id: movements.id })
    .from(movements)
    .where(and(eq(movements.assetId, asset.id), eq(movements.result, 'accepted')))
    .orderBy(desc(movements.id))
    .limit(1)
    .get();
  return last?.id === movement.id;
}

function confirmationsOf(tx: Tx, entryEventId: number): Map<number, Confirmation> {
  const rows = tx.select().from(exitConfirmations).where(eq(exitConfirmations.entryEventId, entryEventId)).all();
  return new Map(rows.map((c) => [c.assetId, c]));
}

const confirmationView = (c: Confirmation) => ({ assetId: c.assetId, answer: c.answer, movementId: c.movementId, at: iso(c.at) });

/**
 * Item 6: at exit, the assets the person carried in during this stay that are still inside. Those that
 * came in on a round trip (持込（当日持出）) say so, and whether its approval still lets them leave now.
 */
export function visitAssets(ctx: Ctx, entryEventId: number) {
  const db = ctx.deps.db;
  const now = ctx.deps.clock.now();
  const entry = requireEntry(db, ctx, entryEventId);
  const confirmed = confirmationsOf(db, entry.id);
  const inside = carriedIn(db, entry).filter(({ movement, asset }) => stillInside(db, movement, asset));
  const trips = new Map(roundTripsInside(db, { assetIds: inside.map((i) => i.asset.id) }).map((s) => [s.movementId, s]));
  const roundTrip = (movementId: number) => {
    const s = trips.get(movementId);
    return s ? { requestId: s.requestId, dueOutAt: iso(s.dueOutAt), canLeaveNow: canLeaveNow(s, now) } : null;
  };
  return {
    entryEventId: entry.id,
    personId: entry.personId,
    areaId: entry.areaId,
    assets: inside.map(({ movement, asset }) => ({
      assetId: asset.id,
      assetNumber: asset.assetNumber,
      tag: tagPayload(asset.assetNumber),
      kind: asset.kind,
      description: asset.description,
      carriedInAt: iso(movement.occurredAt),
      movementId: movement.id,
      roundTrip: roundTrip(movement.id),
      confirmation: confirmed.has(asset.id) ? confirmationView(confirmed.get(asset.id)!) : null,
    })),
  };
}

/**
 * The visit an exit just closed, for the kiosk's reconciliation right after the person badges out: the
 * exit's person's last accepted entry to the same area before it. Only while the exit is recent (the
 * grace in which carry-outs may still be scanned against it), so an old exit reveals nothing.
 */
export function visitOfExit(ctx: Ctx, exitEventId: number) {
  const db = ctx.deps.db;
  const kiosk = kioskActor(ctx);
  const exit = db.select().from(accessEvents).where(eq(accessEvents.id, exitEventId)).get();
  if (!exit || exit.direction !== 'out' || exit.result !== 'accepted' || exit.personId === null) throw AppError.notFound('exit of a roster person');
  if (!kiosk.areaIds.includes(exit.areaId)) throw new AppError('FORBIDDEN', 'this kiosk does not serve the area of this exit');
  if (ctx.deps.clock.now() - exit.occurredAt > EXIT_GRACE_MS) throw AppError.conflict('param.exitEventId', 'this exit was recorded too long ago; identify again');
  const entry = db
    .select({ id: accessEvents.id })
    .from(accessEvents)
    .where(and(eq(accessEvents.personId, exit.personId), eq(accessEvents.areaId, exit.areaId), eq(accessEvents.direction, 'in'), eq(accessEvents.result, 'accepted'), lt(accessEvents.id, exit.id)))
    .orderBy(desc(accessEvents.id))
    .limit(1)
    .get();
  if (!entry) return { entryEventId: null, personId: exit.personId, areaId: exit.areaId, assets: [] };
  return visitAssets(ctx, entry.id);
}

/** A carried_out answer names the accepted carry-out of that asset by this person from this area, after the carry-in. */
function checkCarryOut(tx: Tx, entry: AccessEvent, carryIn: Movement, a: ConfirmationInput, field: string): void {
  const m = tx.select().from(movements).where(eq(movements.id, a.movementId!)).get();
  const fits = m && m.result === 'accepted' && m.direction === 'out' && m.assetId === a.assetId && m.personId === entry.personId && m.areaId === entry.areaId && m.id > carryIn.id;
  if (!fits) throw AppError.field(`${field}.movementId`, 'not an accepted carry-out of this asset by this person since the carry-in');
}

function sameAnswer(c: Confirmation, a: ConfirmationInput): boolean {
  return c.answer === a.answer && c.movementId === (a.movementId ?? null);
}

/**
 * Records what the person said about each asset carried in on this entry: left on purpose (it must
 * still be inside) or carried out now (naming the carry-out just scanned). A repeated identical answer
 * is a retry and is not written again; a different answer to an asset already answered is refused.
 * One journal entry for the answers written.
 */
export function confirmExit(ctx: Ctx, entryEventId: number, answers: ConfirmationInput[]) {
  return transact(ctx.deps.db, (tx) => {
    const entry = requireEntry(tx, ctx, entryEventId);
    const carried = new Map(carriedIn(tx, entry).map((c) => [c.asset.id, c]));
    const existing = confirmationsOf(tx, entry.id);
    const fresh = answers.filter((a, i) => {
      const field = `body.answers.${i}`;
      const c = carried.get(a.assetId);
      if (!c) throw AppError.field(`${field}.assetId`, 'this asset was not carried in on this entry');
      const before = existing.get(a.assetId);
      if (before) {
        if (sameAnswer(before, a)) return false;
        throw AppError.conflict(`${field}.answer`, `${c.asset.assetNumber} was already answered (${before.answer})`);
      }
      if (a.answer === 'left_on_purpose' && !stillInside(tx, c.movement, c.asset)) {
        throw AppError.conflict(`${field}.answer`, `${c.asset.assetNumber} is no longer inside: answer carried_out with its carry-out`);
      }
      if (a.answer === 'carried_out') checkCarryOut(tx, entry, c.movement, a, field);
      return true;
    });
    if (fresh.length === 0) return { entryEventId: entry.id, confirmations: [...existing.values()].map(confirmationView), replayed: true };
    const kioskId = kioskActor(ctx).id;
    const now = ctx.deps.clock.now();
    const rows = fresh.map((a) =>
      tx
        .insert(exitConfirmations)
        .values({ entryEventId: entry.id, assetId: a.assetId, answer: a.answer, movementId: a.movementId ?? null, personId: entry.personId, kioskId, at: now })
        .returning()
        .get(),
    );
    recordChange(tx, ctx, { action: 'exit_confirmations.recorded', entityType: 'access_event', entityId: entry.id, data: { entryEventId: entry.id, personId: entry.personId, confirmations: rows } });
    const all = confirmationsOf(tx, entry.id);
    return { entryEventId: entry.id, confirmations: [...all.values()].map(confirmationView), replayed: false };
  });
}
