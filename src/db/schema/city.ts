import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';
import { areas, sites } from './areas.ts';
import { assets } from './custody.ts';

/**
 * 甲's policy for one site (F1): which kinds of action need the city's prior permission, and whether the
 * 責任者 must be someone other than the carrier (F2). No row: the defaults (see src/city/policy.ts).
 */
export const cityPolicies = sqliteTable('city_policies', {
  siteId: integer('site_id')
    .primaryKey()
    .references(() => sites.id),
  carryIn: integer('carry_in', { mode: 'boolean' }).notNull(),
  carryOut: integer('carry_out', { mode: 'boolean' }).notNull(),
  disposal: integer('disposal', { mode: 'boolean' }).notNull(),
  networkConnection: integer('network_connection', { mode: 'boolean' }).notNull(),
  productionData: integer('production_data', { mode: 'boolean' }).notNull(),
  responsibleDistinct: integer('responsible_distinct', { mode: 'boolean' }).notNull(),
  updatedBy: integer('updated_by')
    .notNull()
    .references(() => people.id),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * What 甲 decides on: a carry-in/out request, a disposal request, a device's connection to the city's network
 * (asset id), or a request to use production data (第15条).
 */
export const CITY_SUBJECTS = ['custody_request', 'disposal_request', 'asset_network', 'production_data'] as const;
export type CitySubject = (typeof CITY_SUBJECTS)[number];

/**
 * 甲's decision on one request (F1): given in the system by a `city` person with a passkey, or a paper
 * permission transcribed by the contractor's staff, which 甲 may later confirm or dispute. A paper
 * permission counts until it is disputed; a refusal ends the request.
 */
export const cityPermissions = sqliteTable(
  'city_permissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectType: text('subject_type', { enum: CITY_SUBJECTS }).notNull(),
    subjectId: integer('subject_id').notNull(),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    decision: text('decision', { enum: ['permitted', 'refused'] }).notNull(),
    channel: text('channel', { enum: ['system', 'paper'] }).notNull(),
    /** The 甲 person (system) or the staff member who transcribed the paper (paper). */
    recordedBy: integer('recorded_by')
      .notNull()
      .references(() => people.id),
    /** The passkey that confirmed a decision in the system. */
    credentialId: text('credential_id'),
    /** What the passkey signed: SHA-256 over the request as it was shown to 甲. */
    digest: text('digest'),
    reason: text('reason').notNull().default(''),
    permitReference: text('permit_reference'),
    permitDate: text('permit_date'),
    officialName: text('official_name'),
    officialSection: text('official_section'),
    /** 甲's later word on a paper permission. */
    review: text('review', { enum: ['confirmed', 'disputed'] }),
    reviewedBy: integer('reviewed_by').references(() => people.id),
    reviewedAt: integer('reviewed_at'),
    reviewNote: text('review_note'),
    /** The passkey 甲 confirmed or disputed it with, and what that signature covers (the permission, the word, the note). */
    reviewCredentialId: text('review_credential_id'),
    reviewDigest: text('review_digest'),
    at: integer('at').notNull(),
  },
  (t) => [index('city_permissions_subject_idx').on(t.subjectType, t.subjectId), index('city_permissions_site_idx').on(t.siteId)],
);

/**
 * The contractor asks 甲 to let a device connect to the city's network (第9条2, F2): the 責任者 it names, at
 * the site the device is at. The newest ask at the device's site is the one 甲 decides on; asking again
 * (another 責任者) replaces it, and 甲's signature covers it.
 */
export const networkRequests = sqliteTable(
  'network_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    responsibleId: integer('responsible_id')
      .notNull()
      .references(() => people.id),
    purpose: text('purpose').notNull().default(''),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => people.id),
    at: integer('at').notNull(),
  },
  (t) => [index('network_requests_asset_idx').on(t.assetId, t.siteId)],
);

/**
 * A request to use production data (本番データ, 第15条 of 新潟市's articles; F1, F2): what data, for what,
 * over which days, where (an area, and the device when one is named), under which 責任者. Where the site's
 * policy reserves it to 甲 when filed (`city_required`), it stays `submitted` until 甲's permission counts.
 */
export const productionDataRequests = sqliteTable(
  'production_data_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    assetId: integer('asset_id').references(() => assets.id),
    data: text('data').notNull(),
    purpose: text('purpose').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    responsibleId: integer('responsible_id')
      .notNull()
      .references(() => people.id),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => people.id),
    cityRequired: integer('city_required', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ['submitted', 'approved', 'rejected'] }).notNull(),
    rejectReason: text('reject_reason'),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('production_data_requests_site_idx').on(t.siteId, t.status)],
);
