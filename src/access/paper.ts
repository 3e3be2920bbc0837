import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { accessEvents, presence, visitors } from '../db/schema/access.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { requireArea, type Area } from '../areas/service.ts';
import { assertAreaInScope } from '../auth/scope.ts';
import { workingDay } from '../time.ts';
import { effectiveEvents, MAX_STAY_MS, type LedgerEvent } from '../ledger/pairing.ts';
import { EVENT_COLUMNS } from '../ledger/query.ts';
import { noteLongStays, syncPresence } from '../ledger/corrections.ts';
import { supersedeChanged } from '../ledger/supersede.ts';
import { REFUSAL_WORDS } from '../ledger/words.ts';
import { insertEvent, personWithAffiliation } from './record.ts';
import { entryRefusal } from './rules.ts';
import { subjectKey, type Subject } from './presence.ts';
import { accessEventView, type AccessEvent } from './view.ts';
import { assessAccess, assessPastExit, NO_ANOMALY } from '../anomalies/rules.ts';
import { recordAnomalies, type AnomalyView } from '../anomalies/write.ts';

/**
 * How far back a paper record may claim (decision 0018): the ledger's own reach across midnight
 * (MAX_STAY_MS, 31 days), so a transcribed half always finds the other half of its stay, and a month
 * whose report has gone out is not rewritten from paper.
 */
export const PAPER_WINDOW_MS = MAX_STAY_MS;

export interface PaperStayInput {
  areaId: number;
  personId?: number | undefined;
  visitorId?: number | undefined;
  entryAt?: number | undefined;
  exitAt?: number | undefined;
  purpose: string;
  reason: string;
  sheet: string;
}

function transcriberOf(ctx: Ctx): number {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'guards and supervisors only');
  return ctx.actor.id;
}

/** Each claimed time lies in the past and no further back than the window. */
function checkTimes(input: PaperStayInput, now: number): void {
  for (const [field, at] of [['entryAt', input.entryAt], ['exitAt', input.exitAt]] as const) {
    if (at === undefined) continue;
    if (at >= now) throw AppError.field(`body.${field}`, 'a paper record tells what already happened: the time must be in the past');
    if (at < now - PAPER_WINDOW_MS) throw AppError.field(`body.${field}`, `at most ${PAPER_WINDOW_MS / 86_400_000} days back (${iso(now - PAPER_WINDOW_MS)})`);
  }
}

interface Who {
  subject: Subject;
  name: string;
  affiliation: string;
  escortPersonId: number | null;
}

/** The person or visitor of the sheet, who must have been allowed in at the claimed entry. */
function whoOf(tx: Tx, area: Area, input: PaperStayInput): Who {
  if (input.personId !== undefined) {
    const found = personWithAffiliation(tx, input.personId);
    if (!found) throw AppError.unknown('body.personId', 'person on the roster');
    if (input.entryAt !== undefined) {
      const refused = entryRefusal(tx, area.id, found.person, input.entryAt);
      if (refused) throw AppError.conflict('body.entryAt', `this person could not enter this area at that time: ${refused} (${REFUSAL_WORDS[refused]})`);
    }
    return { subject: { personId: found.person.id }, name: found.person.name, affiliation: found.affiliation, escortPersonId: null };
  }
  const visitor = tx.select().from(visitors).where(eq(visitors.id, input.visitorId!)).get();
  if (!visitor) throw AppError.unknown('body.visitorId', 'visitor');
  if (visitor.siteId !== area.siteId) throw AppError.field('body.visitorId', 'this visitor was registered at another site');
  return { subject: { visitorId: visitor.id }, name: visitor.name, affiliation: visitor.affiliation, escortPersonId: visitor.escortPersonId };
}

/** The subject's events in the area that still count, around the claimed times, and the entry they are inside on now. */
function timeline(tx: Tx, areaId: number, s: Subject, from: number, to: number): LedgerEvent[] {
  const subject = s.personId !== undefined ? eq(accessEvents.personId, s.personId) : eq(accessEvents.visitorId, s.visitorId);
  const near = tx
    .select(EVENT_COLUMNS)
    .from(accessEvents)
    .where(and(subject, sql`+${accessEvents.areaId} = ${areaId}`, eq(accessEvents.result, 'accepted'), gte(accessEvents.occurredAt, from - MAX_STAY_MS), lte(accessEvents.occurredAt, to + MAX_STAY_MS)))
    .all();
  // An entry older than the window whose stay is still open: the claimed times may fall inside it.
  const open = tx
    .select(EVENT_COLUMNS)
    .from(presence)
    .innerJoin(accessEvents, eq(accessEvents.id, presence.entryEventId))
    .where(and(eq(presence.areaId, areaId), eq(presence.subject, subjectKey(s))))
    .all();
  const seen = new Set(near.map((e) => e.id));
  return effectiveEvents([...near, ...open.filter((e) => !seen.has(e.id))]);
}

/**
 * A paper record must fit the recorded timeline without overlapping a stay: an entry may not fall inside
 * a stay (after an entry with no exit before it), an exit may not fall inside one (before an exit with no
 * entry after it), and nothing may lie between a transcribed entry and exit. An exit alone may complete
 * an entry the kiosk recorded; an entry alone may complete an exit recorded without one.
 */
function checkFits(events: LedgerEvent[], input: PaperStayInput): void {
  const claimed = [input.entryAt, input.exitAt].filter((t) => t !== undefined);
  const same = events.find((e) => claimed.includes(e.occurredAt));
  if (same) throw AppError.conflict(same.occurredAt === input.entryAt ? 'body.entryAt' : 'body.exitAt', `another entry or exit of this person in this area is recorded at that very time (event ${same.id})`);
  if (input.entryAt !== undefined) {
    const before = events.filter((e) => e.occurredAt < input.entryAt!).at(-1);
    if (before?.direction === 'in') throw AppError.conflict('body.entryAt', `falls inside a stay in this area that began at ${iso(before.occurredAt)} (event ${before.id})`);
  }
  if (input.exitAt !== undefined) {
    const after = events.find((e) => e.occurredAt > input.exitAt!);
    if (after?.direction === 'out') throw AppError.conflict('body.exitAt', `falls inside a stay in this area that ended at ${iso(after.occurredAt)} (event ${after.id})`);
  }
  if (input.entryAt !== undefined && input.exitAt !== undefined) {
    const between = events.find((e) => e.occurredAt > input.entryAt! && e.occurredAt < input.exitAt!);
    if (between) throw AppError.conflict('body.exitAt', `overlaps a recorded ${between.direction === 'in' ? 'entry' : 'exit'} at ${iso(between.occurredAt)} (event ${between.id})`);
  }
}

function paperEvent(who: Who, area: Area, input: PaperStayInput, direction: 'in' | 'out', at: number, transcriber: number, now: number) {
  return {
    areaId: area.id,
    direction,
    result: 'accepted' as const,
    refusalReason: null,
    flags: [],
    personId: who.subject.personId ?? null,
    visitorId: who.subject.visitorId ?? null,
    escortPersonId: who.escortPersonId,
    nameSnapshot: who.name,
    affiliationSnapshot: who.affiliation,
    purpose: direction === 'in' ? input.purpose : '',
    method: 'paper' as const,
    badgeSerial: null,
    credentialId: null,
    kioskId: null,
    recordedBy: transcriber,
    note: input.reason,
    occurredAt: at,
    recordedAt: now,
    deviceAt: null,
    paperSheet: input.sheet,
    idempotencyScope: null,
    idempotencyKey: null,
    requestHash: null,
  };
}

/**
 * A stay written on paper while the kiosk or the server was down, entered later (B12): its entry and
 * exit, or one of them, with the times the sheet gives, who transcribes it, why and the sheet's
 * reference. The events are `paper` events (事後記録), never kiosk identifications; their recordedAt is
 * now. Who is inside follows the timeline as a correction's does: a past closed stay leaves it as it is.
 * One transaction, one journal entry for the whole stay.
 */
export function recordPaperStay(ctx: Ctx, input: PaperStayInput) {
  const transcriber = transcriberOf(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const area = requireArea(tx, input.areaId, 'body.areaId');
    assertAreaInScope(tx, ctx.actor, area.id);
    checkTimes(input, now);
    const who = whoOf(tx, area, input);
    const claimed = [input.entryAt, input.exitAt].filter((t) => t !== undefined);
    const around = timeline(tx, area.id, who.subject, Math.min(...claimed), Math.max(...claimed));
    checkFits(around, input);
    const halves = [
      ...(input.entryAt !== undefined ? [['in', input.entryAt] as const] : []),
      ...(input.exitAt !== undefined ? [['out', input.exitAt] as const] : []),
    ];
    // The anomaly rules apply to the claimed times as they do at the kiosk (B7): the entry's rules
    // (after hours, outside the schedule, a rarely used area) at its time, the long stay at the exit.
    const events: AccessEvent[] = [];
    const found: AnomalyView[] = [];
    for (const [direction, at] of halves) {
      const entered = direction === 'out' ? (events[0] ?? around.filter((e) => e.occurredAt < at).at(-1)) : undefined;
      const assessment =
        direction === 'in'
          ? assessAccess(tx, ctx.deps, { areaId: area.id, areaName: area.name, direction, result: 'accepted', flags: [], subject: who.subject, kioskId: null, at, now })
          : entered?.direction === 'in'
            ? assessPastExit(tx, { entryEventId: entered.id, enteredAt: entered.occurredAt }, at)
            : NO_ANOMALY;
      const event = insertEvent(tx, { ...paperEvent(who, area, input, direction, at, transcriber, now), flags: assessment.flags });
      events.push(event);
      found.push(...recordAnomalies(tx, ctx, event, assessment));
    }
    syncPresence(tx, events[0]!);
    noteLongStays(tx, [...around, ...events]);
    const earliest = Math.min(...claimed, ...around.filter((e) => e.occurredAt < Math.min(...claimed)).slice(-1).map((e) => e.occurredAt));
    const superseded = supersedeChanged(tx, ctx.deps, area.id, [earliest], now);
    const inside = tx.select({ entryEventId: presence.entryEventId }).from(presence).where(and(eq(presence.areaId, area.id), eq(presence.subject, subjectKey(who.subject)))).get();
    const insideNow = inside !== undefined && events.some((e) => e.id === inside.entryEventId);
    const data = { events, supersededSignoffIds: superseded.area, supersededSiteSignoffIds: superseded.site, insideNow, ...(found.length > 0 ? { anomalies: found } : {}) };
    recordChange(tx, ctx, { action: 'access.paper_recorded', entityType: 'access_event', entityId: events[0]!.id, data });
    return { events: events.map(accessEventView), anomalies: found, insideNow, day: workingDay(Math.min(...claimed), ctx.deps.config.timeZone), supersededSignoffIds: superseded.area, supersededSiteSignoffIds: superseded.site };
  });
}
