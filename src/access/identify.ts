import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Deps } from '../deps.ts';
import type { RefusalReason } from '../db/schema/access.ts';
import { AppError } from '../http/app-error.ts';
import { verifyAssertion } from '../auth/assertion.ts';
import { isChallengeRefusal } from '../auth/challenges.ts';
import { findBadge, readBadgePayload } from '../badges/service.ts';

/** Who the kiosk identified, or why it could not: a failed identification is itself a refusal to record. */
export type Identification =
  | { method: 'passkey'; personId: number; credentialId: string; newCounter: number }
  | { method: 'badge'; personId: number; badgeSerial: number }
  | { method: 'passkey' | 'badge'; personId: number | null; badgeSerial?: number; failure: RefusalReason; detail: string };

export type IdentificationInput = { method: 'passkey'; response: AuthenticationResponseJSON } | { method: 'badge'; payload: string };

/** Runs before the transaction: passkey verification is asynchronous. */
export async function identify(deps: Deps, requestId: string | null, input: IdentificationInput): Promise<Identification> {
  if (input.method === 'badge') {
    const read = readBadgePayload(deps.signingKey, input.payload);
    if (!read) return { method: 'badge', personId: null, failure: 'badge_forged', detail: 'the badge signature does not verify' };
    const badge = findBadge(deps.db, read.serial);
    if (!badge || badge.personId !== read.personId) return { method: 'badge', personId: null, failure: 'badge_forged', detail: 'no such badge was issued' };
    if (badge.revokedAt !== null) return { method: 'badge', personId: badge.personId, badgeSerial: badge.serial, failure: 'badge_revoked', detail: `badge ${badge.serial} was revoked (${badge.revokeReason})` };
    return { method: 'badge', personId: badge.personId, badgeSerial: badge.serial };
  }
  try {
    const { credential, person, newCounter } = await verifyAssertion(deps, requestId, 'identify', input.response);
    return { method: 'passkey', personId: person.id, credentialId: credential.id, newCounter };
  } catch (err) {
    // Only the verifier's own refusals become a recorded refusal; anything else is a bug and propagates.
    // A replayed or expired challenge at the door is recorded as a refusal too (someone tried it there).
    if (err instanceof AppError && (err.code === 'UNAUTHENTICATED' || isChallengeRefusal(err))) return { method: 'passkey', personId: null, failure: 'passkey_not_verified', detail: err.message };
    throw err;
  }
}
