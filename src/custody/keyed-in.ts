import { sql } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { assets } from '../db/schema/custody.ts';
import { CHALLENGE_FIELD } from '../auth/challenges.ts';
import { AppError } from '../http/app-error.ts';
import { idempotencyOf } from '../access/idempotency.ts';
import { advanceCounter, beginAssertion, verifyAssertion } from '../auth/assertion.ts';
import { reachesAll } from '../auth/scope.ts';
import { trace } from '../auth/scope-trace.ts';
import { actorOfPerson } from '../actor.ts';
import { findAssetByNumber, type Asset } from '../assets/read.ts';
import { rosterStanding } from '../roster/standing.ts';
import { carrierOf, earlierOutcome, writeMovement, type MovementOutcome } from './movements.ts';
import { kioskActor } from './query.ts';
import type { KeyedMovementInput, KeyedOptionsInput } from './schemas.ts';

/**
 * A damaged label (issue 15 item 8): when an asset's QR no longer reads, a guard keys in its 管理番号 at
 * the kiosk and confirms it with their own passkey. The challenge is bound to exactly what is recorded
 * (kiosk, area, direction, asset, the carrier's identification), so the guard's touch vouches for this
 * one movement. The movement then meets the same rules as a scanned one, and is marked keyed-in.
 */

/** The asset the number names: as registered, or the same letters in another case (a tablet keyboard's capitals). */
function keyedAsset(tx: Tx, typed: string): Asset {
  const asset =
    findAssetByNumber(tx, typed) ??
    tx
      .select()
      .from(assets)
      .where(sql`lower(${assets.assetNumber}) = lower(${typed})`)
      .get();
  if (!asset) throw AppError.field('body.assetNumber', 'no asset is registered with this number');
  return asset;
}

function bindingFor(kioskId: number, input: KeyedOptionsInput, assetNumber: string): string {
  return JSON.stringify({ use: 'keyed_movement', kioskId, areaId: input.areaId, direction: input.direction, assetNumber, accessEventId: input.accessEventId });
}

function assertServes(kiosk: { areaIds: number[] }, areaId: number): void {
  if (!kiosk.areaIds.includes(areaId)) throw new AppError('FORBIDDEN', 'this kiosk does not serve this area');
}

/** The guard's assertion options for one keyed-in movement, and what the kiosk shows the guard before they touch their key. */
export async function keyedOptions(ctx: Ctx, input: KeyedOptionsInput) {
  const kiosk = kioskActor(ctx);
  assertServes(kiosk, input.areaId);
  const db = ctx.deps.db;
  carrierOf(db, input, ctx.deps.clock.now());
  const asset = keyedAsset(db, input.assetNumber);
  const context = { asset: { id: asset.id, assetNumber: asset.assetNumber, kind: asset.kind, description: asset.description }, areaId: input.areaId, direction: input.direction };
  return { options: await beginAssertion(ctx.deps, 'sign', bindingFor(kiosk.id, input, asset.assetNumber)), context };
}

/** Who may confirm a keyed-in number: a guard or a supervisor who may work now. */
function mayConfirm(person: { roles: readonly string[] } & Parameters<typeof rosterStanding>[0], now: number): boolean {
  return rosterStanding(person, now) === 'ok' && person.roles.some((r) => r === 'guard' || r === 'supervisor');
}

/**
 * Records the keyed-in movement once the passkey verifies. Anyone else's passkey (a worker's, the
 * carrier's own) is refused, and that refusal is itself recorded as a refused movement naming whose key
 * it was. A retry with the same idempotency key answers the first outcome without a second ceremony.
 */
export async function recordKeyedMovement(ctx: Ctx, input: KeyedMovementInput): Promise<MovementOutcome> {
  const kiosk = kioskActor(ctx);
  assertServes(kiosk, input.areaId);
  const { deps, requestId: httpRequestId } = ctx;
  const { response, idempotencyKey, ...movement } = input;
  const idem = idempotencyOf(`kiosk:${kiosk.id}`, idempotencyKey, movement);
  const earlier = earlierOutcome(deps.db, idem);
  if (earlier) return earlier;
  const { credential, person, challenge, newCounter } = await verifyAssertion(deps, httpRequestId, 'sign', response);
  const assetNumber = keyedAsset(deps.db, movement.assetNumber).assetNumber;
  if (challenge.binding !== bindingFor(kiosk.id, movement, assetNumber)) {
    throw AppError.conflict(CHALLENGE_FIELD, 'this passkey challenge was issued for another asset, person or kiosk; start again');
  }
  // A guard of another site confirms nothing here (F4): their key is recorded like anyone else's.
  const confirmed = mayConfirm(person, deps.clock.now()) && reachesAll(actorOfPerson(person, null), trace.area(deps.db, movement.areaId) ?? []);
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, httpRequestId, credential.id, newCounter);
    if (refused) return { refused };
    const keyed = { assetNumber, byId: person.id, confirmed };
    return { done: writeMovement(tx, ctx, kiosk.id, movement, idem, { scannedCode: assetNumber, keyed }) };
  });
  // Thrown after the transaction, so that a lock written for a cloned key is kept.
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  return outcome.done;
}
