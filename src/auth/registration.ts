import { and, eq, isNull } from 'drizzle-orm';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { webauthn } from './webauthn.ts';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { credentials, enrolments } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { appendJournal } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { ensureOrganisation, insertPerson, newUserHandle, requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import { SYSTEM, actorOfPerson, type Actor } from '../actor.ts';
import { CHALLENGE_FIELD, challengeOf, consumeChallenge, storeChallenge } from './challenges.ts';
import { findOpenEnrolment, hasUsableAdmin } from './enrolments.ts';
import { insertSession } from './sessions.ts';
import { credentialRecord } from './passkeys.ts';
import { NOTICES } from '../notices.ts';
import type { RegistrationOptionsBody } from './schemas.ts';

type OptionsInput = z.output<typeof RegistrationOptionsBody>;

interface Binding {
  userHandle: string;
  credentialName: string;
  person?: OptionsInput['person'];
}

/** Step 1: registration options for a setup or enrolment link. The passkey must be discoverable and verify the user. */
export async function beginRegistration(deps: Deps, input: OptionsInput) {
  const now = deps.clock.now();
  const link = findOpenEnrolment(deps.db, input.token, now);
  let userHandle: string;
  let userName: string;
  let exclude: { id: string }[] = [];
  if (link.kind === 'setup') {
    if (!input.person) throw AppError.field('body.person', 'required for the first-admin setup');
    if (hasUsableAdmin(deps.db, now)) throw new AppError('CONFLICT', 'an admin already exists; ask them for an enrolment link');
    userHandle = newUserHandle();
    userName = input.person.name;
  } else {
    if (input.person) throw AppError.field('body.person', 'only the first-admin setup creates a person');
    const person = requirePerson(deps.db, link.personId!);
    userHandle = person.userHandle;
    userName = person.name;
    exclude = deps.db.select({ id: credentials.id }).from(credentials).where(and(eq(credentials.personId, person.id), isNull(credentials.revokedAt))).all();
  }
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: deps.config.rpName,
    rpID: deps.config.rpId,
    userName,
    userDisplayName: userName,
    userID: Buffer.from(userHandle, 'base64url'),
    attestationType: 'none',
    excludeCredentials: exclude,
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
  });
  const binding: Binding = { userHandle, credentialName: input.credentialName, person: input.person };
  storeChallenge(deps, options.challenge, 'register', { enrolmentId: link.id, binding: JSON.stringify(binding) });
  return options;
}

/** Step 2: verify the new credential, store it, use up the link, and sign the person in; one journal entry. */
export async function finishRegistration(deps: Deps, requestId: string | null, input: { token: string; response: RegistrationResponseJSON }) {
  const link = findOpenEnrolment(deps.db, input.token, deps.clock.now());
  const challenge = consumeChallenge(deps, challengeOf(input.response.response.clientDataJSON), 'register');
  if (challenge.enrolmentId !== link.id) throw AppError.conflict(CHALLENGE_FIELD, 'challenge was issued for another link');
  const binding = JSON.parse(challenge.binding!) as Binding;

  const { verifyRegistrationResponse } = await webauthn();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.config.rpOrigin,
      expectedRPID: deps.config.rpId,
      requireUserVerification: true,
    });
  } catch (err) {
    deps.log.warn('passkey registration refused', { requestId, reason: (err as Error).message });
    throw new AppError('UNAUTHENTICATED', `passkey registration failed: ${(err as Error).message}`);
  }
  if (!verification.verified) throw new AppError('UNAUTHENTICATED', 'passkey registration failed');
  const { credential } = verification.registrationInfo;

  return transact(deps.db, (tx) => {
    const now = deps.clock.now();
    // The link is re-checked inside the transaction: two concurrent ceremonies cannot both use it.
    const used = tx.update(enrolments).set({ usedAt: now }).where(and(eq(enrolments.id, link.id), isNull(enrolments.usedAt))).run();
    if (used.changes !== 1) throw new AppError('UNAUTHENTICATED', 'this link was used meanwhile');
    if (tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.id, credential.id)).get()) {
      throw new AppError('CONFLICT', 'this passkey is already registered');
    }

    let person;
    if (link.kind === 'setup') {
      if (hasUsableAdmin(tx, now)) throw new AppError('CONFLICT', 'an admin already exists');
      const p = binding.person!;
      const setupCtx = { deps, actor: SYSTEM, requestId };
      const org = ensureOrganisation(tx, setupCtx, p.organisationName, p.organisationKana);
      person = insertPerson(tx, setupCtx, { name: p.name, kana: p.kana, organisationId: org.id, position: '', duties: '', expertise: '', contact: '', nationality: '', roles: p.roles, siteIds: null, validFrom: null, validTo: null }, binding.userHandle);
    } else {
      person = requirePerson(tx, link.personId!);
      if (rosterStanding(person, now) !== 'ok') throw new AppError('FORBIDDEN', 'this person may not enrol now');
    }
    const row = tx
      .insert(credentials)
      .values({ id: credential.id, personId: person.id, publicKey: Buffer.from(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [], name: binding.credentialName, createdAt: now })
      .returning()
      .get();
    const { token, session } = insertSession(tx, deps, person.id, row.id);
    const actor = actorOfPerson(person, session.id);
    appendJournal(tx, {
      at: now,
      actor,
      requestId,
      action: 'credential.registered',
      entityType: 'credential',
      entityId: row.id,
      data: { ...credentialRecord(row), enrolmentId: link.id, sessionId: session.id, noticeVersion: NOTICES.enrolment.version },
    });
    return { person: tx.select().from(people).where(eq(people.id, person.id)).get()!, credentialId: row.id, token, csrfToken: session.csrfToken };
  });
}
