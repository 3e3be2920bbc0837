import { ACCESS_FLAGS, type AccessFlag, type accessEvents } from '../db/schema/access.ts';

type AccessEventRow = typeof accessEvents.$inferSelect;

/** The columns of an access event the ledger reads (from the table, or from a replayed journal entry). */
export type LedgerEvent = Pick<
  AccessEventRow,
  | 'id'
  | 'areaId'
  | 'direction'
  | 'result'
  | 'refusalReason'
  | 'flags'
  | 'personId'
  | 'visitorId'
  | 'escortPersonId'
  | 'nameSnapshot'
  | 'affiliationSnapshot'
  | 'purpose'
  | 'method'
  | 'note'
  | 'correctsEventId'
  | 'correctionKind'
  | 'occurredAt'
> &
  // Read for paper records only (B12): when they were transcribed, by whom, from which sheet. Optional so
  // that events replayed from older journal entries still pair.
  Partial<Pick<AccessEventRow, 'recordedAt' | 'recordedBy' | 'paperSheet'>>;

/** One stay as paired from events: an entry, its exit, or both. */
export interface RawStay {
  entry: LedgerEvent | null;
  exit: LedgerEvent | null;
  /** For an entry with no exit: the subject's next entry, after which the stay no longer counts as inside. */
  endedBy: number | null;
}

/**
 * How far the ledger looks before and after its day for the other half of a stay that crosses midnight,
 * a roster person's or a visitor's: each look-up goes through the subject's own index, so the window
 * costs only the subject's own events.
 */
export const MAX_STAY_MS = 31 * 86_400_000;

export function subjectOf(e: Pick<LedgerEvent, 'personId' | 'visitorId'>): string | null {
  if (e.personId !== null) return `p:${e.personId}`;
  if (e.visitorId !== null) return `v:${e.visitorId}`;
  return null;
}

function byTime(a: LedgerEvent, b: LedgerEvent): number {
  return a.occurredAt - b.occurredAt || a.id - b.id;
}

/**
 * Accepted events that still count, in time order: void rows and the events they void are left out.
 * A void row carries the time of the event it voids, so both always fall in the same read window.
 */
export function effectiveEvents(events: readonly LedgerEvent[]): LedgerEvent[] {
  const voided = new Set<number>();
  for (const e of events) if (e.correctionKind === 'void' && e.correctsEventId !== null) voided.add(e.correctsEventId);
  return events.filter((e) => e.result === 'accepted' && e.correctionKind !== 'void' && !voided.has(e.id)).sort(byTime);
}

function groupBySubject(events: readonly LedgerEvent[]): Map<string, LedgerEvent[]> {
  const groups = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    const key = subjectOf(e);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}

/**
 * Pairs each entry with the same subject's next exit. A second entry while one is open leaves the first
 * without an exit; an exit with nothing open stands alone. Corrections (add_exit, add_entry) pair like
 * any other entry or exit: their time was checked to fall where they belong.
 */
export function pairStays(events: readonly LedgerEvent[]): RawStay[] {
  const stays: RawStay[] = [];
  for (const timeline of groupBySubject(effectiveEvents(events)).values()) {
    let open: LedgerEvent | null = null;
    for (const e of timeline) {
      if (e.direction === 'in') {
        if (open) stays.push({ entry: open, exit: null, endedBy: e.occurredAt });
        open = e;
      } else {
        stays.push({ entry: open, exit: e, endedBy: null });
        open = null;
      }
    }
    if (open) stays.push({ entry: open, exit: null, endedBy: null });
  }
  return stays;
}

/** A stay belongs to a day's ledger when any part of it falls in [start, end). */
export function overlapsDay(s: RawStay, start: number, end: number): boolean {
  if (!s.entry) return s.exit!.occurredAt >= start && s.exit!.occurredAt < end;
  if (s.entry.occurredAt >= end) return false;
  const until = s.exit?.occurredAt ?? s.endedBy;
  return until === null || until >= start;
}

/**
 * Which subjects of a day need a look outside it: back, when the day starts with an exit or a flagged
 * second entry (the stay began earlier); ahead, when the day ends with an entry (its exit comes later).
 */
export function boundarySubjects(dayEvents: readonly LedgerEvent[]): { back: SubjectIds; ahead: SubjectIds } {
  const back: LedgerEvent[] = [];
  const ahead: LedgerEvent[] = [];
  for (const timeline of groupBySubject(effectiveEvents(dayEvents)).values()) {
    const first = timeline[0]!;
    const last = timeline[timeline.length - 1]!;
    if (first.direction === 'out' || first.flags.includes('out_of_sequence')) back.push(first);
    if (last.direction === 'in') ahead.push(last);
  }
  return { back: subjectIds(back), ahead: subjectIds(ahead) };
}

/** Roster people and visitors, by id: whose events a look outside a day or a month reads. */
export interface SubjectIds {
  personIds: number[];
  visitorIds: number[];
}

/** The distinct people and visitors of some events (or of rows naming one of the two). */
export function subjectIds(rows: readonly Pick<LedgerEvent, 'personId' | 'visitorId'>[]): SubjectIds {
  const personIds = new Set<number>();
  const visitorIds = new Set<number>();
  for (const r of rows) {
    if (r.personId !== null) personIds.add(r.personId);
    else if (r.visitorId !== null) visitorIds.add(r.visitorId);
  }
  return { personIds: [...personIds], visitorIds: [...visitorIds] };
}

/** The union of both events' flags, in the schema's order. */
export function stayFlags(s: RawStay): AccessFlag[] {
  const present = new Set([...(s.entry?.flags ?? []), ...(s.exit?.flags ?? [])]);
  return ACCESS_FLAGS.filter((f) => present.has(f));
}

export function stayStart(s: RawStay): number {
  return s.entry?.occurredAt ?? s.exit!.occurredAt;
}

export function byStayStart(a: RawStay, b: RawStay): number {
  return stayStart(a) - stayStart(b) || (a.entry ?? a.exit)!.id - (b.entry ?? b.exit)!.id;
}
