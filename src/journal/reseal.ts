import type { Actor } from '../actor.ts';
import { clientOf, type Tx } from '../db/client.ts';
import { appendJournal } from './append.ts';
import { existingSealedTables, markPending, quoteId, type SealedTable } from './seals.ts';

const ROWS_PER_ENTRY = 5000;
const q = quoteId;

export type ResealReason = 'migration' | 'purge';

/**
 * Seals every row of every sealed table anew, in `journal.rows_sealed` entries of up to 5,000 rows each.
 * Runs where rows changed with no journal entry of their own: after a schema migration (the first one
 * brings seals to a database that had none), and after the contract-end purge, which blanks personal
 * columns and erases the salts of the seals written before it. Must run inside the caller's transaction.
 */
export function resealAll(db: Tx, w: { at: number; actor: Actor; reason: ResealReason }): number {
  const sqlite = clientOf(db);
  let entries = 0;
  for (const t of existingSealedTables(sqlite)) {
    for (const keys of keyPages(sqlite, t)) {
      markPending(sqlite, t.name, keys);
      appendJournal(db, { at: w.at, actor: w.actor, requestId: null, action: 'journal.rows_sealed', entityType: 'table', entityId: t.name, data: { table: t.name, rows: keys.length, reason: w.reason } });
      entries += 1;
    }
  }
  return entries;
}

function* keyPages(sqlite: ReturnType<typeof clientOf>, t: SealedTable): Generator<unknown[][]> {
  const list = t.keys.map(q).join(', ');
  const first = sqlite.prepare(`SELECT ${list} FROM main.${q(t.name)} ORDER BY ${list} LIMIT ${ROWS_PER_ENTRY}`).raw();
  const next = sqlite.prepare(`SELECT ${list} FROM main.${q(t.name)} WHERE (${list}) > (${t.keys.map(() => '?').join(', ')}) ORDER BY ${list} LIMIT ${ROWS_PER_ENTRY}`).raw();
  for (let last: unknown[] | null = null; ; ) {
    const keys = (last === null ? first.all() : next.all(...last)) as unknown[][];
    if (keys.length > 0) yield keys;
    if (keys.length < ROWS_PER_ENTRY) return;
    last = keys.at(-1)!;
  }
}
