import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Tx } from '../db/client.ts';
import { longStays } from '../db/schema/access.ts';

const ph = sql.placeholder;

/** A stay longer than this can cover a whole working day (23 h: a day is that short where clocks change). */
export const LONG_STAY_MS = 23 * 3_600_000;

export interface EndedStay {
  areaId: number;
  personId: number;
  entryEventId: number;
  enteredAt: number;
  exitEventId: number;
  exitedAt: number;
}

/** Keeps a pointer to a roster person's stay that may cover a whole day (B10); shorter stays are not kept. */
export function noteLongStay(tx: Tx, s: EndedStay): void {
  if (s.exitedAt - s.enteredAt <= LONG_STAY_MS) return;
  prepared(tx, 'longStays.insert', (db) =>
    db
      .insert(longStays)
      .values({ exitEventId: ph('exitEventId'), entryEventId: ph('entryEventId'), areaId: ph('areaId'), personId: ph('personId'), enteredAt: ph('enteredAt'), exitedAt: ph('exitedAt') } as unknown as typeof longStays.$inferInsert)
      .onConflictDoNothing()
      .prepare(),
  ).run({ ...s });
}

/** Long stays of the area that began in [from, start) and ended at or after `end`: they cover [start, end). */
export function longStaysCovering(tx: Tx, areaId: number, from: number, start: number, end: number): { personId: number; enteredAt: number }[] {
  return prepared(tx, 'longStays.covering', (db) =>
    db
      .select({ personId: longStays.personId, enteredAt: longStays.enteredAt })
      .from(longStays)
      .where(and(eq(longStays.areaId, ph('areaId')), gte(longStays.enteredAt, ph('from')), lt(longStays.enteredAt, ph('start')), gte(longStays.exitedAt, ph('end'))))
      .prepare(),
  ).all({ areaId, from, start, end });
}
