import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { actorOfPerson, type Actor } from '../actor.ts';
import { CHALLENGE_FIELD } from '../auth/challenges.ts';
import { AppError } from '../http/app-error.ts';
import { advanceCounter, beginAssertion, verifyAssertion } from '../auth/assertion.ts';
import { requireArea } from '../areas/service.ts';
import { assertReachesAll } from '../auth/scope.ts';
import { trace } from '../auth/scope-trace.ts';
import { rosterStanding } from '../roster/standing.ts';
import { assertDecidable, contractorApproved, decideInTx } from './approvals.ts';
import { kioskActor, requireRequest, type CustodyRequest } from './query.ts';
import { requestView } from './request-view.ts';

/**
 * On-the-spot approval (C2 at the door): a guard standing at the kiosk approves a carry-in with their
 * own passkey. The rule is the area's security level: allowed in a general area, refused in a secure
 * one, whose carry-ins are approved beforehand on the console. (areas.carryInApproval is not read here:
 * every carry-in needs an approval, prior or on the spot.) A carry-out is never approved on the spot.
 */
function onTheSpotRequest(tx: Tx, kiosk: { areaIds: number[] }, requestId: number): CustodyRequest {
  const r = requireRequest(tx, requestId, 'body.requestId');
  if (!kiosk.areaIds.includes(r.areaId)) throw new AppError('FORBIDDEN', "this kiosk does not serve the request's area");
  if (r.kind !== 'carry_in') throw new AppError('FORBIDDEN', "only a carry-in can be approved on the spot; a carry-out needs a supervisor's prior approval (C3)");
  if (requireArea(tx, r.areaId).securityLevel === 'secure') {
    throw new AppError('FORBIDDEN', 'carry-ins to a secure area are approved beforehand on the console, not on the spot');
  }
  return r;
}

interface Binding {
  use: 'custody_approval';
  requestId: number;
  kioskId: number;
}

function bindingFor(requestId: number, kioskId: number): string {
  return JSON.stringify({ use: 'custody_approval', requestId, kioskId } satisfies Binding);
}

/** The assertion options for the guard's passkey, bound to this request at this kiosk, and what is being approved. */
export async function onTheSpotOptions(ctx: Ctx, requestId: number) {
  const kiosk = kioskActor(ctx);
  const now = ctx.deps.clock.now();
  const r = onTheSpotRequest(ctx.deps.db, kiosk, requestId);
  assertDecidable(r, now);
  // Before the guard's ceremony: a request the contractor has approved waits only for 甲 (F1).
  if (contractorApproved(ctx.deps.db, r)) throw new AppError('CONFLICT', "the contractor's approvals are complete; the request waits for the city's (甲) permission");
  const view = requestView(ctx.deps.db, r, now);
  return { options: await beginAssertion(ctx.deps, 'sign', bindingFor(requestId, kiosk.id)), context: { request: view } };
}

/**
 * Records the guard's on-the-spot approval. The passkey is verified first (async), then the approver's
 * standing and role, then, in one transaction, the counter and the same approval rules as the console
 * (E1: not the requester or carrier; two approvers for 重要情報; clean scans). The journal names the
 * guard as the actor, since their signature authorises it; the kiosk is in the approval row.
 */
export async function approveOnTheSpot(ctx: Ctx, requestId: number, response: AuthenticationResponseJSON) {
  const kiosk = kioskActor(ctx);
  const { deps, requestId: httpRequestId } = ctx;
  const { credential, person, challenge, newCounter } = await verifyAssertion(deps, httpRequestId, 'sign', response);
  if (challenge.binding !== bindingFor(requestId, kiosk.id)) throw AppError.conflict(CHALLENGE_FIELD, 'this passkey challenge was issued for another request or kiosk; start again');
  const standing = rosterStanding(person, deps.clock.now());
  if (standing !== 'ok') throw new AppError('FORBIDDEN', `this person cannot approve now (${standing})`);
  if (!person.roles.some((r) => r === 'guard' || r === 'supervisor')) throw new AppError('FORBIDDEN', 'only a guard or a supervisor can approve on the spot');
  const actor = actorOfPerson(person, null);
  // A guard of another site signs for nothing here (F4), whichever kiosk they stand at.
  assertReachesAll(actor, trace.request(deps.db, requestId) ?? []);
  const outcome = transact(deps.db, (tx) => {
    const refused = advanceCounter(tx, deps, httpRequestId, credential.id, newCounter);
    if (refused) return { refused };
    const r = onTheSpotRequest(tx, kiosk, requestId);
    return { view: decideInTx(tx, { ...ctx, actor }, r, person, { decision: 'approved', note: '' }, { onTheSpot: true, kioskId: kiosk.id }) };
  });
  // Thrown after the transaction, so that a lock written for a cloned key is kept.
  if ('refused' in outcome) throw new AppError('UNAUTHENTICATED', outcome.refused!);
  return outcome.view;
}
