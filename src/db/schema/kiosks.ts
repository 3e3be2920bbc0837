import { sqliteTable, integer, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';

/**
 * A tablet at a door. Enrolled with a one-time code (only its hash kept, 1 h), then identified by a
 * device token (only its hash kept). It may record only for its own areas.
 */
export const kiosks = sqliteTable('kiosks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  areaIds: text('area_ids', { mode: 'json' }).$type<number[]>().notNull(),
  enrolCodeHash: text('enrol_code_hash').unique(),
  enrolExpiresAt: integer('enrol_expires_at'),
  tokenHash: text('token_hash').unique(),
  enrolledAt: integer('enrolled_at'),
  lastSeenAt: integer('last_seen_at'),
  /** What the kiosk last reported of itself (issue 19): its unsent queue, the oldest item's device time, its app build. */
  queueSize: integer('queue_size'),
  queueOldestAt: integer('queue_oldest_at'),
  appVersion: text('app_version'),
  revokedAt: integer('revoked_at'),
  createdBy: integer('created_by').references(() => people.id),
  createdAt: integer('created_at').notNull(),
});

/**
 * Bad scans at a kiosk, by where they come from: a badge serial (`badge:<serial>`), a person identified
 * by passkey (`person:<id>`), or scans nobody could be identified from (`unidentified`). After a run of
 * bad scans the source is refused for a while that doubles each time (src/kiosks/throttle.ts); the rest
 * of the door keeps working. Kept in the database so a restart does not lift a throttle.
 */
export const kioskThrottles = sqliteTable(
  'kiosk_throttles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kioskId: integer('kiosk_id')
      .notNull()
      .references(() => kiosks.id),
    source: text('source').notNull(),
    /** Bad scans since the last throttle, good scan or release. */
    strikes: integer('strikes').notNull(),
    /** Throttles in a row: the next one lasts 2^(level + 4) s, capped. */
    level: integer('level').notNull(),
    throttledUntil: integer('throttled_until'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('kiosk_throttles_source_uq').on(t.kioskId, t.source)],
);
