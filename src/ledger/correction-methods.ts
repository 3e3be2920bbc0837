import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accessEvents } from '../db/schema/access.ts';
import type { StayRow } from './content.ts';

/**
 * The side of a stay that a supervisor's correction recorded (B3) is named `correction`, not `guard`.
 * The event itself is stored with the method `guard` (no one identified at a door), and the digest a
 * sign-off commits to was taken over that form: so this runs on a built ledger after its digest, and a
 * ledger signed before it still matches its signature (decision 0031).
 */
export function nameCorrections<T extends { stays: S[] }, S extends StayRow>(db: Tx, ledger: T): T {
  const ids = ledger.stays.filter((s) => s.corrected).flatMap((s) => [s.entryEventId, s.exitEventId].filter((id): id is number => id !== null));
  if (ids.length === 0) return ledger;
  const corrections = new Set(
    db
      .select({ id: accessEvents.id })
      .from(accessEvents)
      .where(and(inArray(accessEvents.id, ids), isNotNull(accessEvents.correctionKind)))
      .all()
      .map((r) => r.id),
  );
  const named = (id: number | null, method: StayRow['entryMethod']) => (id !== null && corrections.has(id) ? 'correction' : method);
  return { ...ledger, stays: ledger.stays.map((s) => (s.corrected ? { ...s, entryMethod: named(s.entryEventId, s.entryMethod), exitMethod: named(s.exitEventId, s.exitMethod) } : s)) };
}
