import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';
import { areas } from './areas.ts';
import { accessEvents } from './access.ts';
import { assets } from './custody.ts';

/** Security training per person (A4). */
export const trainingRecords = sqliteTable(
  'training_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    course: text('course').notNull(),
    completedAt: integer('completed_at').notNull(),
    expiresAt: integer('expires_at'),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by').references(() => people.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('training_records_person_idx').on(t.personId, t.completedAt)],
);

/** Work schedules (勤務予定表, B7): one row per person, working day and shift, in local minutes. */
export const workSchedules = sqliteTable(
  'work_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    day: text('day').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('work_schedules_uq').on(t.personId, t.day, t.startMinute)],
);

export const ANOMALY_KINDS = ['outside_schedule', 'after_hours', 'rare_area', 'long_stay', 'out_of_sequence', 'repeated_refusals', 'round_trip_overdue'] as const;

/** Flagged events found by the anomaly rules (B7). */
export const anomalies = sqliteTable(
  'anomalies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ANOMALY_KINDS }).notNull(),
    personId: integer('person_id').references(() => people.id),
    areaId: integer('area_id').references(() => areas.id),
    accessEventId: integer('access_event_id').references(() => accessEvents.id),
    detectedAt: integer('detected_at').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    incidentId: integer('incident_id'),
  },
  (t) => [index('anomalies_time_idx').on(t.detectedAt), uniqueIndex('anomalies_event_kind_uq').on(t.accessEventId, t.kind)],
);

export const INCIDENT_KINDS = ['lost_badge', 'lost_security_key', 'lost_asset', 'overdue_asset', 'repeated_refusals', 'unauthorized_entry', 'other'] as const;
export const INCIDENT_STAGES = ['first_report', 'detail_report', 'corrective_plan', 'corrective_action'] as const;

/** Security incidents (E4) with the 1 h / 8 h / 24 h / 48 h deadlines counted from discovery. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: INCIDENT_KINDS }).notNull(),
    title: text('title').notNull(),
    whatLost: text('what_lost').notNull().default(''),
    quantity: integer('quantity'),
    location: text('location').notNull().default(''),
    circumstances: text('circumstances').notNull().default(''),
    personId: integer('person_id').references(() => people.id),
    assetId: integer('asset_id').references(() => assets.id),
    badgeSerial: integer('badge_serial'),
    discoveredAt: integer('discovered_at').notNull(),
    openedBy: integer('opened_by').references(() => people.id),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    closedAt: integer('closed_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('incidents_status_idx').on(t.status, t.discoveredAt)],
);

/** The status history of an incident: each report stage when it was made, and notes. */
export const incidentUpdates = sqliteTable(
  'incident_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    stage: text('stage', { enum: [...INCIDENT_STAGES, 'note', 'closed'] }).notNull(),
    text: text('text').notNull(),
    personId: integer('person_id').references(() => people.id),
    at: integer('at').notNull(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.at)],
);

export const DISPOSAL_METHODS = ['physical_destruction', 'degaussing', 'overwrite_verified', 'shredding'] as const;

/** Disposal requests (D1): items, method, planned date and vendor; approved before execution. */
export const disposalRequests = sqliteTable('disposal_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  requesterId: integer('requester_id')
    .notNull()
    .references(() => people.id),
  method: text('method', { enum: DISPOSAL_METHODS }).notNull(),
  plannedDate: text('planned_date').notNull(),
  vendor: text('vendor').notNull(),
  reason: text('reason').notNull().default(''),
  status: text('status', { enum: ['submitted', 'approved', 'rejected', 'executed'] }).notNull().default('submitted'),
  approvedBy: integer('approved_by').references(() => people.id),
  decidedAt: integer('decided_at'),
  rejectReason: text('reject_reason'),
  createdAt: integer('created_at').notNull(),
});

export const disposalItems = sqliteTable(
  'disposal_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => disposalRequests.id),
    assetId: integer('asset_id').references(() => assets.id),
    mediaName: text('media_name').notNull(),
    quantity: integer('quantity').notNull().default(1),
    serialNumbers: text('serial_numbers').notNull().default(''),
  },
  (t) => [index('disposal_items_request_idx').on(t.requestId)],
);

/** What was actually done (D2): the basis of the printed 廃棄証明書 (D3). */
export const disposalRecords = sqliteTable('disposal_records', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  requestId: integer('request_id')
    .notNull()
    .unique()
    .references(() => disposalRequests.id),
  executedAt: integer('executed_at').notNull(),
  vendor: text('vendor').notNull(),
  method: text('method', { enum: DISPOSAL_METHODS }).notNull(),
  responsiblePersonId: integer('responsible_person_id')
    .notNull()
    .references(() => people.id),
  executorName: text('executor_name').notNull(),
  witnessPersonId: integer('witness_person_id')
    .notNull()
    .references(() => people.id),
  serialNumbers: text('serial_numbers').notNull(),
  certificateNumber: text('certificate_number').notNull(),
  journalSeq: integer('journal_seq'),
  createdAt: integer('created_at').notNull(),
});

/** Per-area policy extension (A4): refuse people without current training. */
export const areaTrainingPolicy = sqliteTable('area_training_policy', {
  areaId: integer('area_id')
    .primaryKey()
    .references(() => areas.id),
  requiredCourse: text('required_course').notNull(),
});

/** The anomaly rules' settings (B7), one row. */
export const anomalySettings = sqliteTable('anomaly_settings', {
  id: integer('id').primaryKey(),
  afterHoursStartMinute: integer('after_hours_start_minute').notNull().default(20 * 60),
  afterHoursEndMinute: integer('after_hours_end_minute').notNull().default(7 * 60),
  rareAreaLookbackDays: integer('rare_area_lookback_days').notNull().default(30),
  rareAreaMaxVisits: integer('rare_area_max_visits').notNull().default(1),
  longStayHours: integer('long_stay_hours').notNull().default(12),
  refusalsThreshold: integer('refusals_threshold').notNull().default(3),
  refusalsWindowMinutes: integer('refusals_window_minutes').notNull().default(10),
  updatedAt: integer('updated_at').notNull().default(0),
});

export type Incident = typeof incidents.$inferSelect;
export type IncidentUpdate = typeof incidentUpdates.$inferSelect;
