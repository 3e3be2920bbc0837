import { nameCorrections } from './correction-methods.ts';
import { contractOfSite } from '../contract/service.ts';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { iso } from '../http/fields.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';
import { eraDate } from '../time.ts';
import { ledgerContent, type LedgerClock, type SignoffView } from './build.ts';
import type { RefusalRow, StayRow } from './content.ts';
import { latestSiteSignoff, requireSite, siteAreas } from './query.ts';

export interface AreaName {
  id: number;
  name: string;
}

export type SiteStayRow = StayRow & { area: AreaName };
export type SiteRefusalRow = RefusalRow & { area: AreaName };

/** What the site's digest covers: everything printed on its daily record except the sign-off. */
export interface SiteLedgerContent {
  site: { id: number; name: string };
  day: string;
  eraDay: string;
  /** Every managed area of the site, those with no record that day too: what the record covers. */
  areas: AreaName[];
  stays: SiteStayRow[];
  refusals: SiteRefusalRow[];
  totals: { stays: number; entries: number; exits: number; missingExits: number; refusals: number };
}

export interface SiteLedger extends SiteLedgerContent {
  digest: string;
  signoff: SignoffView | null;
  generatedAt: string;
  /** The 受託業務名 printed in the head, outside the digest (see DailyLedger). */
  contractName: string | null;
}

const startOf = (s: StayRow) => Date.parse((s.entryAt ?? s.exitAt)!);

/**
 * The site's daily 入退室管理簿 (B13, 門真 §14(4) 「各従事日における入退室者…を記載した記録簿」): each
 * area's ledger of the day, as the area's own ledger pairs it, merged in time order with the area named.
 * Built from the area ledgers, so the two can never disagree about a stay.
 */
export function siteLedgerContent(db: Tx, clock: LedgerClock, siteId: number, day: string): SiteLedgerContent {
  const site = requireSite(db, siteId);
  const areas = siteAreas(db, siteId);
  const stays: SiteStayRow[] = [];
  const refusals: SiteRefusalRow[] = [];
  const totals = { stays: 0, entries: 0, exits: 0, missingExits: 0, refusals: 0 };
  for (const a of areas) {
    const l = ledgerContent(db, clock, { id: a.id, name: a.name, site }, day);
    stays.push(...l.stays.map((s) => ({ ...s, area: a })));
    refusals.push(...l.refusals.map((r) => ({ ...r, area: a })));
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += l.totals[k];
  }
  const order = new Map(areas.map((a, i) => [a.id, i]));
  stays.sort((x, y) => startOf(x) - startOf(y) || order.get(x.area.id)! - order.get(y.area.id)! || (x.entryEventId ?? x.exitEventId!) - (y.entryEventId ?? y.exitEventId!));
  refusals.sort((x, y) => Date.parse(x.at) - Date.parse(y.at) || x.eventId - y.eventId);
  return { site, day, eraDay: eraDate(day, clock.timeZone), areas, stays, refusals, totals };
}

export function siteLedgerDigest(content: SiteLedgerContent): string {
  return sha256Hex(canonicalJson(content));
}

export function siteSignoffView(db: Tx, siteId: number, day: string, digest: string): SignoffView | null {
  const found = latestSiteSignoff(db, siteId, day);
  if (!found) return null;
  const s = found.signoff;
  return {
    id: s.id,
    personId: s.personId,
    personName: found.personName,
    signedAt: iso(s.signedAt),
    digest: s.digest,
    superseded: s.supersededAt !== null,
    supersededAt: iso(s.supersededAt),
    digestMatches: s.digest === digest,
  };
}

/** The site's record, its digest and its sign-off, read through `db` (a transaction sees its own writes). */
export function buildSiteLedger(db: Tx, clock: LedgerClock, siteId: number, day: string): SiteLedger {
  const content = siteLedgerContent(db, clock, siteId, day);
  const digest = siteLedgerDigest(content);
  return nameCorrections(db, { ...content, digest, signoff: siteSignoffView(db, siteId, day, digest), generatedAt: iso(clock.now), contractName: contractOfSite(db, siteId)?.name ?? null });
}

export function buildDailySiteLedger(deps: Deps, siteId: number, day: string): SiteLedger {
  return buildSiteLedger(deps.db, { timeZone: deps.config.timeZone, now: deps.clock.now() }, siteId, day);
}
