import { eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { credentials, type ChallengePurpose } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { appendJournal } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { rosterStanding, type Person } from '../roster/standing.ts';
import { SYSTEM, actorOfPerson, type Actor } from '../actor.ts';
import { challengeOf, consumeChallenge, storeChallenge, type Challenge } from './challenges.ts';
import { insertSession, revokeSessions } from './sessions.ts';
import { webauthn } from './webauthn.ts';

export type Credential = typeof credentials.$inferSelect;

/** Usernameless options: no allowCredentials, so the authenticator offers its discoverable credential. */
export async function beginAssertion(deps: Deps, purpose: ChallengePurpose, binding?: string) {
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({ rpID: deps.config.rpId, userVerification: 'required', allowCredentials: [] });
  storeChallenge(deps, options.challenge, purpose, binding === undefined ? {} : { binding });
  return options;
}

/**
 * Verifies an assertion against a single-use challenge of `purpose` and returns who made it. Shared by
 * console sign-in, kiosk identification and ledger sign-off. The counter is checked here rather than by
 * the library so that a regression (a cloned authenticator) can lock the credential, with a journal entry.
 */
export async function verifyAssertion(
  deps: Deps,
  requestId: string | null,
  purpose: ChallengePurpose,
  response: AuthenticationResponseJSON,
): Promise<{ credential: Credential; person: Person; challenge: Challenge; newCounter: number }> {
  const challenge = consumeChallenge(deps, challengeOf(response.response.clientDataJSON), purpose);
  const credential = deps.db.select().from(credentials).where(eq(credentials.id, response.id)).get();
  if (!credential || credential.revokedAt !== null) throw new AppError('UNAUTHENTICATED', 'this passkey is not registered or was revoked');
  if (credential.lockedAt !== null) throw new AppError('UNAUTHENTICATED', 'this passkey is locked; ask an admin');
  const person = deps.db.select().from(people).where(eq(people.id, credential.personId)).get()!;
  if (response.response.userHandle !== undefined && response.response.userHandle !== person.userHandle) {
    throw new AppError('UNAUTHENTICATED', 'passkey does not belong to this account');
  }

  const { verifyAuthenticationResponse } = await webauthn();
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.config.rpOrigin,
      expectedRPID: deps.config.rpId,
      requireUserVerification: true,
      credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: 0, transports: [] },
    });
    if (!result.verified) throw new Error('signature did not verify');
    newCounter = result.authenticationInfo.newCounter;
  } catch (err) {
    deps.log.warn('passkey assertion refused', { requestId, reason: (err as Error).message });
    throw new AppError('UNAUTHENTICATED', `passkey verification failed: ${(err as Error).message}`);
  }

  if (counterRegressed(credential.counter, newCounter)) {
    transact(deps.db, (tx) => lockForRegression(tx, deps, requestId, credential, newCounter));
    throw new AppError('UNAUTHENTICATED', LOCKED_MESSAGE);
  }
  return { credential, person, challenge, newCounter };
}

const LOCKED_MESSAGE = 'this passkey reported a signature counter that went backwards and has been locked; ask an admin';

/** A counter that did not move forward, from an authenticator that keeps one: the mark of a cloned authenticator. */
function counterRegressed(stored: number, presented: number): boolean {
  return (presented > 0 || stored > 0) && presented <= stored;
}

function lockForRegression(tx: Tx, deps: Deps, requestId: string | null, credential: Credential, presented: number): void {
  const now = deps.clock.now();
  tx.update(credentials).set({ lockedAt: now }).where(eq(credentials.id, credential.id)).run();
  const sessionsRevoked = revokeSessions(tx, { credentialId: credential.id }, now);
  appendJournal(tx, {
    at: now,
    actor: SYSTEM,
    requestId,
    action: 'credential.locked',
    entityType: 'credential',
    entityId: credential.id,
    data: { credentialId: credential.id, personId: credential.personId, storedCounter: credential.counter, presentedCounter: presented, reason: 'counter_regression', sessionsRevoked },
  });
}

/**
 * Records a verified assertion's counter inside the caller's transaction, or says why it is refused.
 * verifyAssertion read the credential before its async verification; a concurrent assertion may have
 * moved the counter since (two uses of a cloned authenticator at once), so the check is repeated here,
 * where no other write can interleave, and a regression found now locks the credential too.
 */
export function advanceCounter(tx: Tx, deps: Deps, requestId: string | null, credentialId: string, presented: number): string | null {
  const current = tx.select().from(credentials).where(eq(credentials.id, credentialId)).get();
  if (!current || current.revokedAt !== null) return 'this passkey was revoked meanwhile';
  if (current.lockedAt !== null) return 'this passkey was locked meanwhile; ask an admin';
  if (counterRegressed(current.counter, presented)) {
    lockForRegression(tx, deps, requestId, current, presented);
    return LOCKED_MESSAGE;
  }
  tx.update(credentials).set({ counter: presented, lastUsedAt: deps.clock.now() }).where(eq(credentials.id, credentialId)).run();
  return null;
}

/** Console sign-in: a fresh session (new token every time: no fixation), one journal entry. */
export async function signIn(deps: Deps, requestId: string | null, response: AuthenticationResponseJSON) {
  const { credential, person, newCounter } = await verifyAssertion(deps, requestId, 'login', response);
  const standing = rosterStanding(person, deps.clock.now());
  if (standing !== 'ok') throw new AppError('FORBIDDEN', `this account cannot sign in: ${standing}`);
  const outcome = transact(deps.db, (tx) => {
    const now = deps.clock.now();
    const refused = advanceCounter(tx, deps, requestId, credential.id, newCounter);
    if (refused) return { ok: false as const, refused };
    const { token, session } = insertSession(tx, deps, person.id, credential.id);
    const actor = actorOfPerson(person, session.id);
    const { tokenHash: _secret, csrfToken: _csrf, ...recorded } = session;
    appendJournal(tx, { at: now, actor, requestId, action: 'session.created', entityType: 'session', entityId: session.id, data: recorded });
    return { ok: true as const, person, token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });
  // Thrown after the transaction so that a lock it wrote is committed.
  if (!outcome.ok) throw new AppError('UNAUTHENTICATED', outcome.refused);
  return outcome;
}
