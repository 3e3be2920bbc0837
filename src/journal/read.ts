import { asc, desc, gt, lt } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import { iso } from '../http/fields.ts';

export function journalHead(db: Tx): { seq: number; hash: string | null } {
  const head = db.select({ seq: journal.seq, hash: journal.hash }).from(journal).orderBy(desc(journal.seq)).limit(1).get();
  return head ?? { seq: 0, hash: null };
}

// A6: the journal records whole person rows; its reading view withholds the sensitive fields.
// The chain is still checkable: verification works on the stored rows, not on this view.
const RESTRICTED_KEYS = new Set(['contact', 'nationality']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, RESTRICTED_KEYS.has(k) ? '[restricted]' : redact(v)]));
}

/** A page of entries after `afterSeq`, oldest first, with the recorded content parsed back (sensitive fields withheld). */
export function readJournal(db: Tx, page: { after: number } | { before: number | null }, limit: number) {
  const where = 'after' in page ? gt(journal.seq, page.after) : page.before === null ? undefined : lt(journal.seq, page.before);
  const rows = db
    .select()
    .from(journal)
    .where(where)
    .orderBy('after' in page ? asc(journal.seq) : desc(journal.seq))
    .limit(limit)
    .all();
  // Pages read backwards (newest first) are still returned oldest first.
  if (!('after' in page)) rows.reverse();
  return rows
    .map(({ data, payloadSalt: _salt, ...row }) => ({ ...row, at: iso(row.at), data: data === null ? null : redact(JSON.parse(data)) }));
}
