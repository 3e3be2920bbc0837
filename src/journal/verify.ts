import { asc, eq, gt, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import { entryHash, GENESIS_HASH, payloadHash, type JournalRow } from './append.ts';

export type VerifyFailureReason = 'content_altered' | 'link_broken' | 'gap' | 'reordered';

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; seq: number; reason: VerifyFailureReason; message: string };

const PAGE = 5000;

/**
 * Walks the chain from seq 1 and stops at the first entry that does not hold. The checks run in
 * the order that names the cause: an entry below seq 1 lies outside the chain (a broken link); a
 * missing seq is a gap; a prev-hash that points at some other entry is a reordering; a prev-hash
 * that points nowhere is a broken link; a stored hash (or a payload hash) that does not match the
 * recomputed one is altered content.
 *
 * A generator that pauses after each page, so that a long read can yield to the request loop between
 * pages (verifyJournalInChunks) while the checks stay in this one place. `visit` sees every row that
 * verified, so a caller can tally the journal in the same pass.
 */
export function* walkJournal(db: Tx, visit: (row: JournalRow) => void = () => {}, page = PAGE): Generator<void, VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (let firstPage = true; ; firstPage = false) {
    // The first page has no lower bound, so a row slipped in at seq 0 or below is seen, not skipped.
    const rows: JournalRow[] = firstPage
      ? prepared(db, 'journal.firstPage', (d) => d.select().from(journal).orderBy(asc(journal.seq)).limit(sql.placeholder('page')).prepare()).all({ page })
      : prepared(db, 'journal.pageAfter', (d) =>
          d.select().from(journal).where(gt(journal.seq, sql.placeholder('after'))).orderBy(asc(journal.seq)).limit(sql.placeholder('page')).prepare(),
        ).all({ after: expectedSeq - 1, page });
    for (const row of rows) {
      const fail = (reason: VerifyFailureReason, message: string, seq = row.seq): VerifyResult => ({ ok: false, count, seq, reason, message });
      if (row.seq < 1) return fail('link_broken', `seq ${row.seq} lies outside the chain, which starts at seq 1`);
      if (row.seq !== expectedSeq) return fail('gap', `seq ${expectedSeq} is missing (next present is ${row.seq})`, expectedSeq);
      if (row.prevHash !== prevHash) {
        const pointsAt = db.select({ seq: journal.seq }).from(journal).where(eq(journal.hash, row.prevHash)).get();
        return pointsAt
          ? fail('reordered', `seq ${row.seq} follows seq ${pointsAt.seq}, not seq ${row.seq - 1}`)
          : fail('link_broken', `seq ${row.seq} does not link to the hash of seq ${row.seq - 1}`);
      }
      if (entryHash(row) !== row.hash) return fail('content_altered', `seq ${row.seq}: stored hash does not match its content`);
      const purged = row.data === null && row.actorName === null && row.payloadSalt === null;
      if (!purged && payloadHash(row.payloadSalt, row.actorName, row.data) !== row.payloadHash) {
        return fail('content_altered', `seq ${row.seq}: recorded content does not match its payload hash`);
      }
      visit(row);
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < page) break;
    yield;
  }
  return { ok: true, count, headSeq: count, headHash: prevHash };
}

/** The whole walk at once (the CLI, tests). */
export function verifyJournal(db: Tx): VerifyResult {
  const walk = walkJournal(db);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}
