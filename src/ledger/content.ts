import type { AccessFlag, EventMethod, RefusalReason } from '../db/schema/access.ts';
import { iso } from '../http/fields.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';
import { dayBounds, eraDate } from '../time.ts';
import { byStayStart, overlapsDay, pairStays, stayFlags, type LedgerEvent, type RawStay } from './pairing.ts';

export interface LedgerArea {
  id: number;
  name: string;
  site: { id: number; name: string };
}

/**
 * How a stay's end was recorded, as a ledger shows it: the event's method, or `correction` for an end a
 * supervisor's correction recorded. `correction` appears only on a built ledger, after its digest
 * (correction-methods.ts): the content hashed keeps the stored method.
 */
export type StayMethod = EventMethod | 'correction';

export interface StayRow {
  kind: 'person' | 'visitor';
  personId: number | null;
  visitorId: number | null;
  name: string;
  kana: string | null;
  affiliation: string;
  escortName: string | null;
  purpose: string;
  entryAt: string | null;
  exitAt: string | null;
  entryMethod: StayMethod | null;
  exitMethod: StayMethod | null;
  flags: AccessFlag[];
  entryEventId: number | null;
  exitEventId: number | null;
  missingExit: boolean;
  corrected: boolean;
  correctionReason: string | null;
  /**
   * The stay's events transcribed from a paper sheet (事後記録, B12): each with the time it was recorded,
   * beside the time it claims. Absent, not empty, on other stays, so that their digests stay as they were.
   */
  paper?: PaperNote[];
}

export interface PaperNote {
  direction: 'in' | 'out';
  recordedAt: string;
  recordedById: number | null;
  recordedByName: string | null;
  sheet: string;
  reason: string;
}

export interface RefusalRow {
  eventId: number;
  at: string;
  direction: 'in' | 'out';
  personId: number | null;
  visitorId: number | null;
  name: string;
  affiliation: string;
  method: EventMethod;
  refusalReason: RefusalReason | null;
  note: string;
}

/** What the digest covers: everything printed on the ledger except the sign-off itself. */
export interface LedgerContent {
  area: LedgerArea;
  day: string;
  eraDay: string;
  stays: StayRow[];
  refusals: RefusalRow[];
  totals: { stays: number; entries: number; exits: number; missingExits: number; refusals: number };
}

export interface PersonNames {
  name: string;
  kana: string;
}

export const UNKNOWN_NAME = '不明';

function paperNotes(s: RawStay, people: ReadonlyMap<number, PersonNames>): PaperNote[] | undefined {
  const notes = [s.entry, s.exit]
    .filter((e) => e?.method === 'paper')
    .map((e) => ({
      direction: e!.direction,
      recordedAt: iso(e!.recordedAt ?? e!.occurredAt),
      recordedById: e!.recordedBy ?? null,
      recordedByName: e!.recordedBy == null ? null : (people.get(e!.recordedBy)?.name ?? null),
      sheet: e!.paperSheet ?? '',
      reason: e!.note,
    }));
  return notes.length > 0 ? notes : undefined;
}

function stayRow(s: RawStay, people: ReadonlyMap<number, PersonNames>): StayRow {
  const first = (s.entry ?? s.exit)!;
  const correction = [s.entry, s.exit].find((e) => e?.correctionKind) ?? null;
  const escortId = s.entry?.escortPersonId ?? s.exit?.escortPersonId ?? null;
  const isVisitor = first.personId === null;
  return {
    kind: isVisitor ? 'visitor' : 'person',
    personId: first.personId,
    visitorId: first.visitorId,
    name: s.entry?.nameSnapshot ?? s.exit?.nameSnapshot ?? UNKNOWN_NAME,
    kana: isVisitor ? null : (people.get(first.personId!)?.kana ?? null),
    affiliation: s.entry?.affiliationSnapshot ?? s.exit?.affiliationSnapshot ?? '',
    escortName: isVisitor && escortId !== null ? (people.get(escortId)?.name ?? null) : null,
    purpose: s.entry?.purpose ?? '',
    entryAt: s.entry ? iso(s.entry.occurredAt) : null,
    exitAt: s.exit ? iso(s.exit.occurredAt) : null,
    entryMethod: s.entry?.method ?? null,
    exitMethod: s.exit?.method ?? null,
    flags: stayFlags(s),
    entryEventId: s.entry?.id ?? null,
    exitEventId: s.exit?.id ?? null,
    missingExit: s.exit === null,
    corrected: correction !== null,
    correctionReason: correction?.note ?? null,
    paper: paperNotes(s, people),
  };
}

function refusalRow(e: LedgerEvent): RefusalRow {
  return {
    eventId: e.id,
    at: iso(e.occurredAt),
    direction: e.direction,
    personId: e.personId,
    visitorId: e.visitorId,
    name: e.nameSnapshot ?? UNKNOWN_NAME,
    affiliation: e.affiliationSnapshot ?? '',
    method: e.method,
    refusalReason: e.refusalReason,
    note: e.note,
  };
}

const within = (at: number | undefined, start: number, end: number) => at !== undefined && at >= start && at < end;

/**
 * The ledger of one area for one working day, from its events. `events` must hold the day's events of
 * the area and, for stays crossing midnight, the other half: any superset (the whole history) gives the
 * same result, which is what the journal-replay check relies on.
 */
export function assembleLedger(input: { area: LedgerArea; day: string; timeZone: string; events: readonly LedgerEvent[]; people: ReadonlyMap<number, PersonNames> }): LedgerContent {
  const { start, end } = dayBounds(input.day, input.timeZone);
  const inArea = input.events.filter((e) => e.areaId === input.area.id);
  const raw = pairStays(inArea)
    .filter((s) => overlapsDay(s, start, end))
    .sort(byStayStart);
  const refused = inArea.filter((e) => e.result === 'refused' && within(e.occurredAt, start, end)).sort((a, b) => a.occurredAt - b.occurredAt || a.id - b.id);
  return {
    area: input.area,
    day: input.day,
    eraDay: eraDate(input.day, input.timeZone),
    stays: raw.map((s) => stayRow(s, input.people)),
    refusals: refused.map(refusalRow),
    totals: {
      stays: raw.length,
      entries: raw.filter((s) => within(s.entry?.occurredAt, start, end)).length,
      exits: raw.filter((s) => within(s.exit?.occurredAt, start, end)).length,
      missingExits: raw.filter((s) => s.exit === null).length,
      refusals: refused.length,
    },
  };
}

/** SHA-256 over the canonical JSON of the content: what a sign-off's passkey signature commits to. */
export function ledgerDigest(content: LedgerContent): string {
  return sha256Hex(canonicalJson(content));
}
