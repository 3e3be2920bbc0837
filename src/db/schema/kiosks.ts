import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
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
  revokedAt: integer('revoked_at'),
  createdBy: integer('created_by').references(() => people.id),
  createdAt: integer('created_at').notNull(),
});
