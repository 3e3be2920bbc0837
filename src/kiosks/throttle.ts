import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { kiosks, kioskThrottles } from '../db/schema/kiosks.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';

/** Bad scans in a row from one source before it is made to wait. */
export const BAD_SCANS_BEFORE_THROTTLE = 5;
// The first wait is 32 s (2^5), then 64, 128 … up to 15 minutes: a person who mistypes or holds the
// wrong badge barely notices, a script or a prankster is slowed to a few scans an hour.
const FIRST_EXPONENT = 4;
const MAX_THROTTLE_MS = 15 * 60_000;
// A source quiet this long starts again from the shortest wait.
const FORGET_AFTER_MS = 60 * 60_000;

export type Throttle = typeof kioskThrottles.$inferSelect;

/** Who a scan came from, as far as the kiosk can tell: what a throttle applies to. */
export function scanSource(who: { badgeSerial?: number | null; personId: number | null; failed: boolean }): string {
  if (who.badgeSerial !== undefined && who.badgeSerial !== null) return `badge:${who.badgeSerial}`;
  if (who.failed || who.personId === null) return 'unidentified';
  return `person:${who.personId}`;
}

/** How long the `level`-th throttle in a row lasts: 32 s, 64 s, … 15 min. */
export function throttleMs(level: number): number {
  return Math.min(2 ** (level + FIRST_EXPONENT) * 1000, MAX_THROTTLE_MS);
}

// On every check-in (once: throttleOf): prepared once per connection, as the rest of the hot path is (src/db/prepared.ts).
function find(tx: Tx, kioskId: number, source: string): Throttle | undefined {
  return prepared(tx, 'kioskThrottles.bySource', (db) =>
    db
      .select()
      .from(kioskThrottles)
      .where(and(eq(kioskThrottles.kioskId, sql.placeholder('kioskId')), eq(kioskThrottles.source, sql.placeholder('source'))))
      .prepare(),
  ).get({ kioskId, source });
}

/** The source's throttle row at this kiosk, if it has one: read once per scan, for both functions below. */
export function throttleOf(tx: Tx, kioskId: number, source: string): Throttle | undefined {
  return find(tx, kioskId, source);
}

/** Until when `source` is refused at this kiosk, or null when it may scan (`row`: its throttleOf). */
export function throttledUntil(row: Throttle | undefined, now: number): number | null {
  return row?.throttledUntil != null && row.throttledUntil > now ? row.throttledUntil : null;
}

/**
 * Counts one scan's result against its source, in the transaction that recorded the scan. A good scan
 * clears the run of bad ones; the BAD_SCANS_BEFORE_THROTTLE-th bad one starts a throttle, which is a
 * journal entry of its own (the refusal has its own). Scans refused because of a throttle are not
 * counted: the wait does not grow while someone keeps trying during it.
 */
export function countScan(tx: Tx, ctx: Ctx, kioskId: number, source: string, refused: boolean, row: Throttle | undefined): void {
  const now = ctx.deps.clock.now();
  if (!refused) {
    if (row && row.strikes > 0) tx.update(kioskThrottles).set({ strikes: 0, updatedAt: now }).where(eq(kioskThrottles.id, row.id)).run();
    return;
  }
  const forgotten = !row || now - row.updatedAt > FORGET_AFTER_MS;
  const strikes = (forgotten ? 0 : row.strikes) + 1;
  const level = forgotten ? 0 : row.level;
  if (strikes < BAD_SCANS_BEFORE_THROTTLE) {
    if (row) tx.update(kioskThrottles).set({ strikes, level, updatedAt: now }).where(eq(kioskThrottles.id, row.id)).run();
    else tx.insert(kioskThrottles).values({ kioskId, source, strikes, level, throttledUntil: null, updatedAt: now }).run();
    return;
  }
  const change = { strikes: 0, level: level + 1, throttledUntil: now + throttleMs(level + 1), updatedAt: now };
  const applied = row
    ? tx.update(kioskThrottles).set(change).where(eq(kioskThrottles.id, row.id)).returning().get()!
    : tx.insert(kioskThrottles).values({ kioskId, source, ...change }).returning().get();
  recordChange(tx, ctx, { action: 'kiosk.throttled', entityType: 'kiosk_throttle', entityId: applied.id, data: applied });
}

export function throttleView(t: Throttle) {
  const [kind, id] = t.source.split(':') as ['badge' | 'person' | 'unidentified', string | undefined];
  return { kind, badgeSerial: kind === 'badge' ? Number(id) : null, throttledUntil: iso(t.throttledUntil) };
}

/** The throttles in force at each kiosk now (for the console's kiosk page). */
export function activeThrottles(tx: Tx, now: number): Map<number, Throttle[]> {
  const rows = tx.select().from(kioskThrottles).where(gt(kioskThrottles.throttledUntil, now)).orderBy(asc(kioskThrottles.id)).all();
  const out = new Map<number, Throttle[]>();
  for (const r of rows) out.set(r.kioskId, [...(out.get(r.kioskId) ?? []), r]);
  return out;
}

/**
 * A guard lifts every throttle at a kiosk (they have seen who was scanning). Each source starts again
 * from the shortest wait. One journal entry, with the throttles as they were lifted.
 */
export function releaseKioskThrottles(ctx: Ctx, kioskId: number) {
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    if (!tx.select({ id: kiosks.id }).from(kiosks).where(eq(kiosks.id, kioskId)).get()) throw AppError.notFound('kiosk');
    const active = activeThrottles(tx, now).get(kioskId) ?? [];
    if (active.length === 0) throw new AppError('CONFLICT', 'this kiosk is not throttling anyone');
    const released = tx
      .update(kioskThrottles)
      .set({ strikes: 0, level: 0, throttledUntil: null, updatedAt: now })
      .where(and(eq(kioskThrottles.kioskId, kioskId), gt(kioskThrottles.throttledUntil, now)))
      .returning()
      .all();
    recordChange(tx, ctx, { action: 'kiosk.throttle_released', entityType: 'kiosk', entityId: kioskId, data: { kioskId, releasedAt: now, released } });
    return { kioskId, released: released.length };
  });
}
