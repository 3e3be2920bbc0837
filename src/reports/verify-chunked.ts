import type { Tx } from '../db/client.ts';
import type { JournalRow } from '../journal/append.ts';
import { walkJournal, walkLedger, type VerifyResult } from '../journal/verify.ts';
import { CHUNK, yieldToLoop } from './snapshot.ts';

/**
 * verifyJournal for the long reads that run on the request loop (month report, exports): the same
 * walk (src/journal/verify.ts), yielding to the loop between chunks. `visit` sees every row that
 * verified, so a caller can tally the journal in the same pass.
 */
export async function verifyJournalInChunks(db: Tx, visit: (row: JournalRow) => void = () => {}, chunk = CHUNK): Promise<VerifyResult> {
  return inChunks(walkJournal(db, visit, chunk));
}

/** The same for the whole ledger, tables included (the city's export and the evidence package). */
export async function verifyLedgerInChunks(db: Tx, chunk = CHUNK): Promise<VerifyResult> {
  return inChunks(walkLedger(db, () => {}, chunk));
}

async function inChunks(walk: Generator<void, VerifyResult>): Promise<VerifyResult> {
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
    await yieldToLoop();
  }
}
