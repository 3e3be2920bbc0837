import { lastCheckpoint } from '../journal/checkpoints.ts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { ledgerSignoffs, siteLedgerSignoffs } from '../db/schema/access.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { advanceCounter, verifyAssertion } from '../auth/assertion.ts';
import { boundDigest, digestChallengeOptions } from '../auth/digest-challenge.ts';
import type { SignoffView } from './build.ts';
import { markSiteSuperseded, markSuperseded, type LedgerKind } from './query.ts';

/**
 * What a supervisor signs: one area's daily ledger of one kind, or a site's daily record (`site`, B13,
 * with `siteId` instead of `areaId`), as it stands when read through `db` (inside the sign-off's
 * transaction, so that it sees exactly what is recorded).
 */
export type SignTarget = ({ ledger: LedgerKind; areaId: number; siteId?: undefined } | { ledger: 'site'; siteId: number; areaId?: undefined }) & {
  day: string;
  read(db: Tx, now: number): { digest: string; signoff: SignoffView | null };
};

interface Binding {
  ledger: SignTarget['ledger'];
  areaId?: number;
  siteId?: number;
  day: string;
  digest: string;
}

export const STALE_MESSAGE = 'the ledger changed since you started signing; reload';

function signerOf(ctx: Ctx): number {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'supervisors only');
  return ctx.actor.id;
}

function refuseIfSigned(ledger: { signoff: SignoffView | null }): void {
  const s = ledger.signoff;
  if (s && !s.superseded && s.digestMatches) throw new AppError('CONFLICT', `this ledger is already signed off (by ${s.personName} at ${s.signedAt})`);
}

/**
 * Options for signing a day's ledger. The challenge is 16 random bytes followed by SHA-256 of the
 * ledger's digest, so the authenticator's signature covers what is being signed; the stored binding
 * says which ledger and digest the challenge was issued for.
 */
export async function beginSignoff(ctx: Ctx, target: SignTarget) {
  const signerId = signerOf(ctx);
  const ledger = target.read(ctx.deps.db, ctx.deps.clock.now());
  refuseIfSigned(ledger);
  const binding: Binding = { ledger: target.ledger, areaId: target.areaId, siteId: target.siteId, day: target.day, digest: ledger.digest };
  const options = await digestChallengeOptions(ctx, signerId, binding);
  return { options, context: { digest: ledger.digest } };
}

function bindingOf(challenge: { challenge: string; binding: string | null }, target: SignTarget): Binding {
  const same = (b: Partial<Binding>) => b.ledger === target.ledger && b.areaId === target.areaId && b.siteId === target.siteId && b.day === target.day;
  return boundDigest<Binding>(challenge, same, 'this signing challenge was issued for another ledger; start again');
}

/**
 * Records a supervisor's sign-off of one area's ledger for one day: the passkey must be the signer's
 * own, and the ledger must still hash to the digest the challenge was bound to. A sign-off of changed
 * content replaces the one that stood; one journal entry.
 */
export async function completeSignoff(ctx: Ctx, target: SignTarget, response: AuthenticationResponseJSON) {
  const signerId = signerOf(ctx);
  const { deps, requestId } = ctx;
  const { day, ledger: kind } = target;
  const { credential, challenge, newCounter } = await verifyAssertion(deps, requestId, 'sign', response);
  if (credential.personId !== signerId) throw new AppError('FORBIDDEN', 'sign with your own passkey');
  const binding = bindingOf(challenge, target);
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, requestId, credential.id, newCounter);
    if (refused) return { refused };
    const now = deps.clock.now();
    const ledger = target.read(tx, now);
    if (ledger.digest !== binding.digest) return { stale: true };
    refuseIfSigned(ledger);
    const replaced = ledger.signoff && !ledger.signoff.superseded ? [ledger.signoff.id] : [];
    const fields = { day, digest: ledger.digest, personId: signerId, credentialId: credential.id, signedAt: now };
    let row: { id: number; digest: string; personId: number; signedAt: number };
    let entityType: string;
    if (target.siteId !== undefined) {
      markSiteSuperseded(tx, replaced, now);
      row = tx.insert(siteLedgerSignoffs).values({ siteId: target.siteId, ...fields }).returning().get();
      entityType = 'site_ledger_signoff';
    } else {
      markSuperseded(tx, replaced, now);
      row = tx.insert(ledgerSignoffs).values({ areaId: target.areaId, ledger: target.ledger, ...fields }).returning().get();
      entityType = 'ledger_signoff';
    }
    // The signed checkpoint the sign-off was made under: it ties the signed day to the chain (issue 14).
    const checkpoint = lastCheckpoint(deps.config.checkpointPath);
    recordChange(tx, ctx, { action: 'ledger.signed_off', entityType, entityId: row.id, data: { ...row, supersededSignoffIds: replaced, checkpoint } });
    return { row };
  });
  // Thrown after the transaction, so that a counter advance or a lock it wrote is kept.
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  if ('stale' in outcome) throw new AppError('CONFLICT', STALE_MESSAGE);
  const { row } = outcome;
  const place = target.siteId !== undefined ? { siteId: target.siteId } : { areaId: target.areaId };
  return { id: row.id, ledger: kind, ...place, day, digest: row.digest, personId: row.personId, signedAt: iso(row.signedAt) };
}
