import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { placeholders, prepared } from '../db/prepared.ts';
import type { Tx } from '../db/client.ts';
import { longStays } from '../db/schema/access.ts';
import type { Subject } from './presence.ts';

const ph = sql.placeholder;

/** A stay longer than this can cover a whole working day (23 h: a day is that short where clocks change). */
export const LONG_STAY_MS = 23 * 3_600_000;

export interface EndedStay {
  areaId: number;
  subject: Subject;
  entryEventId: number;
  enteredAt: number;
  exitEventId: number;
  exitedAt: number;
}

type LongStay = typeof longStays.$inferSelect;
const LONG_STAY_COLUMNS = ['exitEventId', 'entryEventId', 'areaId', 'personId', 'visitorId', 'enteredAt', 'exitedAt'] as const satisfies readonly (keyof LongStay)[];

/** Keeps a pointer to a stay that may cover a whole day (B10), a person's or a visitor's; shorter stays are not kept. */
export function noteLongStay(tx: Tx, s: EndedStay): void {
  if (s.exitedAt - s.enteredAt <= LONG_STAY_MS) return;
  const row: LongStay = {
    exitEventId: s.exitEventId,
    entryEventId: s.entryEventId,
    areaId: s.areaId,
    personId: s.subject.personId ?? null,
    visitorId: s.subject.visitorId ?? null,
    enteredAt: s.enteredAt,
    exitedAt: s.exitedAt,
  };
  prepared(tx, 'longStays.insert', (db) => db.insert(longStays).values(placeholders<LongStay>(LONG_STAY_COLUMNS)).onConflictDoNothing().prepare()).run(row);
}

/** Long stays of the area that began in [from, start) and ended at or after `end`: they cover [start, end). */
export function longStaysCovering(tx: Tx, areaId: number, from: number, start: number, end: number): { personId: number | null; visitorId: number | null; enteredAt: number }[] {
  return prepared(tx, 'longStays.covering', (db) =>
    db
      .select({ personId: longStays.personId, visitorId: longStays.visitorId, enteredAt: longStays.enteredAt })
      .from(longStays)
      .where(and(eq(longStays.areaId, ph('areaId')), gte(longStays.enteredAt, ph('from')), lt(longStays.enteredAt, ph('start')), gte(longStays.exitedAt, ph('end'))))
      .prepare(),
  ).all({ areaId, from, start, end });
}
