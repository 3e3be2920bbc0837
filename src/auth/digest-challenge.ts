import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { credentials } from '../db/schema/auth.ts';
import { AppError } from '../http/app-error.ts';
import { webauthn } from './webauthn.ts';
import { CHALLENGE_FIELD, storeChallenge } from './challenges.ts';

/**
 * A passkey signature over a digest: the ledger sign-off, 甲's permission, 甲's receipt of a document.
 * The challenge is 16 random bytes followed by SHA-256 of the digest, so the authenticator's signature
 * covers what is being signed; the binding stored with it names the record and the digest.
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Options for the signer's own live passkeys, with a challenge committing to `binding.digest`. */
export async function digestChallengeOptions(ctx: Ctx, signerId: number, binding: { digest: string }) {
  const own = ctx.deps.db
    .select({ id: credentials.id, transports: credentials.transports })
    .from(credentials)
    .where(and(eq(credentials.personId, signerId), isNull(credentials.revokedAt), isNull(credentials.lockedAt)))
    .all();
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: ctx.deps.config.rpId,
    challenge: new Uint8Array(Buffer.concat([randomBytes(16), sha256(binding.digest)])),
    userVerification: 'required',
    allowCredentials: own.map((c) => ({ id: c.id, transports: c.transports })),
  });
  storeChallenge(ctx.deps, options.challenge, 'sign', { binding: JSON.stringify(binding) });
  return options;
}

/** Whether a challenge (base64url) ends with SHA-256 of `digest`. */
export function commitsTo(challenge: string, digest: string): boolean {
  const committed = Buffer.from(challenge, 'base64url').subarray(16);
  return committed.length === 32 && timingSafeEqual(committed, sha256(digest));
}

/**
 * The binding of a verified challenge when `matches` says it was issued for this record (otherwise a 409
 * saying `otherwise`), after checking that the signed bytes commit to the digest about to be recorded.
 */
export function boundDigest<B extends { digest: string }>(challenge: { challenge: string; binding: string | null }, matches: (b: Partial<B>) => boolean, otherwise: string): B {
  const binding = JSON.parse(challenge.binding ?? 'null') as Partial<B> | null;
  if (!binding || typeof binding.digest !== 'string' || !matches(binding)) throw AppError.conflict(CHALLENGE_FIELD, otherwise);
  // We made the challenge; this only proves the signed bytes commit to the digest we are about to record.
  if (!commitsTo(challenge.challenge, binding.digest)) throw new Error('passkey challenge does not commit to its bound digest');
  return binding as B;
}
