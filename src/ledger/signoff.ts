import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Ctx } from '../deps.ts';
import { buildLedger } from './build.ts';
import { buildSiteLedger } from './site.ts';
import { beginSignoff, completeSignoff, type SignTarget } from './signing.ts';

export { STALE_MESSAGE } from './signing.ts';

/** The 入退室管理簿 of one area and day, as the sign-off reads it. */
function accessLedger(ctx: Ctx, areaId: number, day: string): SignTarget {
  const timeZone = ctx.deps.config.timeZone;
  return { ledger: 'access', areaId, day, read: (db, now) => buildLedger(db, { timeZone, now }, areaId, day) };
}

/** Options for signing a day's 入退室管理簿: the challenge commits to the ledger's digest (see signing.ts). */
export function signoffOptions(ctx: Ctx, areaId: number, day: string) {
  return beginSignoff(ctx, accessLedger(ctx, areaId, day));
}

/**
 * Records a supervisor's sign-off of one area's 入退室管理簿 for one day (issue 3 item 7): the passkey
 * must be the signer's own, and the ledger must still hash to the digest the challenge was bound to.
 */
export function signOff(ctx: Ctx, areaId: number, day: string, response: AuthenticationResponseJSON) {
  return completeSignoff(ctx, accessLedger(ctx, areaId, day), response);
}

/** The site's daily record of one day, as the sign-off reads it (B13). */
function siteLedger(ctx: Ctx, siteId: number, day: string): SignTarget {
  const timeZone = ctx.deps.config.timeZone;
  return { ledger: 'site', siteId, day, read: (db, now) => buildSiteLedger(db, { timeZone, now }, siteId, day) };
}

/** Options for signing a site's daily record: the same ceremony as an area's (signing.ts). */
export function siteSignoffOptions(ctx: Ctx, siteId: number, day: string) {
  return beginSignoff(ctx, siteLedger(ctx, siteId, day));
}

/** Records a supervisor's sign-off of a site's daily record (B13), bound to its digest. */
export function signOffSite(ctx: Ctx, siteId: number, day: string, response: AuthenticationResponseJSON) {
  return completeSignoff(ctx, siteLedger(ctx, siteId, day), response);
}
