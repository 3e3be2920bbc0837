import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { accessEvents, visitors } from '../db/schema/access.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { workingDay } from '../time.ts';
import { enter, leave, type Subject } from '../access/presence.ts';
import { noteLongStay } from '../access/long-stays.ts';
import { accessEventView, type AccessEvent } from '../access/view.ts';
import { effectiveEvents, MAX_STAY_MS, pairStays, type LedgerEvent } from './pairing.ts';
import { EVENT_COLUMNS } from './query.ts';
import { supersedeChanged } from './supersede.ts';
import type { CorrectionInput, CorrectionKind } from './schemas.ts';

// Enough events on each side of the corrected one to see its neighbours and any correction of it.
const NEIGHBOURS = 50;

function supervisorOf(ctx: Ctx): number {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'supervisors only');
  return ctx.actor.id;
}

const subjectOf = (e: Pick<AccessEvent, 'personId' | 'visitorId'>): Subject => (e.personId !== null ? { personId: e.personId } : { visitorId: e.visitorId! });

/** The subject's events are read through their own index (the unary plus keeps the planner off the area's). */
function subjectIs(e: AccessEvent) {
  const accepted = eq(accessEvents.result, 'accepted');
  const subject = e.personId !== null ? eq(accessEvents.personId, e.personId) : eq(accessEvents.visitorId, e.visitorId!);
  return and(subject, sql`+${accessEvents.areaId} = ${e.areaId}`, accepted);
}

/** The subject's accepted events in the area near `e` (as far as the ledger looks across midnight), any order. */
function neighbourhood(tx: Tx, e: AccessEvent): LedgerEvent[] {
  const before = tx.select(EVENT_COLUMNS).from(accessEvents).where(and(subjectIs(e), gte(accessEvents.occurredAt, e.occurredAt - MAX_STAY_MS), lte(accessEvents.occurredAt, e.occurredAt))).orderBy(desc(accessEvents.occurredAt), desc(accessEvents.id)).limit(NEIGHBOURS).all();
  const after = tx.select(EVENT_COLUMNS).from(accessEvents).where(and(subjectIs(e), gte(accessEvents.occurredAt, e.occurredAt), lte(accessEvents.occurredAt, e.occurredAt + MAX_STAY_MS))).orderBy(asc(accessEvents.occurredAt), asc(accessEvents.id)).limit(NEIGHBOURS).all();
  const seen = new Set(before.map((x) => x.id));
  return before.concat(after.filter((x) => !seen.has(x.id)));
}

function refuseWrongKind(target: AccessEvent, kind: CorrectionKind): void {
  if (target.result !== 'accepted') throw AppError.conflict('body.eventId', 'a refusal stands as recorded; only an accepted entry or exit can be corrected');
  if (target.correctionKind === 'void') throw AppError.conflict('body.eventId', 'a void cannot itself be corrected');
  if (kind === 'add_exit' && (target.direction !== 'in' || target.correctionKind !== null)) throw AppError.conflict('body.kind', 'add_exit needs an entry recorded at the door');
  if (kind === 'add_entry' && (target.direction !== 'out' || target.correctionKind !== null)) throw AppError.conflict('body.kind', 'add_entry needs an exit recorded at the door');
}

/** The target's neighbours in its subject's timeline, after refusing an event already voided or corrected. */
function neighboursOf(around: LedgerEvent[], target: AccessEvent, kind: CorrectionKind) {
  const effective = effectiveEvents(around);
  const at = effective.findIndex((e) => e.id === target.id);
  if (at < 0) throw AppError.conflict('body.eventId', 'this event was already voided');
  const earlier = effective.find((e) => e.correctsEventId === target.id);
  if (earlier) throw AppError.conflict('body.eventId', `this event was already corrected (event ${earlier.id})`);
  const prev = effective[at - 1] ?? null;
  const next = effective[at + 1] ?? null;
  if (kind === 'add_exit' && next?.direction === 'out') throw AppError.conflict('body.eventId', `this entry already has an exit (event ${next.id})`);
  if (kind === 'add_entry' && prev?.direction === 'in') throw AppError.conflict('body.eventId', `this exit already has an entry (event ${prev.id})`);
  return { prev, next };
}

/** The stated time must fall where the missing half belongs: between the event and its other neighbour. */
function checkedTime(target: AccessEvent, input: CorrectionInput, near: { prev: LedgerEvent | null; next: LedgerEvent | null }, now: number): number {
  if (input.kind === 'void') return target.occurredAt;
  const t = input.occurredAt!;
  const [after, before] =
    input.kind === 'add_exit'
      ? [target.occurredAt, Math.min(now + 1, near.next?.occurredAt ?? Infinity, target.occurredAt + MAX_STAY_MS + 1)]
      : [Math.max(near.prev?.occurredAt ?? -Infinity, target.occurredAt - MAX_STAY_MS - 1), target.occurredAt];
  if (t <= after || t >= before) {
    const what = input.kind === 'add_exit' ? 'the exit' : 'the entry';
    throw AppError.field('body.occurredAt', `${what} must lie after ${iso(after)} and before ${iso(before)} (between the referenced event, its neighbours and now)`);
  }
  return t;
}

function correctionRow(target: AccessEvent, input: CorrectionInput, occurredAt: number, supervisorId: number, now: number) {
  return {
    areaId: target.areaId,
    direction: input.kind === 'add_exit' ? ('out' as const) : input.kind === 'add_entry' ? ('in' as const) : target.direction,
    result: 'accepted' as const,
    refusalReason: null,
    flags: ['correction' as const],
    personId: target.personId,
    visitorId: target.visitorId,
    escortPersonId: target.escortPersonId,
    nameSnapshot: target.nameSnapshot,
    affiliationSnapshot: target.affiliationSnapshot,
    purpose: input.kind === 'void' ? target.purpose : '',
    method: 'guard' as const,
    kioskId: null,
    recordedBy: supervisorId,
    note: input.reason,
    correctsEventId: target.id,
    correctionKind: input.kind,
    occurredAt,
    recordedAt: now,
    deviceAt: null,
  };
}

/** Who is inside follows the subject's latest event that still counts, now that one more was corrected (or transcribed from paper). */
export function syncPresence(tx: Tx, target: AccessEvent): void {
  const floor = target.visitorId !== null ? (tx.select({ at: visitors.registeredAt }).from(visitors).where(eq(visitors.id, target.visitorId)).get()?.at ?? 0) : 0;
  const recent = tx.select(EVENT_COLUMNS).from(accessEvents).where(and(subjectIs(target), gte(accessEvents.occurredAt, floor))).orderBy(desc(accessEvents.occurredAt), desc(accessEvents.id)).limit(NEIGHBOURS).all();
  const latest = effectiveEvents(recent).at(-1);
  if (latest?.direction === 'in') enter(tx, target.areaId, subjectOf(target), latest.id, latest.occurredAt);
  else leave(tx, target.areaId, subjectOf(target));
}

/** A correction can end a stay long after it began (a forgotten exit, a void joining an entry to a later exit). */
export function noteLongStays(tx: Tx, around: LedgerEvent[]): void {
  for (const s of pairStays(around)) {
    if (s.entry && s.exit) {
      noteLongStay(tx, { areaId: s.entry.areaId, subject: subjectOf(s.entry), entryEventId: s.entry.id, enteredAt: s.entry.occurredAt, exitEventId: s.exit.id, exitedAt: s.exit.occurredAt });
    }
  }
}

/**
 * A supervisor's correction (B3, issue 3 item 7): a new access event referencing the one it corrects,
 * never an edit. Presence, superseded sign-offs and one journal entry are written in the same transaction.
 */
export function addCorrection(ctx: Ctx, input: CorrectionInput) {
  const supervisorId = supervisorOf(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const target = tx.select().from(accessEvents).where(eq(accessEvents.id, input.eventId)).get();
    if (!target) throw AppError.unknown('body.eventId', 'access event');
    refuseWrongKind(target, input.kind);
    const around = neighbourhood(tx, target);
    const near = neighboursOf(around, target, input.kind);
    const occurredAt = checkedTime(target, input, near, now);
    const event = tx.insert(accessEvents).values(correctionRow(target, input, occurredAt, supervisorId, now)).returning().get();
    syncPresence(tx, target);
    noteLongStays(tx, [...around, event]);
    const affected = [target.occurredAt, occurredAt, ...(near.prev ? [near.prev.occurredAt] : [])];
    const superseded = supersedeChanged(tx, ctx.deps, target.areaId, affected, now, workingDay(target.occurredAt, ctx.deps.config.timeZone));
    const ids = { supersededSignoffIds: superseded.area, ...(superseded.site.length > 0 ? { supersededSiteSignoffIds: superseded.site } : {}) };
    recordChange(tx, ctx, { action: 'access.corrected', entityType: 'access_event', entityId: event.id, data: { ...event, ...ids } });
    return { event: accessEventView(event), ...ids };
  });
}
