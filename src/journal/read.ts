import { asc, desc, gt } from 'drizzle-orm';
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
export function readJournal(db: Tx, afterSeq: number, limit: number) {
  return db
    .select()
    .from(journal)
    .where(gt(journal.seq, afterSeq))
    .orderBy(asc(journal.seq))
    .limit(limit)
    .all()
    .map(({ data, payloadSalt: _salt, ...row }) => ({ ...row, at: iso(row.at), data: data === null ? null : redact(JSON.parse(data)) }));
}
