import { sqliteTable, integer, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';

/**
 * The append-only, hash-chained journal (E2). Triggers in the migrations refuse UPDATE and DELETE.
 *
 * Personal content (the actor's name snapshot and the record's content) is committed through
 * `payloadHash` = SHA-256 over {salt, actorName, data}, so that the contract-end purge can blank
 * those three columns and the chain still verifies. See docs/decisions/0001-journal-payload-commitment.md.
 */
export const journal = sqliteTable(
  'journal',
  {
    seq: integer('seq').primaryKey(),
    at: integer('at').notNull(),
    actorType: text('actor_type', { enum: ['person', 'kiosk', 'system'] }).notNull(),
    actorId: text('actor_id'),
    actorSession: text('actor_session'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    requestId: text('request_id'),
    actorName: text('actor_name'),
    data: text('data'),
    payloadSalt: text('payload_salt'),
    payloadHash: text('payload_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('journal_hash_uq').on(t.hash),
    index('journal_entity_idx').on(t.entityType, t.entityId),
  ],
);
