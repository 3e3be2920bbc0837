import { ApiError } from '../shared/api.ts';
import { isUnreachable, kioskCall } from './device.ts';
import { enqueue, flush, pending, QueueFull, type EventBody } from './outbox.ts';
import { uuidv7 } from './keys.ts';

export type Direction = 'in' | 'out';
export type Identification = EventBody['identification'];

export type Warning =
  | { code: 'last_person_out'; remainingPersonId: number | null }
  | { code: 'alone_in_two_person_area' }
  | { code: 'out_of_sequence'; detail: 'already_inside' | 'not_inside' };

/** The part of the server's access event view the tablet shows. */
export interface AccessEventView {
  id: number;
  direction: Direction;
  result: 'accepted' | 'refused';
  refusalReason: string | null;
  nameSnapshot: string | null;
  affiliationSnapshot: string | null;
  occurredAt: string;
}

export interface Outcome {
  event: AccessEventView;
  warnings: Warning[];
  replayed: boolean;
}

export type SubmitResult =
  | { kind: 'recorded'; outcome: Outcome }
  | { kind: 'queued'; direction: Direction; deviceAt: string }
  | { kind: 'passkey-offline' }
  | { kind: 'queue-failed' }
  | { kind: 'queue-full' }
  | { kind: 'failed'; status: number; code: string };

/**
 * A new idempotency key: a UUIDv7, ordered by the tablet's clock (./keys.ts, issue 20). Kiosks built
 * before it sent random UUIDs (or 32 hex digits where randomUUID was missing); the server still takes
 * those, so a queue kept across an update is handed over as it is.
 */
export function newIdempotencyKey(): string {
  return uuidv7();
}

async function keep(body: EventBody): Promise<SubmitResult> {
  const at = new Date();
  try {
    await enqueue(body, at);
  } catch (err) {
    return { kind: err instanceof QueueFull ? 'queue-full' : 'queue-failed' };
  }
  return { kind: 'queued', direction: body.direction, deviceAt: at.toISOString() };
}

/**
 * Records one entry or exit. A badge event that cannot reach the server is kept on the tablet with its
 * idempotency key and device time; while older events wait, new badge events queue behind them so the
 * server receives them in the order people badged.
 */
export async function submitEvent(input: { areaId: number; direction: Direction; purpose: string; identification: Identification }): Promise<SubmitResult> {
  const body: EventBody = { idempotencyKey: newIdempotencyKey(), ...input, purpose: input.direction === 'in' ? input.purpose : '' };
  const badge = input.identification.method === 'badge';
  if (badge && pending.get() > 0) {
    await flush().catch(() => undefined);
    if (pending.get() > 0) return keep(body);
  }
  try {
    return { kind: 'recorded', outcome: await kioskCall<Outcome>('/api/kiosk/events', { body }) };
  } catch (err) {
    if (isUnreachable(err)) return badge ? keep(body) : { kind: 'passkey-offline' };
    if (err instanceof ApiError) return { kind: 'failed', status: err.status, code: err.body.code };
    throw err;
  }
}

export type BadgeCheck = { kind: 'identified'; name: string } | { kind: 'refused'; outcome: Outcome } | { kind: 'offline' } | { kind: 'failed'; status: number; code: string };

/**
 * Whose badge this is, asked before the person is asked anything (issue 17). A forged or revoked badge
 * comes back as its recorded refusal. `direction` is null at the idle screen, before one was chosen.
 */
export async function checkBadge(areaId: number, direction: Direction | null, payload: string): Promise<BadgeCheck> {
  const body = { idempotencyKey: newIdempotencyKey(), areaId, payload, ...(direction ? { direction } : {}) };
  try {
    const answer = await kioskCall<{ kind: 'identified'; name: string } | ({ kind: 'refused' } & Outcome)>('/api/kiosk/identify/badge', { body });
    if (answer.kind === 'identified') return answer;
    const { kind: _kind, ...outcome } = answer;
    return { kind: 'refused', outcome };
  } catch (err) {
    if (isUnreachable(err)) return { kind: 'offline' };
    if (err instanceof ApiError) return { kind: 'failed', status: err.status, code: err.body.code };
    throw err;
  }
}
