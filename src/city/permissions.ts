import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { cityPermissions, type CitySubject } from '../db/schema/city.ts';
import { AppError } from '../http/app-error.ts';
import { recordChange } from '../journal/append.ts';
import { boundDigest, digestChallengeOptions } from '../auth/digest-challenge.ts';
import { advanceCounter, verifyAssertion } from '../auth/assertion.ts';
import { assertSiteInScope } from '../auth/scope.ts';
import { personActor } from '../custody/query.ts';
import { counts, namesOf, permissionsOf, permissionView, standing, type CityPermission } from './state.ts';
import { subjectOf, type Subject } from './subjects.ts';
import type { PaperInput } from './schemas.ts';

/** 甲's permission is given by 甲's own staff: the role is held alone, so no contractor staff holds it (F1, F4). */
function cityPerson(ctx: Ctx) {
  const actor = personActor(ctx);
  if (!actor.roles.includes('city')) throw new AppError('FORBIDDEN', "only the city's (甲) own staff give or refuse 甲's permission");
  return actor;
}

/** A subject in the actor's sites that needs 甲 and is still open to a decision, with none standing. */
function decidable(tx: Tx, ctx: Ctx, type: CitySubject, id: number): Subject {
  const s = subjectOf(tx, type, id, ctx.deps.clock.now(), ctx.deps.config);
  assertSiteInScope(ctx.actor, s.siteId);
  if (!s.required) throw new AppError('CONFLICT', "this request does not need the city's permission under the site's policy");
  if (!s.open) throw new AppError('CONFLICT', s.closedReason ?? 'this request is no longer open to a decision');
  // A device's decisions count at the site they were given for; a request's site never changes.
  const rows = permissionsOf(tx, type, [id]).filter((p) => p.siteId === s.siteId);
  const stands = standing(rows);
  if (stands?.decision === 'refused' && !s.reopens) throw new AppError('CONFLICT', 'the city has refused this request');
  if (stands && counts(stands)) throw new AppError('CONFLICT', "the city's permission for this request is already recorded");
  return s;
}

/** Never by whoever asked for it or carries it: 甲's staff are not on a request, but the rule is said anyway (E1). */
function notOwn(tx: Tx, s: Subject, personId: number): void {
  const v = s.view() as { requester?: { id: number }; carrier?: { id: number }; requesterId?: number };
  if (v.requester?.id === personId || v.carrier?.id === personId || v.requesterId === personId) {
    throw new AppError('FORBIDDEN', 'no one permits a request they made or carry');
  }
}

interface Binding {
  use: 'city_permission';
  subjectType: CitySubject;
  subjectId: number;
  personId: number;
  digest: string;
}

/**
 * The passkey options for permitting, and the request as 甲 is shown it. Like the ledger sign-off, the
 * challenge is 16 random bytes followed by SHA-256 of the request's digest, so 甲's signature covers
 * what is permitted; the stored binding names the request, the person and the digest.
 */
export async function permitOptions(ctx: Ctx, type: CitySubject, id: number) {
  const actor = cityPerson(ctx);
  const s = decidable(ctx.deps.db, ctx, type, id);
  notOwn(ctx.deps.db, s, actor.id);
  const binding: Binding = { use: 'city_permission', subjectType: type, subjectId: id, personId: actor.id, digest: s.digest };
  const options = await digestChallengeOptions(ctx, actor.id, binding);
  return { options, context: { subjectType: type, subjectId: id, digest: s.digest, request: s.view() } };
}

function bindingOf(challenge: { challenge: string; binding: string | null }, type: CitySubject, id: number, personId: number): Binding {
  const same = (b: Partial<Binding>) => b.use === 'city_permission' && b.subjectType === type && b.subjectId === id && b.personId === personId;
  return boundDigest<Binding>(challenge, same, 'this passkey challenge was issued for another request or person; start again');
}

/**
 * 甲 permits in the system (F1): the passkey is the signed-in city person's own and signed the request
 * as it still is; the request becomes approved if the contractor's approvals are in. One journal entry.
 */
export async function permit(ctx: Ctx, type: CitySubject, id: number, response: AuthenticationResponseJSON) {
  const actor = cityPerson(ctx);
  const { deps, requestId } = ctx;
  const { credential, challenge, newCounter } = await verifyAssertion(deps, requestId, 'sign', response);
  if (credential.personId !== actor.id) throw new AppError('FORBIDDEN', 'permit with your own passkey');
  const binding = bindingOf(challenge, type, id, actor.id);
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, requestId, credential.id, newCounter);
    if (refused) return { refused };
    const now = deps.clock.now();
    const s = decidable(tx, ctx, type, id);
    if (s.digest !== binding.digest) return { stale: true as const };
    notOwn(tx, s, actor.id);
    const permission = tx
      .insert(cityPermissions)
      .values({ subjectType: type, subjectId: id, siteId: s.siteId, decision: 'permitted', channel: 'system', recordedBy: actor.id, credentialId: credential.id, digest: s.digest, at: now })
      .returning()
      .get();
    const after = s.permitted(now);
    recordChange(tx, ctx, { action: 'city_permission.given', entityType: 'city_permission', entityId: permission.id, data: { permission, [type]: after } });
    return { view: subjectOf(tx, type, id, now, ctx.deps.config).view() };
  });
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  if ('stale' in outcome) throw new AppError('CONFLICT', 'the request changed since you started; reload it and permit again');
  return outcome.view;
}

/** 甲 refuses, with the reason: the request ends as rejected. One journal entry. */
export function refuse(ctx: Ctx, type: CitySubject, id: number, reason: string) {
  const actor = cityPerson(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const s = decidable(tx, ctx, type, id);
    const permission = tx
      .insert(cityPermissions)
      .values({ subjectType: type, subjectId: id, siteId: s.siteId, decision: 'refused', channel: 'system', recordedBy: actor.id, reason, at: now })
      .returning()
      .get();
    const after = s.refused(reason, now);
    recordChange(tx, ctx, { action: 'city_permission.refused', entityType: 'city_permission', entityId: permission.id, data: { permission, [type]: after } });
    return subjectOf(tx, type, id, now, ctx.deps.config).view();
  });
}

/**
 * A permission 甲 gave on paper, transcribed by the contractor's staff (admin, supervisor, guard): it counts
 * until 甲 disputes it. The transcriber is the actor; they may not be the request's requester or carrier.
 */
export function recordPaper(ctx: Ctx, type: CitySubject, id: number, input: PaperInput) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const s = decidable(tx, ctx, type, id);
    notOwn(tx, s, actor.id);
    const permission = tx
      .insert(cityPermissions)
      .values({ subjectType: type, subjectId: id, siteId: s.siteId, decision: 'permitted', channel: 'paper', recordedBy: actor.id, digest: s.digest, ...input, at: now })
      .returning()
      .get();
    const after = s.permitted(now);
    recordChange(tx, ctx, { action: 'city_permission.paper_recorded', entityType: 'city_permission', entityId: permission.id, data: { permission, [type]: after } });
    return subjectOf(tx, type, id, now, ctx.deps.config).view();
  });
}

function requirePaper(tx: Tx, ctx: Ctx, id: number): CityPermission {
  const p = tx.select().from(cityPermissions).where(eq(cityPermissions.id, id)).get();
  if (!p) throw AppError.notFound('permission');
  assertSiteInScope(ctx.actor, p.siteId);
  if (p.channel !== 'paper') throw new AppError('CONFLICT', 'only a paper permission is confirmed or disputed');
  if (p.review !== null) throw new AppError('CONFLICT', `this paper permission is already ${p.review}`);
  return p;
}

type Review = 'confirmed' | 'disputed';

/**
 * What 甲's passkey signs when confirming or disputing a paper permission: the permission as transcribed
 * (its subject and the subject's digest when it was recorded, the permit's reference, date and official,
 * who transcribed it and when), 甲's word and 甲's note.
 */
export function reviewDigest(p: CityPermission, review: Review, note: string): string {
  const { id, subjectType, subjectId, siteId, digest, permitReference, permitDate, officialName, officialSection, recordedBy, at } = p;
  const content = { type: 'city_permission_review', permission: { id, subjectType, subjectId, siteId, digest, permitReference, permitDate, officialName, officialSection, recordedBy, at }, review, note };
  return createHash('sha256').update(JSON.stringify(content), 'utf8').digest('hex');
}

interface ReviewBinding {
  use: 'city_permission_review';
  permissionId: number;
  review: Review;
  note: string;
  personId: number;
  digest: string;
}

/** The passkey options for 甲's confirm or dispute, bound to the paper permission, the word and the note. */
export async function reviewOptions(ctx: Ctx, id: number, review: Review, note: string) {
  const actor = cityPerson(ctx);
  const p = requirePaper(ctx.deps.db, ctx, id);
  const digest = reviewDigest(p, review, note);
  const binding: ReviewBinding = { use: 'city_permission_review', permissionId: id, review, note, personId: actor.id, digest };
  const options = await digestChallengeOptions(ctx, actor.id, binding);
  return { options, context: { permission: permissionView(p, namesOf(ctx.deps.db, [p.recordedBy])), review, note, digest } };
}

/**
 * 甲's later word on a paper permission, signed with 甲's own passkey over the permission's digest (so it is
 * as strong as 甲's own permission): confirmed, it stands as 甲's own; disputed, it stops counting and the
 * subject is no longer approved (nothing moves under it at the kiosk; a device's network flag comes down).
 * One journal entry.
 */
export async function reviewPaper(ctx: Ctx, id: number, review: Review, response: AuthenticationResponseJSON) {
  const actor = cityPerson(ctx);
  const { deps, requestId } = ctx;
  const { credential, challenge, newCounter } = await verifyAssertion(deps, requestId, 'sign', response);
  if (credential.personId !== actor.id) throw new AppError('FORBIDDEN', 'confirm or dispute with your own passkey');
  const same = (b: Partial<ReviewBinding>) => b.use === 'city_permission_review' && b.permissionId === id && b.review === review && b.personId === actor.id;
  const binding = boundDigest<ReviewBinding>(challenge, same, 'this passkey challenge was issued for another permission, answer or person; start again');
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, requestId, credential.id, newCounter);
    if (refused) return { refused };
    const now = deps.clock.now();
    const before = requirePaper(tx, ctx, id);
    if (reviewDigest(before, review, binding.note) !== binding.digest) return { stale: true as const };
    const permission = tx
      .update(cityPermissions)
      .set({ review, reviewedBy: actor.id, reviewedAt: now, reviewNote: binding.note, reviewCredentialId: credential.id, reviewDigest: binding.digest })
      .where(eq(cityPermissions.id, id))
      .returning()
      .get()!;
    const s = subjectOf(tx, before.subjectType, before.subjectId, now, ctx.deps.config);
    const after = review === 'disputed' ? s.disputed(now) : s.view();
    recordChange(tx, ctx, { action: `city_permission.${review}`, entityType: 'city_permission', entityId: id, data: { permission, [before.subjectType]: after } });
    return { view: subjectOf(tx, before.subjectType, before.subjectId, now, ctx.deps.config).view() };
  });
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  if ('stale' in outcome) throw new AppError('CONFLICT', 'the permission changed since you started; reload it and answer again');
  return outcome.view;
}
