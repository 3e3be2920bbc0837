import { nameCorrections } from './correction-methods.ts';
import { contractOfSite } from '../contract/service.ts';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { iso } from '../http/fields.ts';
import { dayBounds } from '../time.ts';
import { assembleLedger, ledgerDigest, type LedgerArea, type LedgerContent } from './content.ts';
import { longStaysCovering } from '../access/long-stays.ts';
import { boundarySubjects, MAX_STAY_MS, subjectIds, type LedgerEvent } from './pairing.ts';
import { dayEvents, latestSignoff, openEntriesBefore, personNames, requireLedgerArea, subjectEvents, type LedgerKind } from './query.ts';

export interface SignoffView {
  id: number;
  personId: number;
  personName: string;
  signedAt: string;
  digest: string;
  superseded: boolean;
  supersededAt: string | null;
  /** False when the ledger no longer hashes to what was signed (an exit recorded after the sign-off, say). */
  digestMatches: boolean;
}

export interface DailyLedger extends LedgerContent {
  digest: string;
  signoff: SignoffView | null;
  generatedAt: string;
  /**
   * The 受託業務名 of the site's contract, printed in the head. Outside the digest, as the sign-off is: it
   * names the contract, it records nothing of the day, and a contract renamed later must not turn every
   * signed ledger into one changed since its sign-off (decision 0023).
   */
  contractName: string | null;
}

export interface LedgerClock {
  timeZone: string;
  now: number;
}

/**
 * The day's events of the area, plus what completes the stays crossing its edges: a short look back and
 * ahead for the subjects whose day starts with an exit or ends with an entry, and the entries of whoever
 * has been inside since before the day. A handful of queries, whatever the size of the day.
 */
/** Stays that began before the day and ended after it, so that none of their events falls on it (B10). */
function coveringStays(db: Tx, areaId: number, start: number, end: number, aheadTo: number): LedgerEvent[] {
  const covering = longStaysCovering(db, areaId, start - MAX_STAY_MS, start, end);
  if (covering.length === 0) return [];
  const from = Math.min(...covering.map((s) => s.enteredAt));
  return subjectEvents(db, areaId, subjectIds(covering), from, aheadTo);
}

function gatherEvents(db: Tx, areaId: number, start: number, end: number, now: number): LedgerEvent[] {
  const day = dayEvents(db, areaId, start, end);
  const { back, ahead } = boundarySubjects(day);
  const aheadTo = Math.min(end + MAX_STAY_MS, now + 1);
  const extra = [
    ...subjectEvents(db, areaId, back, start - MAX_STAY_MS, start),
    ...subjectEvents(db, areaId, ahead, end, aheadTo),
    ...openEntriesBefore(db, areaId, start),
    ...coveringStays(db, areaId, start, end, aheadTo),
  ];
  if (extra.length === 0) return day;
  const seen = new Set(day.map((e) => e.id));
  return day.concat(extra.filter((e) => !seen.has(e.id) && seen.add(e.id)));
}

export function peopleIn(events: readonly LedgerEvent[]): number[] {
  const ids: number[] = [];
  for (const e of events) {
    if (e.personId !== null) ids.push(e.personId);
    if (e.escortPersonId !== null) ids.push(e.escortPersonId);
    if (e.method === 'paper' && e.recordedBy != null) ids.push(e.recordedBy);
  }
  return ids;
}

/** The latest sign-off of one area's ledger of one kind for a day, and whether it still matches `digest`. */
export function signoffView(db: Tx, areaId: number, day: string, digest: string, ledger: LedgerKind = 'access'): SignoffView | null {
  const found = latestSignoff(db, areaId, day, ledger);
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

/** What one area's ledger of one day shows, without digest or sign-off (the site's record is made of these). */
export function ledgerContent(db: Tx, clock: LedgerClock, area: LedgerArea, day: string): LedgerContent {
  const { start, end } = dayBounds(day, clock.timeZone);
  const events = gatherEvents(db, area.id, start, end, clock.now);
  return assembleLedger({ area, day, timeZone: clock.timeZone, events, people: personNames(db, peopleIn(events)) });
}

/** The ledger content and its digest, read through `db` (a transaction sees its own writes). */
export function buildLedger(db: Tx, clock: LedgerClock, areaId: number, day: string): DailyLedger {
  const content = ledgerContent(db, clock, requireLedgerArea(db, areaId), day);
  const digest = ledgerDigest(content);
  return nameCorrections(db, { ...content, digest, signoff: signoffView(db, areaId, day, digest), generatedAt: iso(clock.now), contractName: contractOfSite(db, content.area.site.id)?.name ?? null });
}

/** The 入退室管理簿 of one area for one working day (`YYYY-MM-DD` in the configured time zone), B10. */
export function buildDailyLedger(deps: Deps, areaId: number, day: string): DailyLedger {
  return buildLedger(deps.db, { timeZone: deps.config.timeZone, now: deps.clock.now() }, areaId, day);
}
