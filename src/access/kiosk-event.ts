import type { Ctx } from '../deps.ts';
import { AppError } from '../http/app-error.ts';
import { idempotencyOf } from './idempotency.ts';
import { identify } from './identify.ts';
import { previousOutcome, recordAccessIn, type AccessOutcome, type AccessRequest } from './record.ts';
import type { KioskEventInput } from './schemas.ts';
import { countScan, scanSource, throttledUntil, throttleOf } from '../kiosks/throttle.ts';

/** The kiosk acting, if it serves `areaId`: a kiosk records only at its own doors. */
export function kioskServing(ctx: Ctx, areaId: number): Extract<Ctx['actor'], { type: 'kiosk' }> {
  const actor = ctx.actor;
  if (actor.type !== 'kiosk') throw new AppError('FORBIDDEN', 'kiosk only');
  if (!actor.areaIds.includes(areaId)) {
    ctx.deps.log.warn('kiosk recorded for an area it does not serve', { requestId: ctx.requestId, kioskId: actor.id, areaId });
    throw new AppError('FORBIDDEN', 'this kiosk does not serve this area');
  }
  return actor;
}

// An offline queue can hold events for a long weekend; anything older, or in the future, is a wrong clock.
const OFFLINE_MAX_AGE_MS = 7 * 86_400_000;
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A kiosk's entry or exit: idempotency first for a passkey (a retry must not re-run the ceremony),
 * then identification (async), then the rules and the write in one transaction. Every refusal is recorded.
 */
export async function recordKioskEvent(ctx: Ctx, input: KioskEventInput): Promise<AccessOutcome> {
  const actor = kioskServing(ctx, input.areaId);
  const now = ctx.deps.clock.now();
  if (input.deviceAt !== undefined && input.deviceAt > now + CLOCK_SKEW_MS) {
    throw AppError.field('body.deviceAt', 'is in the future: the kiosk clock is wrong');
  }
  // Issue 19: an event kept on the tablet past the offline window is not an entry or exit any more, but
  // it is not thrown away either: it is recorded as a refused late record, with its device time and the
  // person its badge names, so that the kiosk can drop it and a guard can enter the stay from paper.
  const late = input.deviceAt !== undefined && input.deviceAt < now - OFFLINE_MAX_AGE_MS;
  const revokedAt = actor.revokedAt;
  if (revokedAt !== undefined && (input.deviceAt === undefined || input.deviceAt > revokedAt)) {
    throw new AppError('UNAUTHENTICATED', 'this kiosk was revoked: it may only hand over what it recorded before');
  }
  // Why an event kept on the tablet is recorded as a refusal whoever it names: its kiosk was revoked, or it is too old.
  const since = input.deviceAt !== undefined ? `kept on the kiosk since ${new Date(input.deviceAt).toISOString()}` : '';
  const kept =
    revokedAt !== undefined
      ? { reason: 'kiosk_revoked' as const, note: `${since}; the kiosk was revoked at ${new Date(revokedAt).toISOString()}` }
      : late
        ? { reason: 'late_record' as const, note: `${since}, past the ${OFFLINE_MAX_AGE_MS / 86_400_000}-day offline window` }
        : null;
  const idempotency = idempotencyOf(`kiosk:${actor.id}`, input.idempotencyKey, input);
  // A retried passkey event must not need a second ceremony (its challenge is spent): answer it from
  // the first result before verifying. A badge is only read, and recordAccess looks the key up again
  // inside its transaction anyway, so a badge event skips this extra read.
  if (input.identification.method === 'passkey') {
    const earlier = previousOutcome(ctx, idempotency);
    if (earlier) return earlier;
  }

  const who = await identify(ctx.deps, ctx.requestId, input.identification);
  const failed = 'failure' in who;
  const badgeSerial = who.method === 'badge' ? (who.badgeSerial ?? null) : null;
  const source = scanSource({ badgeSerial, personId: who.personId, failed });
  return recordScan(ctx, source, {
    areaId: input.areaId,
    direction: input.direction,
    purpose: input.purpose,
    method: who.method,
    subject: who.personId !== null ? { personId: who.personId } : null,
    identificationFailure: failed ? who.failure : kept?.reason,
    badgeSerial,
    credential: !failed && who.method === 'passkey' ? { id: who.credentialId, newCounter: who.newCounter } : null,
    kioskId: actor.id,
    recordedBy: null,
    note: failed ? who.detail : (kept?.note ?? ''),
    deviceAt: input.deviceAt ?? null,
    idempotency,
  });
}

/**
 * A scan at a kiosk, recorded in the next group commit as its source's throttle allows: a source that
 * keeps scanning badly is made to wait (src/kiosks/throttle.ts) and its scans are still recorded, as
 * refusals; everyone else at the door is not affected. The scan's result counts against its source.
 * Events the kiosk kept while offline (deviceAt) were scanned then, not now: they are neither held back
 * nor counted, or a tablet sending a day's queue (or a week-old late record) would pause the people in it.
 */
export function recordScan(ctx: Ctx, source: string, request: AccessRequest & { kioskId: number }): Promise<AccessOutcome> {
  const queued = request.deviceAt !== null;
  // The group committer runs each unit in a savepoint of its own (src/db/group-commit.ts): the throttle
  // read, the event and the count commit or roll back together without another one here, and the
  // event is recorded in that same savepoint (recordAccessIn, not recordAccess's own transaction).
  return ctx.deps.groupCommit.submit(() => {
    const db = ctx.deps.db;
    const throttle = queued ? undefined : throttleOf(db, request.kioskId, source);
    const until = queued ? null : throttledUntil(throttle, ctx.deps.clock.now());
    const outcome = recordAccessIn(
      db,
      ctx,
      until === null ? request : { ...request, identificationFailure: 'throttled', note: `too many refused scans from this source: refused until ${new Date(until).toISOString()}` },
    );
    // The row read above is still the row: nothing in recordAccess writes throttles.
    if (!outcome.replayed && until === null && !queued) countScan(db, ctx, request.kioskId, source, outcome.event.result === 'refused', throttle);
    return outcome;
  });
}
