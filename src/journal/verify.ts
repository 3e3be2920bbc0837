import { asc, eq, gt, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import { clientOf, type Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import { entryHash, GENESIS_HASH, payloadHash, type JournalRow } from './append.ts';
import { ErasedRanges, PURGE_ACTION } from './erasure.ts';
import { SealIndex, type TableFailureReason } from './verify-tables.ts';

export type VerifyFailureReason = 'content_altered' | 'link_broken' | 'gap' | 'reordered' | 'payload_erased_unrecorded' | TableFailureReason;

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; seq: number; reason: VerifyFailureReason; message: string; table?: string; id?: string };

const PAGE = 5000;

/**
 * Walks the chain from seq 1 and stops at the first entry that does not hold. The checks run in
 * the order that names the cause: an entry below seq 1 lies outside the chain (a broken link); a
 * missing seq is a gap; a prev-hash that points at some other entry is a reordering; a prev-hash
 * that points nowhere is a broken link; a stored hash (or a payload hash) that does not match the
 * recomputed one is altered content.
 *
 * An entry whose payload is blank (the contract-end erasure) holds only where a later purge entry
 * lists its seq; any other is named as `payload_erased_unrecorded` once the whole chain has been read.
 *
 * A generator that pauses after each page, so that a long read can yield to the request loop between
 * pages (verifyJournalInChunks) while the checks stay in this one place. `visit` sees every row that
 * verified, so a caller can tally the journal in the same pass.
 */
export function* walkJournal(db: Tx, visit: (row: JournalRow) => void = () => {}, page = PAGE): Generator<void, VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const erased = new ErasedRanges();
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
      if (purged) erased.add(row.seq);
      else if (row.action === PURGE_ACTION) erased.coverBy(row);
      visit(row);
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < page) break;
    yield;
  }
  const uncovered = erased.first();
  if (uncovered !== null) return { ok: false, count, seq: uncovered, reason: 'payload_erased_unrecorded', message: `seq ${uncovered}: its content was erased, but no purge entry records erasing it` };
  return { ok: true, count, headSeq: count, headHash: prevHash };
}

/**
 * The whole ledger: the chain (walkJournal), then every sealed table against the latest seal of each
 * row (src/journal/verify-tables.ts). Runs in one read transaction, so that the tables and the journal
 * are one snapshot even while the server writes.
 */
export function* walkLedger(db: Tx, visit: (row: JournalRow) => void = () => {}, page = PAGE): Generator<void, VerifyResult> {
  const sqlite = clientOf(db);
  const own = !sqlite.inTransaction;
  if (own) sqlite.exec('BEGIN');
  try {
    const seals = new SealIndex(sqlite);
    const chain = yield* walkJournal(db, (row) => {
      seals.add(row);
      visit(row);
    }, page);
    if (!chain.ok) return chain;
    const failure = yield* seals.check(chain.headSeq);
    return failure === null ? chain : { ok: false, count: chain.count, ...failure };
  } finally {
    if (own && sqlite.inTransaction) sqlite.exec('COMMIT');
  }
}

function runToEnd(walk: Generator<void, VerifyResult>): VerifyResult {
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/** The whole check at once, chain and tables (the CLI, tests). */
export function verifyJournal(db: Tx): VerifyResult {
  return runToEnd(walkLedger(db));
}

/** The chain alone, without the tables (the bench's comparison, and what a journal file alone allows). */
export function verifyChain(db: Tx): VerifyResult {
  return runToEnd(walkJournal(db));
}
