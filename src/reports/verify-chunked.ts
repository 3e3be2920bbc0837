import type { Tx } from '../db/client.ts';
import type { JournalRow } from '../journal/append.ts';
import { walkJournal, type VerifyResult } from '../journal/verify.ts';
import { CHUNK, yieldToLoop } from './snapshot.ts';

/**
 * verifyJournal for the long reads that run on the request loop (month report, exports): the same
 * walk (src/journal/verify.ts), yielding to the loop between chunks. `visit` sees every row that
 * verified, so a caller can tally the journal in the same pass.
 */
export async function verifyJournalInChunks(db: Tx, visit: (row: JournalRow) => void = () => {}, chunk = CHUNK): Promise<VerifyResult> {
  const walk = walkJournal(db, visit, chunk);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    await yieldToLoop();
  }
}
