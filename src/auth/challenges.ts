import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { challenges, type ChallengePurpose } from '../db/schema/auth.ts';
import { AppError } from '../http/app-error.ts';

export type Challenge = typeof challenges.$inferSelect;

export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Where a ceremony's answer carries its challenge. A challenge that is unknown, expired, used, or issued
 * for something else is a stale step of the ceremony, not a failed authentication: the session (or the
 * kiosk token) is fine, so it is 409 naming this field, never 401 (a client would sign out on a 401).
 */
export const CHALLENGE_FIELD = 'body.response.response.clientDataJSON';

/**
 * Stores a challenge the server generated. Challenges are authentication bookkeeping, not ledger
 * state: they are not journaled (an anonymous flood of options requests must not grow the journal).
 */
export function storeChallenge(deps: Deps, challenge: string, purpose: ChallengePurpose, extra: { enrolmentId?: number; binding?: string } = {}): void {
  const now = deps.clock.now();
  // Expired challenges are useless, and a registration's binding holds the name typed on the form.
  deps.db.delete(challenges).where(lte(challenges.expiresAt, now)).run();
  deps.db
    .insert(challenges)
    .values({ challenge, purpose, enrolmentId: extra.enrolmentId ?? null, binding: extra.binding ?? null, expiresAt: now + CHALLENGE_TTL_MS })
    .run();
}

/**
 * Takes the challenge out of the table, atomically: a second use, an expired one or one for another
 * purpose is refused. Deleting rather than marking it used leaves nothing behind (its binding may hold
 * the name typed on the setup form).
 */
export function consumeChallenge(deps: Deps, challenge: string, purpose: ChallengePurpose): Challenge {
  const now = deps.clock.now();
  const row = deps.db
    .delete(challenges)
    .where(and(eq(challenges.challenge, challenge), eq(challenges.purpose, purpose), isNull(challenges.usedAt), gt(challenges.expiresAt, now)))
    .returning()
    .get();
  if (!row) throw AppError.conflict(CHALLENGE_FIELD, 'challenge unknown, expired or already used; start again');
  return row;
}

/** Whether `err` refuses a ceremony's challenge (consumeChallenge and the bindings checked after it). */
export function isChallengeRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.code === 'CONFLICT' && (err.details?.issues as { path: string }[] | undefined)?.[0]?.path === CHALLENGE_FIELD;
}

/** The challenge a WebAuthn response answers, read from its clientDataJSON. */
export function challengeOf(clientDataJSON: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown }).challenge;
    if (typeof challenge === 'string' && challenge.length > 0) return challenge;
  } catch {
    // fall through: a malformed clientDataJSON is the client's mistake
  }
  throw AppError.field(CHALLENGE_FIELD, 'not a WebAuthn client data JSON with a challenge');
}
