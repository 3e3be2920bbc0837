import { asc, gt } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import type { JournalRow } from '../journal/append.ts';
import type { VerifyResult } from '../journal/verify.ts';
import { CHUNK, pages } from '../reports/snapshot.ts';
import { verifyLedgerInChunks } from '../reports/verify-chunked.ts';

/**
 * The journal as JSON Lines, one entry a line, exactly as stored: `data` stays the canonical JSON text
 * the payload hash was computed over, so the city can recompute every hash without our code.
 */
export async function* journalJsonl(db: Tx): AsyncGenerator<string> {
  const page = (afterSeq: number) => db.select().from(journal).where(gt(journal.seq, afterSeq)).orderBy(asc(journal.seq)).limit(CHUNK).all();
  for await (const rows of pages<JournalRow, number>(0, page, (r) => r.seq)) {
    yield rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  }
}

export const VERIFICATION_METHOD = [
  'Each line of journal.jsonl is one entry. hash = SHA-256 over the canonical JSON (keys sorted, no spaces) of',
  '{seq, at, actorType, actorId, actorSession, action, entityType, entityId, requestId, payloadHash, prevHash}, plus rowSeals when it is not null;',
  'prevHash is the previous entry\'s hash (64 zeros for seq 1); payloadHash = SHA-256 over',
  '{"actorName":<JSON string or null>,"data":<data as stored>,"salt":<payloadSalt as JSON string>}.',
  'An entry whose actorName, data and payloadSalt are all null was erased at contract end: its chain still verifies,',
  'and a later personal_data.purged entry lists its seq in erasedSeqs.',
  'rowSeals lists [table, key, seal] for each row the change wrote: seal = the first 32 hex digits of SHA-256 over',
  '<payloadSalt as JSON string>|<table>|<key as JSON string>|<the row\'s non-null columns as canonical JSON>, null for a row deleted;',
  'each table of the export holds exactly the rows whose latest seal is not null, with that content.',
].join(' ');

export interface VerificationReport {
  result: VerifyResult;
  verifiedAt: string;
  method: string;
}

export async function verificationReport(db: Tx, verifiedAt: string): Promise<VerificationReport> {
  return { result: await verifyLedgerInChunks(db), verifiedAt, method: VERIFICATION_METHOD };
}
