import type { people } from '../db/schema/roster.ts';

/** A roster entry as stored. */
export type Person = typeof people.$inferSelect;

/** Whether a person may act now: active, and inside their validity window (A1, A3). */
export function rosterStanding(p: Pick<Person, 'status' | 'validFrom' | 'validTo'>, at: number): 'ok' | 'suspended' | 'offboarded' | 'not_yet_valid' | 'expired' {
  if (p.status !== 'active') return p.status;
  if (p.validFrom !== null && at < p.validFrom) return 'not_yet_valid';
  if (p.validTo !== null && at >= p.validTo) return 'expired';
  return 'ok';
}
