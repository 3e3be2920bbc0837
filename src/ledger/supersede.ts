import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { siteOfArea } from '../auth/scope.ts';
import { workingDay } from '../time.ts';
import { buildLedger } from './build.ts';
import { markSiteSuperseded, markSuperseded, standingSignoffs, standingSiteSignoffs } from './query.ts';
import { buildSiteLedger } from './site.ts';

export interface Superseded {
  /** Area sign-offs (入退室管理簿) that no longer stand. */
  area: number[];
  /** Site sign-offs (the site's daily record, B13) that no longer stand. */
  site: number[];
}

/**
 * Sign-offs whose ledger a change to an area's events altered no longer stand: those of `alwaysDay`
 * (when given), and any signed day from the earliest of `instants` on whose ledger no longer hashes to
 * what was signed (a stay shown as still inside on the days after a forgotten exit, say). The site's
 * daily record of the area's site is held to the same rule, since it shows the same stays.
 */
export function supersedeChanged(tx: Tx, deps: Deps, areaId: number, instants: number[], now: number, alwaysDay?: string): Superseded {
  const tz = deps.config.timeZone;
  const clock = { timeZone: tz, now };
  const fromDay = workingDay(Math.min(...instants), tz);
  const area = standingSignoffs(tx, areaId, fromDay)
    .filter((s) => s.day === alwaysDay || buildLedger(tx, clock, areaId, s.day).digest !== s.digest)
    .map((s) => s.id);
  markSuperseded(tx, area, now);
  const siteId = siteOfArea(tx, areaId);
  const site =
    siteId === null
      ? []
      : standingSiteSignoffs(tx, siteId, fromDay)
          .filter((s) => s.day === alwaysDay || buildSiteLedger(tx, clock, siteId, s.day).digest !== s.digest)
          .map((s) => s.id);
  markSiteSuperseded(tx, site, now);
  return { area, site };
}
