import { and, asc, eq, gt, gte, lt, or } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accessEvents, REFUSAL_REASONS, type RefusalReason } from '../db/schema/access.ts';
import { areas } from '../db/schema/areas.ts';
import { iso } from '../http/fields.ts';
import { effectiveEvents, MAX_STAY_MS, subjectIds, subjectOf, type LedgerEvent } from '../ledger/pairing.ts';
import { EVENT_COLUMNS, subjectEvents } from '../ledger/query.ts';
import { UNKNOWN_NAME } from '../ledger/content.ts';
import { CHUNK, pages } from './snapshot.ts';

export interface AreaTally {
  areaId: number;
  areaName: string;
  entries: number;
  exits: number;
  refusals: number;
  staysWithoutExit: number;
}

export interface OpenStay {
  areaId: number;
  areaName: string;
  kind: 'person' | 'visitor';
  personId: number | null;
  visitorId: number | null;
  name: string;
  entryAt: string;
  entryEventId: number;
}

export interface AccessMonth {
  entries: number;
  exits: number;
  visitorEntries: number;
  refusals: number;
  refusalsByReason: Record<RefusalReason, number>;
  byArea: AreaTally[];
  staysWithoutExit: number;
  /** The first of them, in time order (the count above is complete). */
  staysWithoutExitList: OpenStay[];
}

export const LIST_LIMIT = 500;

/** Events voided by a supervisor's correction in the window: few, found through the corrects index. */
function voidedIn(db: Tx, start: number, end: number): Set<number> {
  const rows = db
    .select({ id: accessEvents.correctsEventId })
    .from(accessEvents)
    // A range on corrects_event_id (ids are positive): it lets SQLite use access_events_corrects_idx, which holds corrections only.
    .where(and(gt(accessEvents.correctsEventId, 0), eq(accessEvents.correctionKind, 'void'), gte(accessEvents.occurredAt, start), lt(accessEvents.occurredAt, end)))
    .all();
  return new Set(rows.map((r) => r.id!));
}

type Key = { at: number; id: number };

function areaPage(db: Tx, areaId: number, end: number) {
  return (after: Key): LedgerEvent[] =>
    db
      .select(EVENT_COLUMNS)
      .from(accessEvents)
      // The plain lower bound lets the index seek to the page; the OR only breaks ties on the same instant.
      .where(and(eq(accessEvents.areaId, areaId), gte(accessEvents.occurredAt, after.at), lt(accessEvents.occurredAt, end), or(gt(accessEvents.occurredAt, after.at), gt(accessEvents.id, after.id))))
      .orderBy(asc(accessEvents.occurredAt), asc(accessEvents.id))
      .limit(CHUNK)
      .all();
}

/** Of the entries still open at the month's end, those whose subject's next event in the area is not an exit. */
function stillOpen(db: Tx, areaId: number, open: LedgerEvent[], end: number, now: number): LedgerEvent[] {
  const until = Math.min(end + MAX_STAY_MS, now + 1);
  const later = effectiveEvents(subjectEvents(db, areaId, subjectIds(open), end, until));
  const next = new Map<string, LedgerEvent>();
  for (const e of later) if (!next.has(subjectOf(e)!)) next.set(subjectOf(e)!, e);
  return open.filter((e) => next.get(subjectOf(e)!)?.direction !== 'out');
}

/**
 * A month of access events of one site's areas, area by area in time order and in chunks (E3): entries, exits and refusals
 * that still count (void rows and what they void left out, as on the daily ledger), and the stays that
 * began in the month and never got an exit (an entry followed by another entry, or by nothing).
 */
export async function accessMonth(db: Tx, siteId: number, start: number, end: number, now: number): Promise<AccessMonth> {
  const voided = voidedIn(db, start, end);
  const out: AccessMonth = { entries: 0, exits: 0, visitorEntries: 0, refusals: 0, refusalsByReason: Object.fromEntries(REFUSAL_REASONS.map((r) => [r, 0])) as Record<RefusalReason, number>, byArea: [], staysWithoutExit: 0, staysWithoutExitList: [] };
  const missing: { area: { id: number; name: string }; entry: LedgerEvent }[] = [];
  for (const area of db.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.siteId, siteId)).orderBy(asc(areas.id)).all()) {
    const tally: AreaTally = { areaId: area.id, areaName: area.name, entries: 0, exits: 0, refusals: 0, staysWithoutExit: 0 };
    const open = new Map<string, LedgerEvent>();
    const ended = (e: LedgerEvent) => {
      tally.staysWithoutExit += 1;
      missing.push({ area, entry: e });
    };
    for await (const rows of pages<LedgerEvent, Key>({ at: start, id: 0 }, areaPage(db, area.id, end), (e) => ({ at: e.occurredAt, id: e.id }))) {
      for (const e of rows) {
        if (e.result === 'refused') {
          tally.refusals += 1;
          if (e.refusalReason) out.refusalsByReason[e.refusalReason] += 1;
          continue;
        }
        if (e.correctionKind === 'void' || voided.has(e.id)) continue;
        const key = subjectOf(e);
        if (key === null) continue;
        if (e.direction === 'in') {
          tally.entries += 1;
          if (e.visitorId !== null) out.visitorEntries += 1;
          const before = open.get(key);
          if (before) ended(before);
          open.set(key, e);
        } else {
          tally.exits += 1;
          open.delete(key);
        }
      }
    }
    for (const e of stillOpen(db, area.id, [...open.values()], end, now)) ended(e);
    if (tally.entries + tally.exits + tally.refusals > 0) out.byArea.push(tally);
  }
  for (const t of out.byArea) {
    out.entries += t.entries;
    out.exits += t.exits;
    out.refusals += t.refusals;
    out.staysWithoutExit += t.staysWithoutExit;
  }
  missing.sort((a, b) => a.entry.occurredAt - b.entry.occurredAt || a.entry.id - b.entry.id);
  out.staysWithoutExitList = missing.slice(0, LIST_LIMIT).map(({ area, entry: e }) => ({
    areaId: area.id,
    areaName: area.name,
    kind: e.personId !== null ? 'person' : 'visitor',
    personId: e.personId,
    visitorId: e.visitorId,
    name: e.nameSnapshot ?? UNKNOWN_NAME,
    entryAt: iso(e.occurredAt),
    entryEventId: e.id,
  }));
  return out;
}
