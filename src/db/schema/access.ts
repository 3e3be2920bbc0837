import { sqliteTable, integer, text, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { people } from './roster.ts';
import { areas, sites, ID_METHODS } from './areas.ts';
import { kiosks } from './kiosks.ts';

/** QR name badges (B5, B8). The QR carries serial and person, signed with the server's key. */
export const badges = sqliteTable(
  'badges',
  {
    serial: integer('serial').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    issuedAt: integer('issued_at').notNull(),
    issuedBy: integer('issued_by').references(() => people.id),
    revokedAt: integer('revoked_at'),
    revokeReason: text('revoke_reason', { enum: ['lost', 'replaced', 'returned', 'offboarded'] }),
  },
  (t) => [index('badges_person_idx').on(t.personId)],
);

/** Visitors (B11): the type of ID checked, never its number (E8). */
export const visitors = sqliteTable('visitors', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  affiliation: text('affiliation').notNull(),
  purpose: text('purpose').notNull(),
  idType: text('id_type', { enum: ['drivers_license', 'my_number_card', 'passport', 'residence_card', 'employee_id', 'other'] }).notNull(),
  escortPersonId: integer('escort_person_id')
    .notNull()
    .references(() => people.id),
  siteId: integer('site_id').notNull(),
  registeredBy: integer('registered_by').references(() => people.id),
  registeredAt: integer('registered_at').notNull(),
  signedOutAt: integer('signed_out_at'),
  noticeVersion: text('notice_version').notNull(),
}, (t) => [
  // The visitors list: newest first by registration, a period and a cursor (issue 18 item 5).
  index('visitors_registered_idx').on(t.registeredAt, t.id),
]);

// The last five are set by the anomaly rules (B7, src/anomalies); TypeScript only, the column is JSON.
export const ACCESS_FLAGS = [
  'out_of_sequence',
  'last_person_out',
  'alone_in_two_person_area',
  'recorded_offline',
  'correction',
  'outside_schedule',
  'after_hours',
  'rare_area',
  'long_stay',
  'repeated_refusals',
] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

export const REFUSAL_REASONS = [
  'not_on_roster',
  'suspended',
  'offboarded',
  'not_yet_valid',
  'expired',
  'not_authorized',
  'badge_revoked',
  'badge_forged',
  'passkey_not_verified',
  'method_not_accepted',
  'out_of_sequence',
  'visitor_signed_out',
  'training_missing',
  /** Too many refused scans from this badge (or of no badge at all) at this kiosk: wait (src/kiosks/throttle.ts). */
  'throttled',
  /**
   * Kept on a kiosk past the offline window (7 days): recorded as what it is, a refused late record with
   * its device time and whoever its badge names, so that a guard can enter the stay from paper if it was real.
   */
  'late_record',
  /** Kept on a kiosk that was revoked before it could send it: recorded, never an entry or exit (issue 19). */
  'kiosk_revoked',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/**
 * How an access event came to be recorded: the door's identification methods (an area's policy chooses
 * among them), or `paper`, a stay transcribed later from a paper sheet kept during an outage (B12,
 * decision 0018). `paper` is never an identification method an area accepts.
 */
export const EVENT_METHODS = [...ID_METHODS, 'paper'] as const;
export type EventMethod = (typeof EVENT_METHODS)[number];

/**
 * Every entry, exit and refusal (B3). Append-only: a correction is a new row referencing the one it
 * corrects. `occurredAt` is when it happened (server time, the device time of an offline event, or the
 * time a supervisor's correction states); `recordedAt` is when the server wrote it.
 */
export const accessEvents = sqliteTable(
  'access_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    result: text('result', { enum: ['accepted', 'refused'] }).notNull(),
    refusalReason: text('refusal_reason', { enum: REFUSAL_REASONS }),
    flags: text('flags', { mode: 'json' }).$type<AccessFlag[]>().notNull(),
    personId: integer('person_id').references(() => people.id),
    visitorId: integer('visitor_id').references(() => visitors.id),
    escortPersonId: integer('escort_person_id').references(() => people.id),
    nameSnapshot: text('name_snapshot'),
    affiliationSnapshot: text('affiliation_snapshot'),
    purpose: text('purpose').notNull().default(''),
    method: text('method', { enum: EVENT_METHODS }).notNull(),
    badgeSerial: integer('badge_serial'),
    credentialId: text('credential_id'),
    kioskId: integer('kiosk_id').references(() => kiosks.id),
    recordedBy: integer('recorded_by').references(() => people.id),
    note: text('note').notNull().default(''),
    correctsEventId: integer('corrects_event_id'),
    correctionKind: text('correction_kind', { enum: ['add_exit', 'add_entry', 'void'] }),
    occurredAt: integer('occurred_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    deviceAt: integer('device_at'),
    /** A paper record's sheet reference (B12): set exactly when `method` is `paper`. */
    paperSheet: text('paper_sheet'),
    /** `kiosk:<id>` or `person:<id>`: whose idempotency key this is (NULLs would defeat a unique index). */
    idempotencyScope: text('idempotency_scope'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (t) => [
    index('access_events_area_time_idx').on(t.areaId, t.occurredAt),
    index('access_events_person_idx').on(t.personId, t.occurredAt),
    // The rare-area rule (B7, issue 20): a person's counted entries into one area in the look-back, read
    // as a seek that stops at the rule's limit however many other events the person has. Partial: only
    // accepted entries are ever counted, so exits and refusals write no entry here.
    index('access_events_person_area_entry_idx')
      .on(t.personId, t.areaId, t.occurredAt)
      .where(sql`direction = 'in' AND result = 'accepted'`),
    // Partial: nearly every event is a person's and corrects nothing, and an index entry for those NULLs
    // was written (a WAL page dirtied) with every check-in and never read: the queries on these
    // columns all compare them with a value, which lets SQLite use a partial index.
    index('access_events_visitor_idx').on(t.visitorId, t.occurredAt).where(sql`visitor_id IS NOT NULL`),
    index('access_events_corrects_idx').on(t.correctsEventId).where(sql`corrects_event_id IS NOT NULL`),
    index('access_events_kiosk_time_idx').on(t.kioskId, t.occurredAt),
    uniqueIndex('access_events_idempotency_uq').on(t.idempotencyScope, t.idempotencyKey),
  ],
);

/** Who is inside each area now: derived from access events, kept in the same transaction. */
export const presence = sqliteTable(
  'presence',
  {
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    subject: text('subject').notNull(),
    personId: integer('person_id'),
    visitorId: integer('visitor_id'),
    entryEventId: integer('entry_event_id').notNull(),
    enteredAt: integer('entered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.subject] })],
);

/**
 * Stays longer than a day, a roster person's or a visitor's, by the exit that ended them (B10). A day
 * inside such a stay holds no event of it, so the daily ledger finds it here once the person has left
 * (while they are inside, presence does). Derived from access events and written in their transaction; a row is a
 * pointer to the events, which the ledger pairs again, so a later correction never makes it wrong.
 */
export const longStays = sqliteTable(
  'long_stays',
  {
    exitEventId: integer('exit_event_id')
      .primaryKey()
      .references(() => accessEvents.id),
    entryEventId: integer('entry_event_id')
      .notNull()
      .references(() => accessEvents.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    personId: integer('person_id').references(() => people.id),
    visitorId: integer('visitor_id').references(() => visitors.id),
    enteredAt: integer('entered_at').notNull(),
    exitedAt: integer('exited_at').notNull(),
  },
  (t) => [
    index('long_stays_area_entered_idx').on(t.areaId, t.enteredAt),
    check('long_stays_one_subject', sql`(person_id IS NULL) <> (visitor_id IS NULL)`),
  ],
);

/** A supervisor's sign-off of one area's ledger for one working day, bound to the ledger's digest. */
export const ledgerSignoffs = sqliteTable(
  'ledger_signoffs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    day: text('day').notNull(),
    /** Which daily ledger: the 入退室管理簿 or the 持込・持出管理簿. */
    ledger: text('ledger', { enum: ['access', 'custody'] }).notNull().default('access'),
    digest: text('digest').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    credentialId: text('credential_id').notNull(),
    signedAt: integer('signed_at').notNull(),
    supersededAt: integer('superseded_at'),
  },
  (t) => [index('ledger_signoffs_area_day_idx').on(t.areaId, t.day)],
);

/**
 * A supervisor's sign-off of one site's daily 入退室管理簿 (B13): every managed area of the site in one
 * record, bound to that record's digest like an area's sign-off.
 */
export const siteLedgerSignoffs = sqliteTable(
  'site_ledger_signoffs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    day: text('day').notNull(),
    digest: text('digest').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    credentialId: text('credential_id').notNull(),
    signedAt: integer('signed_at').notNull(),
    supersededAt: integer('superseded_at'),
  },
  (t) => [index('site_ledger_signoffs_site_day_idx').on(t.siteId, t.day)],
);
