import { and, eq, isNull } from 'drizzle-orm';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { credentials, type ChallengePurpose } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { appendJournal } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { rosterStanding, type Person } from '../roster/service.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { challengeOf, consumeChallenge, storeChallenge, type Challenge } from './challenges.ts';
import { insertSession } from './sessions.ts';

export type Credential = typeof credentials.$inferSelect;

/** Usernameless options: no allowCredentials, so the authenticator offers its discoverable credential. */
export async function beginAssertion(deps: Deps, purpose: ChallengePurpose, binding?: string) {
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

  if ((newCounter > 0 || credential.counter > 0) && newCounter <= credential.counter) {
    transact(deps.db, (tx) => {
      const now = deps.clock.now();
      tx.update(credentials).set({ lockedAt: now }).where(eq(credentials.id, credential.id)).run();
      appendJournal(tx, {
        at: now,
        actor: SYSTEM,
        requestId,
        action: 'credential.locked',
        entityType: 'credential',
        entityId: credential.id,
        data: { credentialId: credential.id, personId: person.id, storedCounter: credential.counter, presentedCounter: newCounter, reason: 'counter_regression' },
      });
    });
    throw new AppError('UNAUTHENTICATED', 'this passkey reported a signature counter that went backwards and has been locked; ask an admin');
  }
  return { credential, person, challenge, newCounter };
}

/** Console sign-in: a fresh session (new token every time: no fixation), one journal entry. */
export async function signIn(deps: Deps, requestId: string | null, response: AuthenticationResponseJSON) {
  const { credential, person, newCounter } = await verifyAssertion(deps, requestId, 'login', response);
  const standing = rosterStanding(person, deps.clock.now());
  if (standing !== 'ok') throw new AppError('FORBIDDEN', `this account cannot sign in: ${standing}`);
  return transact(deps.db, (tx) => {
    const now = deps.clock.now();
    const updated = tx
      .update(credentials)
      .set({ counter: newCounter, lastUsedAt: now })
      .where(and(eq(credentials.id, credential.id), isNull(credentials.revokedAt), isNull(credentials.lockedAt)))
      .run();
    if (updated.changes !== 1) throw new AppError('UNAUTHENTICATED', 'this passkey was revoked meanwhile');
    const { token, session } = insertSession(tx, deps, person.id, credential.id);
    const actor: Actor = { type: 'person', id: person.id, name: person.name, roles: person.roles, sessionId: session.id };
    const { tokenHash: _secret, csrfToken: _csrf, ...recorded } = session;
    appendJournal(tx, { at: now, actor, requestId, action: 'session.created', entityType: 'session', entityId: session.id, data: recorded });
    return { person, token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });
}
