import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';
import { areas } from './areas.ts';
import { kiosks } from './kiosks.ts';
import { accessEvents } from './access.ts';

export const ASSET_KINDS = ['laptop', 'desktop', 'tablet', 'smartphone', 'usb_memory', 'external_disk', 'optical_media', 'paper_document', 'security_key', 'other'] as const;
export const OWNER_TYPES = ['city_loaned', 'contractor', 'personal'] as const;
export const CLASSIFICATIONS = ['city_information', 'important', 'none'] as const;
export const ASSET_STATUSES = ['registered', 'inside', 'outside', 'on_loan', 'lost', 'disposed', 'returned'] as const;

/** Equipment and media with a 管理番号 and a QR tag (C1, C4, C7, C11). */
export const assets = sqliteTable(
  'assets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetNumber: text('asset_number').notNull(),
    kind: text('kind', { enum: ASSET_KINDS }).notNull(),
    ownerType: text('owner_type', { enum: OWNER_TYPES }).notNull(),
    serialNumber: text('serial_number').notNull().default(''),
    description: text('description').notNull().default(''),
    classification: text('classification', { enum: CLASSIFICATIONS }).notNull().default('none'),
    hasStorage: integer('has_storage', { mode: 'boolean' }).notNull(),
    networkApproved: integer('network_approved', { mode: 'boolean' }).notNull().default(false),
    fixed: integer('fixed', { mode: 'boolean' }).notNull().default(false),
    custodianId: integer('custodian_id').references(() => people.id),
    locationAreaId: integer('location_area_id').references(() => areas.id),
    status: text('status', { enum: ASSET_STATUSES }).notNull().default('registered'),
    expectedReturnAt: integer('expected_return_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('assets_number_uq').on(t.assetNumber), index('assets_custodian_idx').on(t.custodianId), index('assets_location_idx').on(t.locationAreaId)],
);

export const REQUEST_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'expired', 'completed', 'withdrawn'] as const;

/** Carry-in / carry-out requests (持込・持出申請, C2, C3, C6, C8). */
export const custodyRequests = sqliteTable(
  'custody_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['carry_in', 'carry_out'] }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('draft'),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => people.id),
    carrierId: integer('carrier_id')
      .notNull()
      .references(() => people.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    purpose: text('purpose').notNull(),
    windowFrom: integer('window_from').notNull(),
    windowTo: integer('window_to').notNull(),
    destination: text('destination').notNull().default(''),
    expectedReturnAt: integer('expected_return_at'),
    /** Transport protection (C6): { encryption, lockedCase, note }. */
    protection: text('protection', { mode: 'json' }).$type<{ encryption: boolean; lockedCase: boolean; note: string }>(),
    /** Repair (C8): { erasure?: string, ndaReference?: string }. */
    repair: text('repair', { mode: 'json' }).$type<{ erasure: string; ndaReference: string } | null>(),
    /** A carry-in whose items leave again within its window (持込（当日持出）): one approval covers both directions. */
    roundTrip: integer('round_trip', { mode: 'boolean' }).notNull().default(false),
    rejectReason: text('reject_reason'),
    /** 責任者 (F2): from the roster; null only on requests made before it was asked. */
    responsibleId: integer('responsible_id').references(() => people.id),
    /** Whether 甲's prior permission is needed (F1): the site's policy as it stood at submission. */
    cityRequired: integer('city_required', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    submittedAt: integer('submitted_at'),
    decidedAt: integer('decided_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('custody_requests_area_idx').on(t.areaId, t.status),
    index('custody_requests_carrier_idx').on(t.carrierId),
    // The requests list: newest first by when made, a period and a cursor (issue 18 item 5).
    index('custody_requests_created_idx').on(t.createdAt, t.id),
  ],
);

/** The assets a request covers, each with its virus-scan record when it holds storage (C5). */
export const custodyRequestItems = sqliteTable(
  'custody_request_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => custodyRequests.id),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id),
    scanDate: integer('scan_date'),
    scanTool: text('scan_tool'),
    scanDefinitionsDate: text('scan_definitions_date'),
    scanResult: text('scan_result', { enum: ['clean', 'infected', 'failed'] }),
  },
  (t) => [uniqueIndex('custody_request_items_uq').on(t.requestId, t.assetId), index('custody_request_items_asset_idx').on(t.assetId)],
);

/** Approvals and rejections (E1): never by the requester; 重要情報 needs two different approvers. */
export const custodyApprovals = sqliteTable(
  'custody_approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => custodyRequests.id),
    approverId: integer('approver_id')
      .notNull()
      .references(() => people.id),
    decision: text('decision', { enum: ['approved', 'rejected'] }).notNull(),
    onTheSpot: integer('on_the_spot', { mode: 'boolean' }).notNull().default(false),
    kioskId: integer('kiosk_id').references(() => kiosks.id),
    reason: text('reason').notNull().default(''),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('custody_approvals_uq').on(t.requestId, t.approverId)],
);

export const MOVEMENT_REFUSALS = [
  'unknown_asset',
  'tag_damaged',
  'no_approval',
  'expired',
  'not_yet_valid',
  'wrong_area',
  'wrong_direction',
  'personal_device',
  'scan_missing',
  'already_inside',
  'already_outside',
  'fixed_equipment',
  'not_carrier',
  'asset_unavailable',
  'keyed_unconfirmed',
  'city_permission_missing',
] as const;

/** Actual carry-ins and carry-outs scanned at the kiosk (C9). Append-only, like access events. */
export const movements = sqliteTable(
  'movements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: integer('asset_id').references(() => assets.id),
    scannedCode: text('scanned_code').notNull(),
    requestId: integer('request_id').references(() => custodyRequests.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    result: text('result', { enum: ['accepted', 'refused'] }).notNull(),
    refusalReason: text('refusal_reason', { enum: MOVEMENT_REFUSALS }),
    personId: integer('person_id').references(() => people.id),
    accessEventId: integer('access_event_id').references(() => accessEvents.id),
    kioskId: integer('kiosk_id').references(() => kiosks.id),
    occurredAt: integer('occurred_at').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    /** The 管理番号 was keyed in at the kiosk (the label did not read), confirmed by keyedById's passkey. */
    keyedIn: integer('keyed_in', { mode: 'boolean' }).notNull().default(false),
    /** Whose passkey was presented to confirm a keyed-in number (a guard's or supervisor's, or the refused attempt's). */
    keyedById: integer('keyed_by_id').references(() => people.id),
    idempotencyScope: text('idempotency_scope'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (t) => [
    index('movements_area_time_idx').on(t.areaId, t.occurredAt),
    index('movements_asset_idx').on(t.assetId, t.occurredAt),
    index('movements_request_idx').on(t.requestId),
    uniqueIndex('movements_idempotency_uq').on(t.idempotencyScope, t.idempotencyKey),
  ],
);

/** At exit, what the person said about each asset they carried in during the stay and left inside. */
export const exitConfirmations = sqliteTable(
  'exit_confirmations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryEventId: integer('entry_event_id')
      .notNull()
      .references(() => accessEvents.id),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id),
    answer: text('answer', { enum: ['left_on_purpose', 'carried_out'] }).notNull(),
    movementId: integer('movement_id').references(() => movements.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    kioskId: integer('kiosk_id').references(() => kiosks.id),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('exit_confirmations_uq').on(t.entryEventId, t.assetId)],
);
