import { and, eq, gt, gte, isNull, lt, lte, ne, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { accessEvents } from '../db/schema/access.ts';
import { anomalies } from '../db/schema/compliance.ts';
import { kiosks } from '../db/schema/kiosks.ts';

const ph = sql.placeholder;
const voids = alias(accessEvents, 'voids');

/**
 * An accepted entry that still counts: not a void row itself and not voided by one (as the ledger pairs
 * them). Direction and result are written into the SQL, not bound: they are what lets SQLite use the
 * partial index access_events_person_area_entry_idx (a bound value cannot prove its WHERE).
 */
function countedEntry(db: Tx) {
  return and(
    sql`${accessEvents.direction} = 'in'`,
    sql`${accessEvents.result} = 'accepted'`,
    or(isNull(accessEvents.correctionKind), ne(accessEvents.correctionKind, 'void')),
    notExists(db.select({ one: sql`1` }).from(voids).where(and(eq(voids.correctsEventId, accessEvents.id), eq(voids.correctionKind, 'void')))),
  );
}

/**
 * Up to `limit` of the person's counted entries in [from, to), in one area or any; the LIMIT stops the
 * walk as soon as the answer is known. In one area it is a seek on access_events_person_area_entry_idx,
 * which holds only accepted entries: it reads at most `limit` of them (and the rare voided one) however
 * long the person's history, the rare area included (issue 20). In any area it walks
 * access_events_person_idx from the start of the look-back: entries alternate with exits, so it reads
 * about twice `limit` rows (test/access/checkin-query-plans.test.ts holds both to a seek).
 */
export function recentEntries(tx: Tx, personId: number, areaId: number | null, from: number, to: number, limit: number): number {
  const base = { personId, from, to, limit };
  if (areaId === null) {
    return prepared(tx, 'anomalies.entriesAnyArea', (db) =>
      db
        .select({ id: accessEvents.id })
        .from(accessEvents)
        .where(and(eq(accessEvents.personId, ph('personId')), gte(accessEvents.occurredAt, ph('from')), lt(accessEvents.occurredAt, ph('to')), countedEntry(db)))
        .limit(ph('limit'))
        .prepare(),
    ).all(base).length;
  }
  return prepared(tx, 'anomalies.entriesInArea', (db) =>
    db
      .select({ id: accessEvents.id })
      .from(accessEvents)
      .where(and(eq(accessEvents.personId, ph('personId')), eq(accessEvents.areaId, ph('areaId')), gte(accessEvents.occurredAt, ph('from')), lt(accessEvents.occurredAt, ph('to')), countedEntry(db)))
      .limit(ph('limit'))
      .prepare(),
  ).all({ ...base, areaId }).length;
}

/** Up to `limit` refusals of a person in (from, to]: a seek on the person's index. */
export function personRefusals(tx: Tx, personId: number, from: number, to: number, limit: number): number {
  return prepared(tx, 'anomalies.personRefusals', (db) =>
    db
      .select({ id: accessEvents.id })
      .from(accessEvents)
      .where(and(eq(accessEvents.personId, ph('personId')), gt(accessEvents.occurredAt, ph('from')), lte(accessEvents.occurredAt, ph('to')), eq(accessEvents.result, 'refused')))
      .limit(ph('limit'))
      .prepare(),
  ).all({ personId, from, to, limit }).length;
}

/**
 * Up to `limit` refusals recorded by a kiosk in (from, to], walking each of the kiosk's areas for the
 * window (minutes) on the area index; it runs only on a refusal.
 */
export function kioskRefusals(tx: Tx, kioskId: number, from: number, to: number, limit: number): number {
  const kiosk = prepared(tx, 'anomalies.kioskAreas', (db) => db.select({ areaIds: kiosks.areaIds }).from(kiosks).where(eq(kiosks.id, ph('id'))).prepare()).get({ id: kioskId });
  let found = 0;
  for (const areaId of kiosk?.areaIds ?? []) {
    found += prepared(tx, 'anomalies.kioskRefusals', (db) =>
      db
        .select({ id: accessEvents.id })
        .from(accessEvents)
        .where(and(eq(accessEvents.areaId, ph('areaId')), gt(accessEvents.occurredAt, ph('from')), lte(accessEvents.occurredAt, ph('to')), eq(accessEvents.kioskId, ph('kioskId')), eq(accessEvents.result, 'refused')))
        .limit(ph('limit'))
        .prepare(),
    ).all({ areaId, kioskId, from, to, limit: limit - found }).length;
    if (found >= limit) break;
  }
  return found;
}

/** Whether a repeated-refusals anomaly was already raised for this person or kiosk since `since` (one per burst). */
export function refusalBurstRaised(tx: Tx, scope: { personId: number | null; kioskId: number | null }, since: number): { person: boolean; kiosk: boolean } {
  const recent = prepared(tx, 'anomalies.recentBursts', (db) =>
    db
      .select({ personId: anomalies.personId, detail: anomalies.detail })
      .from(anomalies)
      .where(and(gt(anomalies.detectedAt, ph('since')), eq(anomalies.kind, 'repeated_refusals')))
      .prepare(),
  ).all({ since });
  return {
    person: scope.personId !== null && recent.some((a) => (a.detail.scopes as string[] | undefined)?.includes('person') && a.personId === scope.personId),
    kiosk: scope.kioskId !== null && recent.some((a) => (a.detail.scopes as string[] | undefined)?.includes('kiosk') && a.detail.kioskId === scope.kioskId),
  };
}
