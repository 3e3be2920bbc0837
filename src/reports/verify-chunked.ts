import { asc, eq, gt } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import { entryHash, GENESIS_HASH, payloadHash, type JournalRow } from '../journal/append.ts';
import type { VerifyResult } from '../journal/verify.ts';
import { CHUNK, yieldToLoop } from './snapshot.ts';

/**
 * verifyJournal (src/journal/verify.ts), walked in chunks with a yield between them, for the long reads
 * that run on the request loop (month report, exports). The checks and their order are the same; the
 * tests hold the two to the same answers on intact and tampered files. `visit` sees every row that
 * verified, so a caller can tally the journal in the same pass.
 */
export async function verifyJournalInChunks(db: Tx, visit: (row: JournalRow) => void = () => {}, chunk = CHUNK): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (let firstPage = true; ; firstPage = false) {
    const after = firstPage ? undefined : gt(journal.seq, expectedSeq - 1);
    const rows = db.select().from(journal).where(after).orderBy(asc(journal.seq)).limit(chunk).all();
    for (const row of rows) {
      const fail = (reason: Extract<VerifyResult, { ok: false }>['reason'], message: string, seq = row.seq): VerifyResult => ({ ok: false, count, seq, reason, message });
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
    if (rows.length < chunk) break;
    await yieldToLoop();
  }
  return { ok: true, count, headSeq: count, headHash: prevHash };
}
