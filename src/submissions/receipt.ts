import { eq } from 'drizzle-orm';
import { credentials } from '../db/schema/auth.ts';
import { webauthn } from '../auth/webauthn.ts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Ctx, Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { submissions } from '../db/schema/submissions.ts';
import { AppError } from '../http/app-error.ts';
import { recordChange } from '../journal/append.ts';
import { sha256Hex } from '../journal/canonical.ts';
import { boundDigest, commitsTo, digestChallengeOptions } from '../auth/digest-challenge.ts';
import { advanceCounter, verifyAssertion } from '../auth/assertion.ts';
import { requireSubmission, summaryOf, type Submission } from './service.ts';

/*
 * 甲's receipt (F3) is the ledger sign-off's ceremony (src/ledger/signing.ts) over a submission: the
 * challenge is 16 random bytes followed by SHA-256 of the document's digest, so the authenticator's
 * signature covers the document received; the stored binding says which submission and digest the
 * challenge was issued for. The challenge's purpose is the sign-off's ('sign'); a sign-off checks that its
 * binding names a ledger and this checks that it names a submission, so neither answers the other.
 */

interface Binding {
  submissionId: number;
  digest: string;
}

function receiverOf(ctx: Ctx): number {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', "the city's staff only");
  return ctx.actor.id;
}

function awaitingReceipt(row: Submission): void {
  if (row.status !== 'submitted') throw new AppError('CONFLICT', `this submission was already ${row.status === 'acknowledged' ? 'received' : 'returned'}`);
  // The row is sealed by the journal; this says in plain words what verify would find.
  if (sha256Hex(row.content) !== row.digest) throw new AppError('CONFLICT', 'the stored document does not match its digest; ask the contractor to submit it again');
}

/** Options for acknowledging receipt: `{ options, context }`, the context naming what is being received. */
export async function receiptOptions(ctx: Ctx, id: number) {
  const receiver = receiverOf(ctx);
  const row = requireSubmission(ctx, id);
  awaitingReceipt(row);
  const binding: Binding = { submissionId: row.id, digest: row.digest };
  const options = await digestChallengeOptions(ctx, receiver, binding);
  return { options, context: { submissionId: row.id, title: row.title, digest: row.digest } };
}

function bindingOf(challenge: { challenge: string; binding: string | null }, id: number): Binding {
  return boundDigest<Binding>(challenge, (b) => b.submissionId === id, 'this challenge was issued for another document; start again');
}

/**
 * 甲 acknowledges receipt: the passkey must be the receiver's own and the assertion must answer a
 * challenge bound to this submission's digest. The whole assertion is kept, so that the receipt can be
 * checked again later against the credential's public key. One journal entry.
 */
export async function acknowledgeReceipt(ctx: Ctx, id: number, response: AuthenticationResponseJSON) {
  const receiver = receiverOf(ctx);
  requireSubmission(ctx, id);
  const { deps, requestId } = ctx;
  const { credential, challenge, newCounter } = await verifyAssertion(deps, requestId, 'sign', response);
  if (credential.personId !== receiver) throw new AppError('FORBIDDEN', 'acknowledge with your own passkey');
  const binding = bindingOf(challenge, id);
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, requestId, credential.id, newCounter);
    if (refused) return { refused };
    const row = tx.select().from(submissions).where(eq(submissions.id, id)).get()!;
    awaitingReceipt(row);
    if (row.digest !== binding.digest) throw new AppError('CONFLICT', 'the document changed since you started; reload');
    const now = deps.clock.now();
    tx.update(submissions)
      .set({ status: 'acknowledged', decidedBy: receiver, decidedAt: now, receiptCredentialId: credential.id, receiptAssertion: JSON.stringify(response) })
      .where(eq(submissions.id, id))
      .run();
    recordChange(tx, ctx, {
      action: 'submission.acknowledged',
      entityType: 'submission',
      entityId: id,
      data: { id, siteId: row.siteId, kind: row.kind, digest: row.digest, decidedBy: receiver, decidedAt: now, credentialId: credential.id, challenge: challenge.challenge },
    });
    return { ok: true };
  });
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  return summaryOf(ctx, id);
}

/** 甲 returns a submission with a comment; the contractor submits it again. One journal entry. */
export function returnSubmission(ctx: Ctx, id: number, comment: string) {
  const receiver = receiverOf(ctx);
  requireSubmission(ctx, id);
  transact(ctx.deps.db, (tx) => {
    const row = tx.select().from(submissions).where(eq(submissions.id, id)).get()!;
    if (row.status !== 'submitted') throw new AppError('CONFLICT', `this submission was already ${row.status === 'acknowledged' ? 'received' : 'returned'}`);
    const now = ctx.deps.clock.now();
    tx.update(submissions).set({ status: 'returned', decidedBy: receiver, decidedAt: now, returnComment: comment }).where(eq(submissions.id, id)).run();
    recordChange(tx, ctx, { action: 'submission.returned', entityType: 'submission', entityId: id, data: { id, siteId: row.siteId, kind: row.kind, digest: row.digest, decidedBy: receiver, decidedAt: now, returnComment: comment } });
  });
  return summaryOf(ctx, id);
}

export interface ReceiptCheck {
  /** The stored document still hashes to the digest recorded at submission. */
  contentMatchesDigest: boolean;
  /** The signed challenge ends with SHA-256 of that digest. */
  challengeCommitsToDigest: boolean;
  /** The stored assertion verifies against the receiver's public key (origin, RP ID, user verification). */
  signatureValid: boolean;
  credentialId: string;
}

/** Checks a receipt again from what is stored: anyone reading the submission can see that it holds. */
export async function checkReceipt(deps: Deps, row: Submission): Promise<ReceiptCheck | null> {
  if (row.status !== 'acknowledged' || !row.receiptAssertion || !row.receiptCredentialId) return null;
  const response = JSON.parse(row.receiptAssertion) as AuthenticationResponseJSON;
  const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge: string };
  const credential = deps.db.select().from(credentials).where(eq(credentials.id, row.receiptCredentialId)).get();
  let signatureValid = false;
  if (credential) {
    const { verifyAuthenticationResponse } = await webauthn();
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: clientData.challenge,
        expectedOrigin: deps.config.rpOrigin,
        expectedRPID: deps.config.rpId,
        requireUserVerification: true,
        credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: 0, transports: [] },
      });
      signatureValid = result.verified;
    } catch {
      signatureValid = false;
    }
  }
  return { contentMatchesDigest: sha256Hex(row.content) === row.digest, challengeCommitsToDigest: commitsTo(clientData.challenge, row.digest), signatureValid, credentialId: row.receiptCredentialId };
}
