import { and, eq, sql } from 'drizzle-orm';
import { placeholders, prepared } from '../db/prepared.ts';
import { assertSameRequest, type Idempotency } from './idempotency.ts';
import { NOTICES } from '../notices.ts';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { accessEvents, visitors, type AccessFlag, type RefusalReason } from '../db/schema/access.ts';
import { advanceCounter } from '../auth/assertion.ts';
import { organisations, people } from '../db/schema/roster.ts';
import type { IdMethod } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { requireArea } from '../areas/service.ts';
import { decide, type Warning } from './rules.ts';
import { enter, leave, type Subject } from './presence.ts';
import { noteLongStay } from './long-stays.ts';
import { accessEventView, type AccessEvent } from './view.ts';
import { assessAccess } from '../anomalies/rules.ts';
import { recordAnomalies } from '../anomalies/write.ts';


export interface AccessRequest {
  areaId: number;
  direction: 'in' | 'out';
  purpose: string;
  method: IdMethod;
  /** Who: a roster person or a visitor; null when identification failed without naming anyone. */
  subject: Subject | null;
  /** Set when identification itself failed (forged badge, passkey not verified, revoked badge). */
  identificationFailure?: RefusalReason;
  badgeSerial?: number | null;
  credential?: { id: string; newCounter: number } | null;
  kioskId: number | null;
  recordedBy: number | null;
  note: string;
  /** Device time of an event the kiosk kept while offline. */
  deviceAt: number | null;
  idempotency: Idempotency | null;
}

export interface AccessOutcome {
  event: ReturnType<typeof accessEventView>;
  warnings: Warning[];
  replayed: boolean;
}

function findByKey(tx: Tx, idem: Idempotency): AccessEvent | undefined {
  return prepared(tx, 'access.byIdempotencyKey', (db) =>
    db
      .select()
      .from(accessEvents)
      .where(and(eq(accessEvents.idempotencyScope, sql.placeholder('scope')), eq(accessEvents.idempotencyKey, sql.placeholder('key'))))
      .prepare(),
  ).get({ scope: idem.scope, key: idem.key });
}

/**
 * The person as the rules and the event's snapshot need them: identity, name and standing, and the
 * organisation's name. Not the whole roster row: its JSON columns (roles, sites) were parsed on every
 * check-in and read by nothing here (issue 20).
 */
export function personWithAffiliation(tx: Tx, personId: number) {
  return prepared(tx, 'access.personWithAffiliation', (db) =>
    db
      .select({
        person: { id: people.id, name: people.name, status: people.status, validFrom: people.validFrom, validTo: people.validTo },
        affiliation: organisations.name,
      })
      .from(people)
      .innerJoin(organisations, eq(organisations.id, people.organisationId))
      .where(eq(people.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: personId });
}

type NewAccessEvent = typeof accessEvents.$inferInsert;
const EVENT_COLUMNS = [
  'areaId', 'direction', 'result', 'refusalReason', 'flags', 'personId', 'visitorId', 'escortPersonId', 'nameSnapshot', 'affiliationSnapshot', 'purpose', 'method',
  'badgeSerial', 'credentialId', 'kioskId', 'recordedBy', 'note', 'occurredAt', 'recordedAt', 'deviceAt', 'paperSheet', 'idempotencyScope', 'idempotencyKey', 'requestHash',
] as const satisfies readonly (keyof NewAccessEvent)[];

/** The one writer of access events: the kiosk's and guards' path below, and paper records (paper.ts). */
export function insertEvent(tx: Tx, values: Required<Pick<NewAccessEvent, (typeof EVENT_COLUMNS)[number]>>): AccessEvent {
  const { lastInsertRowid } = prepared(tx, 'access.insertEvent', (db) =>
    db
      .insert(accessEvents)
      .values(placeholders<NewAccessEvent>(EVENT_COLUMNS))
      .prepare(),
  ).run(values);
  // The row is what was written. SQLite's RETURNING of all 26 columns cost three times the insert
  // itself (~50 µs against ~15 µs on the kiosk hot path).
  return { id: Number(lastInsertRowid), correctsEventId: null, correctionKind: null, ...values };
}

/** The first result for a repeated key; a key reused for a different request is refused. */
function replay(event: AccessEvent, idem: Idempotency): AccessOutcome {
  assertSameRequest(event.requestHash, idem);
  return { event: accessEventView(event), warnings: [], replayed: true };
}

/** Returns the earlier outcome for this idempotency key, if any, without writing. */
export function previousOutcome(ctx: Ctx, idem: Idempotency | null): AccessOutcome | null {
  if (!idem) return null;
  const found = findByKey(ctx.deps.db, idem);
  return found ? replay(found, idem) : null;
}

/**
 * Records one entry, exit or refusal (B3) with its presence change and one journal entry, in one
 * transaction. The server stamps the time; an offline event keeps its device time as when it happened.
 */
export function recordAccess(ctx: Ctx, req: AccessRequest): AccessOutcome {
  return transact(ctx.deps.db, (tx) => recordAccessIn(tx, ctx, req));
}

/**
 * recordAccess in a transaction the caller already holds for this request alone: the group committer's
 * unit of work, which runs in a savepoint of its own (src/db/group-commit.ts), so that a second savepoint
 * inside it, as `transact` would open, adds two statements and nothing else (issue 20).
 */
export function recordAccessIn(tx: Tx, ctx: Ctx, req: AccessRequest): AccessOutcome {
  if (req.idempotency) {
    const earlier = findByKey(tx, req.idempotency);
    if (earlier) return replay(earlier, req.idempotency);
  }
  const now = ctx.deps.clock.now();
  const area = requireArea(tx, req.areaId, 'body.areaId');
  const found = req.subject?.personId !== undefined ? personWithAffiliation(tx, req.subject.personId) : undefined;
  const person = found?.person ?? null;
  const visitor = req.subject?.visitorId !== undefined ? tx.select().from(visitors).where(eq(visitors.id, req.subject.visitorId)).get() : undefined;
  if (req.subject?.visitorId !== undefined && !visitor) throw AppError.notFound('visitor');
  const occurredAt = req.deviceAt ?? now;
  // The counter is advanced inside this transaction so that two kiosks presenting the same counter
  // (a cloned key) cannot both pass; the loser is recorded as a refusal.
  const counterRefusal = req.credential ? advanceCounter(tx, ctx.deps, ctx.requestId, req.credential.id, req.credential.newCounter) : null;
  const identificationFailure = req.identificationFailure ?? (counterRefusal ? 'passkey_not_verified' : undefined);

  const decision =
    identificationFailure || !req.subject
      ? { result: 'refused' as const, reason: identificationFailure ?? ('not_on_roster' as const), flags: [] as AccessFlag[], warnings: [] as Warning[] }
      : decide(tx, { area, method: req.method, direction: req.direction, at: occurredAt, person, subject: req.subject, visitorSignedOut: visitor ? visitor.signedOutAt !== null : false });
  // Hook for the anomaly rules (B7, src/anomalies): they read before the insert, because the event is
  // append-only and its flags are final when written; the anomaly rows (and any incident they open)
  // are written after it, below, in this same transaction.
  const assessment = assessAccess(tx, ctx.deps, { areaId: area.id, areaName: area.name, direction: req.direction, result: decision.result, flags: decision.flags, subject: req.subject, kioskId: req.kioskId, at: occurredAt, now, stay: decision.stay });
  const flags = [...decision.flags, ...(req.deviceAt !== null ? ['recorded_offline' as const] : []), ...assessment.flags];
  const affiliation = found?.affiliation ?? visitor?.affiliation ?? null;

  const event = insertEvent(tx, {
    areaId: area.id,
    direction: req.direction,
    result: decision.result,
    refusalReason: decision.reason,
    flags,
    personId: person?.id ?? null,
    visitorId: visitor?.id ?? null,
    escortPersonId: visitor?.escortPersonId ?? null,
    nameSnapshot: person?.name ?? visitor?.name ?? null,
    affiliationSnapshot: affiliation,
    purpose: req.direction === 'in' ? req.purpose || visitor?.purpose || '' : '',
    method: req.method,
    badgeSerial: req.badgeSerial ?? null,
    credentialId: req.credential?.id ?? null,
    kioskId: req.kioskId,
    recordedBy: req.recordedBy,
    note: counterRefusal ?? req.note,
    occurredAt,
    recordedAt: now,
    deviceAt: req.deviceAt,
    paperSheet: null,
    idempotencyScope: req.idempotency?.scope ?? null,
    idempotencyKey: req.idempotency?.key ?? null,
    requestHash: req.idempotency?.requestHash ?? null,
  });

  if (decision.result === 'accepted' && req.subject) {
    if (req.direction === 'in') enter(tx, area.id, req.subject, event.id, occurredAt);
    else {
      const stay = leave(tx, area.id, req.subject);
      if (stay) noteLongStay(tx, { areaId: area.id, subject: req.subject, ...stay, exitEventId: event.id, exitedAt: occurredAt });
    }
  }
  const action = decision.result === 'refused' ? 'access.refused' : req.direction === 'in' ? 'access.entered' : 'access.exited';
  const anomalies = recordAnomalies(tx, ctx, event, assessment);
  // E8: a kiosk shows the data-collection notice on its idle screen; note which version applied.
  const noticeVersion = req.kioskId !== null ? NOTICES.kiosk.version : null;
  recordChange(tx, ctx, { action, entityType: 'access_event', entityId: event.id, data: { ...event, warnings: decision.warnings, noticeVersion, ...(anomalies.length > 0 ? { anomalies } : {}) } });
  return { event: accessEventView(event), warnings: decision.warnings, replayed: false };
}
