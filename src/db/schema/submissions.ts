import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';
import { sites } from './areas.ts';
import { credentials } from './auth.ts';

/** What the contractor (乙) submits to the city (甲), F3. */
export const SUBMISSION_KINDS = ['daily_ledger', 'monthly_report', 'disposal_record', 'roster'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const SUBMISSION_STATUSES = ['submitted', 'acknowledged', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/**
 * A document submitted to 甲 (F3): exactly what was submitted (`content`, canonical JSON) and its
 * SHA-256 (`digest`), the site it belongs to, who submitted it and when; then 甲's receipt, given with a
 * passkey whose assertion commits to the digest (kept whole in `receipt_assertion`, so that anyone can
 * check it later against the credential's public key), or 甲's return with a comment. A returned
 * document is submitted again as a new row naming the one it replaces (`previous_id`).
 */
export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind', { enum: SUBMISSION_KINDS }).notNull(),
    /** Which document of its kind: `2026-11`, `area:3:2026-11-20`, `disposal:7`, `roster:2026-11-20`. */
    subjectKey: text('subject_key').notNull(),
    /** The subject as the submit request named it, to build the same document again on resubmission. */
    subject: text('subject', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    digest: text('digest').notNull(),
    previousId: integer('previous_id'),
    submittedBy: integer('submitted_by')
      .notNull()
      .references(() => people.id),
    submittedAt: integer('submitted_at').notNull(),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('submitted'),
    decidedBy: integer('decided_by').references(() => people.id),
    decidedAt: integer('decided_at'),
    returnComment: text('return_comment'),
    receiptCredentialId: text('receipt_credential_id').references(() => credentials.id),
    receiptAssertion: text('receipt_assertion'),
  },
  (t) => [index('submissions_site_status_idx').on(t.siteId, t.status), index('submissions_subject_idx').on(t.kind, t.subjectKey)],
);
