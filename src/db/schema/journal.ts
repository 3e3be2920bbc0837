import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';

/**
 * The append-only, hash-chained journal (E2). Triggers in the migrations refuse UPDATE and DELETE.
 *
 * Personal content (the actor's name snapshot and the record's content) is committed through
 * `payloadHash` = SHA-256 over {salt, actorName, data}, so that the contract-end purge can blank
 * those three columns and the chain still verifies. See docs/decisions/0001-journal-payload-commitment.md.
 * `rowSeals` binds the rows of the other tables to the chain: see docs/decisions/0011-row-seals.md.
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
    /** The seals of the table rows this entry's change wrote (src/journal/seals.ts); hashed into the chain. */
    rowSeals: text('row_seals'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // No index on hash: the chain is walked by seq, and a random 64-hex key cost every append a write
  // to a random page of that index (~40 us a check-in); only verify's diagnosis of a broken link
  // looks an entry up by hash, once, after the chain has already failed.
  (t) => [index('journal_entity_idx').on(t.entityType, t.entityId)],
);
