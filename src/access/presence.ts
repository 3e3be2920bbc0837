import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { presence, visitors } from '../db/schema/access.ts';
import { areas } from '../db/schema/areas.ts';
import { organisations, people } from '../db/schema/roster.ts';

export type Subject = { personId: number; visitorId?: undefined } | { visitorId: number; personId?: undefined };

export function subjectKey(s: Subject): string {
  return s.personId !== undefined ? `p:${s.personId}` : `v:${s.visitorId}`;
}

export function presenceOf(tx: Tx, areaId: number, s: Subject) {
  return tx.select().from(presence).where(and(eq(presence.areaId, areaId), eq(presence.subject, subjectKey(s)))).get();
}

/** Rows inside an area now, as (subject, person?, visitor?) — the raw material of the two-person and last-out rules. */
export function insideArea(tx: Tx, areaId: number) {
  return tx.select({ subject: presence.subject, personId: presence.personId, visitorId: presence.visitorId }).from(presence).where(eq(presence.areaId, areaId)).all();
}

export function enter(tx: Tx, areaId: number, s: Subject, eventId: number, at: number) {
  tx.insert(presence)
    .values({ areaId, subject: subjectKey(s), personId: s.personId ?? null, visitorId: s.visitorId ?? null, entryEventId: eventId, enteredAt: at })
    .onConflictDoUpdate({ target: [presence.areaId, presence.subject], set: { entryEventId: eventId, enteredAt: at } })
    .run();
}

export function leave(tx: Tx, areaId: number, s: Subject) {
  tx.delete(presence).where(and(eq(presence.areaId, areaId), eq(presence.subject, subjectKey(s)))).run();
}

/** Everyone inside the given areas now, with name, affiliation, area and entry time (guards, muster lists). */
export function whoIsInside(tx: Tx, areaIds: number[]) {
  if (areaIds.length === 0) return [];
  return tx
    .select({
      areaId: presence.areaId,
      areaName: areas.name,
      personId: presence.personId,
      visitorId: presence.visitorId,
      name: sql<string>`coalesce(${people.name}, ${visitors.name})`,
      kana: people.kana,
      affiliation: sql<string>`coalesce(${organisations.name}, ${visitors.affiliation})`,
      escortPersonId: visitors.escortPersonId,
      enteredAt: presence.enteredAt,
      entryEventId: presence.entryEventId,
    })
    .from(presence)
    .innerJoin(areas, eq(areas.id, presence.areaId))
    .leftJoin(people, eq(people.id, presence.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .leftJoin(visitors, eq(visitors.id, presence.visitorId))
    .where(inArray(presence.areaId, areaIds))
    .orderBy(asc(areas.name), asc(presence.enteredAt))
    .all();
}
