import type { Ctx } from '../deps.ts';
import { AppError } from '../http/app-error.ts';
import { idempotencyOf, type Idempotency } from './idempotency.ts';
import { previousOutcome, recordAccess, type AccessOutcome } from './record.ts';

function guardId(ctx: Ctx): number {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'guards only');
  return ctx.actor.id;
}

function idempotencyFor(ctx: Ctx, key: string | undefined, body: unknown): Idempotency | null {
  return key ? idempotencyOf(`person:${guardId(ctx)}`, key, body) : null;
}

/** A guard records an entry or exit for a roster person (B4 guard-recorded), with the reason. */
export function recordByGuard(ctx: Ctx, input: { idempotencyKey?: string | undefined; areaId: number; direction: 'in' | 'out'; purpose: string; personId: number; reason: string }): AccessOutcome {
  const idempotency = idempotencyFor(ctx, input.idempotencyKey, input);
  const earlier = previousOutcome(ctx, idempotency);
  if (earlier) return earlier;
  return recordAccess(ctx, {
    areaId: input.areaId,
    direction: input.direction,
    purpose: input.purpose,
    method: 'guard',
    subject: { personId: input.personId },
    kioskId: null,
    recordedBy: guardId(ctx),
    note: input.reason,
    deviceAt: null,
    idempotency,
  });
}

/** A visitor's entry or exit, recorded by the guard who lets them through (B11). */
export function recordVisitorAccess(ctx: Ctx, visitorId: number, input: { idempotencyKey?: string | undefined; areaId: number; direction: 'in' | 'out' }): AccessOutcome {
  const idempotency = idempotencyFor(ctx, input.idempotencyKey, { visitorId, ...input });
  const earlier = previousOutcome(ctx, idempotency);
  if (earlier) return earlier;
  return recordAccess(ctx, {
    areaId: input.areaId,
    direction: input.direction,
    purpose: '',
    method: 'guard',
    subject: { visitorId },
    kioskId: null,
    recordedBy: guardId(ctx),
    note: '',
    deviceAt: null,
    idempotency,
  });
}
