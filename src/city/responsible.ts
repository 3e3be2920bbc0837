import type { Tx } from '../db/client.ts';
import { AppError } from '../http/app-error.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';

/**
 * The 責任者 a request to 甲 names (F2, 「責任者等を明確に」): a person on the roster who can work now, of the
 * contractor (甲's own staff answer for nothing of the contractor's), and someone other than `other` (the
 * device's custodian, the requester) while the site's policy wants the two distinct. Refusals name `field`.
 */
export function assertResponsible(tx: Tx, field: string, id: number, now: number, other: { id: number | null; distinct: boolean; words: string }): void {
  const person = requirePerson(tx, id, field);
  const standing = rosterStanding(person, now);
  if (standing !== 'ok') throw AppError.field(field, `this person cannot be the responsible person now (${standing})`);
  if (person.roles.includes('city')) throw AppError.field(field, "the responsible person (責任者) is the contractor's, not the city's staff");
  if (other.distinct && other.id === id) throw AppError.field(field, other.words);
}
