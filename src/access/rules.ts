import type { Tx } from '../db/client.ts';
import type { AccessFlag, RefusalReason } from '../db/schema/access.ts';
import type { Area } from '../areas/service.ts';
import { isAuthorized } from '../areas/service.ts';
import { rosterStanding, type Person } from '../roster/standing.ts';
import type { IdMethod } from '../db/schema/areas.ts';
import { othersInside, presenceOf, type Subject } from './presence.ts';
import { lacksRequiredTraining } from '../training/policy.ts';

export interface Decision {
  result: 'accepted' | 'refused';
  reason: RefusalReason | null;
  flags: AccessFlag[];
  warnings: Warning[];
  /**
   * The subject's stay in the area as the sequence rule read it (null: not inside), on every decision
   * that got that far; the anomaly rules take it from here instead of reading it again (issue 20).
   */
  stay?: Stay | null;
}

/** A row of who is inside: the entry a stay began with. */
export type Stay = NonNullable<ReturnType<typeof presenceOf>>;

export type Warning =
  | { code: 'last_person_out'; remainingPersonId: number | null }
  | { code: 'alone_in_two_person_area' }
  | { code: 'out_of_sequence'; detail: 'already_inside' | 'not_inside' };

const refuse = (reason: RefusalReason): Decision => ({ result: 'refused', reason, flags: [], warnings: [] });

/** What the entry rules read of a roster person. */
export type PersonFacts = Pick<Person, 'id' | 'status' | 'validFrom' | 'validTo'>;

/** Why a roster person may not enter the area at `at` (standing, authorization, training), or null. */
export function entryRefusal(tx: Tx, areaId: number, person: PersonFacts, at: number): RefusalReason | null {
  const standing = rosterStanding(person, at);
  if (standing !== 'ok') return standing;
  if (!isAuthorized(tx, person.id, areaId, at)) return 'not_authorized';
  // A4: an area with a training policy (area_training_policy) admits only people holding a current record of its course.
  if (lacksRequiredTraining(tx, areaId, person.id, at)) return 'training_missing';
  return null;
}

/**
 * The entry/exit rules (A2, A4, B2, B4, B6, B9), in the order a guard would check them. Entries need a person
 * in good standing and authorized for the area now; exits are recorded for whoever leaves (a person
 * suspended while inside must still be seen to leave). Sequence, last-out and two-person results are flags.
 */
export function decide(
  tx: Tx,
  input: { area: Area; method: IdMethod; direction: 'in' | 'out'; at: number; person: PersonFacts | null; visitorSignedOut?: boolean; subject: Subject },
): Decision {
  const { area, direction, at, person, subject } = input;
  if (!area.acceptedMethods.includes(input.method)) return refuse('method_not_accepted');
  if (subject.personId !== undefined) {
    if (!person) return refuse('not_on_roster');
    if (direction === 'in') {
      const refused = entryRefusal(tx, area.id, person, at);
      if (refused) return refuse(refused);
    }
  } else if (direction === 'in' && input.visitorSignedOut) {
    return refuse('visitor_signed_out');
  }

  const flags: AccessFlag[] = [];
  const warnings: Warning[] = [];
  const stay = presenceOf(tx, area.id, subject) ?? null;
  const inside = stay !== null;
  if ((direction === 'in') === inside) {
    if (area.outOfSequence === 'refuse') return refuse('out_of_sequence');
    flags.push('out_of_sequence');
    warnings.push({ code: 'out_of_sequence', detail: inside ? 'already_inside' : 'not_inside' });
  }

  if (!area.lastPersonOutRule && !area.twoPersonRule) return { result: 'accepted', reason: null, flags, warnings, stay };
  const others = othersInside(tx, area.id, subject, 2);
  const peopleAfter = direction === 'in' ? others.length + 1 : others.length;
  if (direction === 'out' && area.lastPersonOutRule && subject.personId !== undefined && peopleAfter <= 1) {
    // Either the worker leaves the area empty, or leaves one contractor alone who will have to close it.
    flags.push('last_person_out');
    warnings.push({ code: 'last_person_out', remainingPersonId: others[0]?.personId ?? null });
  }
  if (area.twoPersonRule && peopleAfter === 1) {
    flags.push('alone_in_two_person_area');
    warnings.push({ code: 'alone_in_two_person_area' });
  }
  return { result: 'accepted', reason: null, flags, warnings, stay };
}
