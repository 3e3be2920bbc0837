import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Tx } from '../db/client.ts';
import { accessEvents, presence, visitors } from '../db/schema/access.ts';
import { areas } from '../db/schema/areas.ts';
import { organisations, people } from '../db/schema/roster.ts';

export type Subject = { personId: number; visitorId?: undefined } | { visitorId: number; personId?: undefined };

export function subjectKey(s: Subject): string {
  return s.personId !== undefined ? `p:${s.personId}` : `v:${s.visitorId}`;
}

export function presenceOf(tx: Tx, areaId: number, s: Subject) {
  return prepared(tx, 'presence.one', (db) =>
    db
      .select()
      .from(presence)
      .where(and(eq(presence.areaId, sql.placeholder('areaId')), eq(presence.subject, sql.placeholder('subject'))))
      .prepare(),
  ).get({ areaId, subject: subjectKey(s) });
}

/**
 * Up to `limit` others inside an area now. The two-person and last-out rules only need to know
 * whether nobody, one person or more remain, so they never read the whole room.
 */
export function othersInside(tx: Tx, areaId: number, s: Subject, limit: number) {
  return prepared(tx, 'presence.others', (db) =>
    db
      .select({ subject: presence.subject, personId: presence.personId, visitorId: presence.visitorId })
      .from(presence)
      .where(and(eq(presence.areaId, sql.placeholder('areaId')), ne(presence.subject, sql.placeholder('subject'))))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ areaId, subject: subjectKey(s), limit });
}

export function enter(tx: Tx, areaId: number, s: Subject, eventId: number, at: number) {
  prepared(tx, 'presence.enter', (db) =>
    db
      .insert(presence)
      .values({
        areaId: sql.placeholder('areaId'),
        subject: sql.placeholder('subject'),
        personId: sql.placeholder('personId'),
        visitorId: sql.placeholder('visitorId'),
        entryEventId: sql.placeholder('entryEventId'),
        enteredAt: sql.placeholder('enteredAt'),
      } as unknown as typeof presence.$inferInsert)
      .onConflictDoUpdate({ target: [presence.areaId, presence.subject], set: { entryEventId: sql`excluded.entry_event_id`, enteredAt: sql`excluded.entered_at` } })
      .prepare(),
  ).run({ areaId, subject: subjectKey(s), personId: s.personId ?? null, visitorId: s.visitorId ?? null, entryEventId: eventId, enteredAt: at });
}

/** Ends the subject's stay in the area; returns the entry it began with, if they were inside. */
export function leave(tx: Tx, areaId: number, s: Subject): { entryEventId: number; enteredAt: number } | undefined {
  return prepared(tx, 'presence.leave', (db) =>
    db
      .delete(presence)
      .where(and(eq(presence.areaId, sql.placeholder('areaId')), eq(presence.subject, sql.placeholder('subject'))))
      .returning({ entryEventId: presence.entryEventId, enteredAt: presence.enteredAt })
      .prepare(),
  ).get({ areaId, subject: subjectKey(s) });
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
      /** The entry was transcribed from a paper sheet (事後記録, B12). */
      paperRecord: sql<number>`${accessEvents.method} = 'paper'`.mapWith(Boolean),
    })
    .from(presence)
    .innerJoin(areas, eq(areas.id, presence.areaId))
    .innerJoin(accessEvents, eq(accessEvents.id, presence.entryEventId))
    .leftJoin(people, eq(people.id, presence.personId))
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .leftJoin(visitors, eq(visitors.id, presence.visitorId))
    .where(inArray(presence.areaId, areaIds))
    .orderBy(asc(areas.name), asc(presence.enteredAt))
    .all();
}
