import type { Ctx } from '../deps.ts';
import { requirePerson } from '../roster/service.ts';
import { idempotencyOf } from './idempotency.ts';
import { identify } from './identify.ts';
import { kioskServing, recordScan } from './kiosk-event.ts';
import type { AccessOutcome } from './record.ts';
import { scanSource } from '../kiosks/throttle.ts';
import type { BadgeIdentifyInput } from './schemas.ts';

export type BadgeIdentity = { kind: 'identified'; name: string } | ({ kind: 'refused' } & AccessOutcome);

// Nobody has said which way they were going when a badge is scanned at the idle screen. A badge that
// fails there is recorded as a refused entry (the door is where people are kept out) and its note says
// the direction was not chosen; docs/decisions/0010-badge-identified-before-questions.md.
const NO_DIRECTION_NOTE = 'read at the idle screen, before a direction was chosen';

/**
 * A badge read at the kiosk before the person is asked anything (issue 17): the purpose screen then
 * greets them by name, and a forged or revoked badge is turned away before it is asked for a purpose.
 * A genuine badge writes nothing here (the rules are applied when the entry or exit is recorded); a
 * badge that fails identification is a refusal, recorded like every refusal at the kiosk.
 */
export async function identifyBadgeAtKiosk(ctx: Ctx, input: BadgeIdentifyInput): Promise<BadgeIdentity> {
  const actor = kioskServing(ctx, input.areaId);
  const who = await identify(ctx.deps, ctx.requestId, { method: 'badge', payload: input.payload });
  if (!('failure' in who)) return { kind: 'identified', name: requirePerson(ctx.deps.db, who.personId).name };
  const outcome = await recordScan(ctx, scanSource({ badgeSerial: who.badgeSerial ?? null, personId: who.personId, failed: true }), {
      areaId: input.areaId,
      direction: input.direction ?? 'in',
      purpose: '',
      method: 'badge',
      subject: who.personId !== null ? { personId: who.personId } : null,
      identificationFailure: who.failure,
      badgeSerial: who.badgeSerial ?? null,
      credential: null,
      kioskId: actor.id,
      recordedBy: null,
      note: input.direction ? who.detail : `${who.detail}; ${NO_DIRECTION_NOTE}`,
      deviceAt: null,
      // A retried identification (its answer lost on the way) must not record the refusal twice.
      idempotency: idempotencyOf(`kiosk:${actor.id}`, input.idempotencyKey, input),
  });
  return { kind: 'refused', ...outcome };
}
