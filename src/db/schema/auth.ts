import { sqliteTable, integer, text, blob, index } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';

/** WebAuthn credentials (passkeys, security keys). A person may hold several. */
export const credentials = sqliteTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    publicKey: blob('public_key', { mode: 'buffer' }).notNull(),
    counter: integer('counter').notNull(),
    transports: text('transports', { mode: 'json' }).$type<string[]>().notNull(),
    name: text('name').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
    lockedAt: integer('locked_at'),
  },
  (t) => [index('credentials_person_idx').on(t.personId)],
);

export const CHALLENGE_PURPOSES = ['register', 'login', 'identify', 'sign'] as const;
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];

/** Single-use, expiring WebAuthn challenges; never kept in memory. */
export const challenges = sqliteTable(
  'challenges',
  {
    challenge: text('challenge').primaryKey(),
    purpose: text('purpose', { enum: CHALLENGE_PURPOSES }).notNull(),
    enrolmentId: integer('enrolment_id'),
    binding: text('binding'),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  // Every passkey check-in deletes the expired challenges: a seek, not a walk of the table (issue 20).
  (t) => [index('challenges_expires_idx').on(t.expiresAt)],
);

/**
 * One-time links: the first-admin setup link (no person yet) and the enrolment links
 * admins issue for a roster person. Only the token's SHA-256 is stored.
 */
export const enrolments = sqliteTable('enrolments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  kind: text('kind', { enum: ['setup', 'enrol'] }).notNull(),
  personId: integer('person_id').references(() => people.id),
  createdBy: integer('created_by').references(() => people.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** Console sessions: only the SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    credentialId: text('credential_id').references(() => credentials.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);
