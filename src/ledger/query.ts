import { and, asc, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accessEvents, ledgerSignoffs, presence, siteLedgerSignoffs } from '../db/schema/access.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { people } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import type { LedgerEvent, SubjectIds } from './pairing.ts';
import type { LedgerArea, PersonNames } from './content.ts';

export const EVENT_COLUMNS = {
  id: accessEvents.id,
  areaId: accessEvents.areaId,
  direction: accessEvents.direction,
  result: accessEvents.result,
  refusalReason: accessEvents.refusalReason,
  flags: accessEvents.flags,
  personId: accessEvents.personId,
  visitorId: accessEvents.visitorId,
  escortPersonId: accessEvents.escortPersonId,
  nameSnapshot: accessEvents.nameSnapshot,
  affiliationSnapshot: accessEvents.affiliationSnapshot,
  purpose: accessEvents.purpose,
  method: accessEvents.method,
  note: accessEvents.note,
  correctsEventId: accessEvents.correctsEventId,
  correctionKind: accessEvents.correctionKind,
  occurredAt: accessEvents.occurredAt,
  recordedAt: accessEvents.recordedAt,
  recordedBy: accessEvents.recordedBy,
  paperSheet: accessEvents.paperSheet,
};

function prepareDayScan(db: Tx) {
  return db
    .select(EVENT_COLUMNS)
    .from(accessEvents)
    .where(and(eq(accessEvents.areaId, sql.placeholder('areaId')), gte(accessEvents.occurredAt, sql.placeholder('start')), lt(accessEvents.occurredAt, sql.placeholder('end'))))
    .orderBy(asc(accessEvents.occurredAt), asc(accessEvents.id))
    .prepare();
}

const dayScans = new WeakMap<Tx, ReturnType<typeof prepareDayScan>>();

/** Every event of the area in [start, end): one range scan of access_events_area_time_idx. */
export function dayEvents(db: Tx, areaId: number, start: number, end: number): LedgerEvent[] {
  let scan = dayScans.get(db);
  if (!scan) {
    scan = prepareDayScan(db);
    dayScans.set(db, scan);
  }
  return scan.all({ areaId, start, end });
}

/**
 * The given people's and visitors' accepted events in one area within [from, to). The unary plus keeps
 * the planner off the area index, so each subject is a seek on access_events_person_idx or
 * access_events_visitor_idx rather than a scan of the area.
 */
export function subjectEvents(db: Tx, areaId: number, who: SubjectIds, from: number, to: number): LedgerEvent[] {
  if (from >= to) return [];
  const of = (column: typeof accessEvents.personId | typeof accessEvents.visitorId, ids: number[]): LedgerEvent[] =>
    ids.length === 0
      ? []
      : db
          .select(EVENT_COLUMNS)
          .from(accessEvents)
          .where(and(inArray(column, ids), sql`+${accessEvents.areaId} = ${areaId}`, gte(accessEvents.occurredAt, from), lt(accessEvents.occurredAt, to), eq(accessEvents.result, 'accepted')))
          .all();
  return [...of(accessEvents.personId, who.personIds), ...of(accessEvents.visitorId, who.visitorIds)];
}

/** Entries of whoever is inside the area now and came in before `before`, however long ago. */
export function openEntriesBefore(db: Tx, areaId: number, before: number): LedgerEvent[] {
  return db
    .select(EVENT_COLUMNS)
    .from(presence)
    .innerJoin(accessEvents, eq(accessEvents.id, presence.entryEventId))
    .where(and(eq(presence.areaId, areaId), lt(presence.enteredAt, before)))
    .all();
}

export function personNames(db: Tx, ids: Iterable<number>): Map<number, PersonNames> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = db.select({ id: people.id, name: people.name, kana: people.kana }).from(people).where(inArray(people.id, list)).all();
  return new Map(rows.map((r) => [r.id, { name: r.name, kana: r.kana }]));
}

export function requireLedgerArea(db: Tx, areaId: number): LedgerArea {
  const row = db
    .select({ id: areas.id, name: areas.name, siteId: sites.id, siteName: sites.name })
    .from(areas)
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(eq(areas.id, areaId))
    .get();
  if (!row) throw AppError.notFound('area');
  return { id: row.id, name: row.name, site: { id: row.siteId, name: row.siteName } };
}

export type SignoffRow = typeof ledgerSignoffs.$inferSelect;

/** Which daily ledger a sign-off is for: the 入退室管理簿 or the 持込・持出管理簿. */
export type LedgerKind = SignoffRow['ledger'];

export function latestSignoff(db: Tx, areaId: number, day: string, ledger: LedgerKind = 'access') {
  return db
    .select({ signoff: ledgerSignoffs, personName: people.name })
    .from(ledgerSignoffs)
    .innerJoin(people, eq(people.id, ledgerSignoffs.personId))
    .where(and(eq(ledgerSignoffs.areaId, areaId), eq(ledgerSignoffs.day, day), eq(ledgerSignoffs.ledger, ledger)))
    .orderBy(desc(ledgerSignoffs.signedAt), desc(ledgerSignoffs.id))
    .limit(1)
    .get();
}

/** Sign-offs of an area that still stand, for days from `fromDay` on. */
export function standingSignoffs(db: Tx, areaId: number, fromDay: string, ledger: LedgerKind = 'access'): SignoffRow[] {
  return db
    .select()
    .from(ledgerSignoffs)
    .where(and(eq(ledgerSignoffs.areaId, areaId), gte(ledgerSignoffs.day, fromDay), isNull(ledgerSignoffs.supersededAt), eq(ledgerSignoffs.ledger, ledger)))
    .all();
}

export function markSuperseded(db: Tx, ids: number[], at: number): void {
  if (ids.length > 0) db.update(ledgerSignoffs).set({ supersededAt: at }).where(inArray(ledgerSignoffs.id, ids)).run();
}

export type SiteSignoffRow = typeof siteLedgerSignoffs.$inferSelect;

/** The areas of a site, by name: every managed area its daily record covers (B13). */
export function siteAreas(db: Tx, siteId: number): { id: number; name: string }[] {
  return db.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.siteId, siteId)).orderBy(asc(areas.name), asc(areas.id)).all();
}

export function requireSite(db: Tx, siteId: number): { id: number; name: string } {
  const row = db.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId)).get();
  if (!row) throw AppError.notFound('site');
  return row;
}

export function latestSiteSignoff(db: Tx, siteId: number, day: string) {
  return db
    .select({ signoff: siteLedgerSignoffs, personName: people.name })
    .from(siteLedgerSignoffs)
    .innerJoin(people, eq(people.id, siteLedgerSignoffs.personId))
    .where(and(eq(siteLedgerSignoffs.siteId, siteId), eq(siteLedgerSignoffs.day, day)))
    .orderBy(desc(siteLedgerSignoffs.signedAt), desc(siteLedgerSignoffs.id))
    .limit(1)
    .get();
}

/** Sign-offs of a site's daily record that still stand, for days from `fromDay` on. */
export function standingSiteSignoffs(db: Tx, siteId: number, fromDay: string): SiteSignoffRow[] {
  return db
    .select()
    .from(siteLedgerSignoffs)
    .where(and(eq(siteLedgerSignoffs.siteId, siteId), gte(siteLedgerSignoffs.day, fromDay), isNull(siteLedgerSignoffs.supersededAt)))
    .all();
}

export function markSiteSuperseded(db: Tx, ids: number[], at: number): void {
  if (ids.length > 0) db.update(siteLedgerSignoffs).set({ supersededAt: at }).where(inArray(siteLedgerSignoffs.id, ids)).run();
}
