import { eq } from 'drizzle-orm';
import { renameSync } from 'node:fs';
import type { Tx } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import type { Deps } from '../deps.ts';
import { appendJournal } from './append.ts';
import { checkpointSignatureHolds, lastCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoints.ts';
import { journalHead } from './read.ts';
import type { SigningKey } from '../crypto/signing-key.ts';

/**
 * Why the server will not serve this database, or null: its journal is behind the last signed
 * checkpoint (an older copy restored, entries cut off), has another entry where the checkpoint saw one
 * (rewritten), or has entries and no checkpoint file at all (the file deleted with the rollback).
 * Checked at start, before anything is written (issue 14).
 */
export function startRefusal(db: Tx, key: SigningKey, file: string): string | null {
  const head = journalHead(db);
  const last = lastCheckpoint(file);
  if (!last) return head.seq > 0 ? `the journal holds ${head.seq} entries but there is no checkpoint file at ${file}: it was deleted, or this database was restored from elsewhere` : null;
  if (last.keyId !== key.keyId || !checkpointSignatureHolds(last, key.publicKey)) return `the last checkpoint in ${file} is not signed by this server's key`;
  if (last.seq > head.seq) return `the journal ends at seq ${head.seq}, but a checkpoint signed at ${last.at} saw seq ${last.seq}: an older copy was restored or entries were cut off`;
  const row = db.select({ hash: journal.hash }).from(journal).where(eq(journal.seq, last.seq)).get();
  if (!row || row.hash !== last.hash) return `seq ${last.seq} no longer has the hash signed at ${last.at}: the journal was rewritten`;
  return null;
}

/**
 * An administrator's acknowledgement that this database is to be served although it is behind or off
 * its checkpoints (a backup restored on purpose after a disk failure): journaled with what it
 * acknowledges, the old checkpoint file kept aside, and a fresh checkpoint of the head written.
 */
export function acknowledgeRollback(deps: Pick<Deps, 'db' | 'signingKey' | 'clock' | 'config'>, w: { operator: string; reason: string }): { refusal: string; entrySeq: number; keptAs: string | null; checkpoint: Checkpoint | null } | null {
  const file = deps.config.checkpointPath;
  const refusal = startRefusal(deps.db, deps.signingKey, file);
  if (refusal === null) return null;
  const previous = lastCheckpoint(file);
  const now = deps.clock.now();
  const entry = transact(deps.db, (tx) =>
    appendJournal(tx, { at: now, actor: { type: 'system', name: `cli: ${w.operator}` }, requestId: null, action: 'journal.rollback_acknowledged', entityType: 'journal', entityId: 'checkpoints', data: { refusal, reason: w.reason, previousCheckpoint: previous, head: journalHead(tx) } }),
  );
  const keptAs = previous ? `${file}.rolled-back-${new Date(now).toISOString().replace(/[:.]/g, '-')}` : null;
  if (keptAs) renameSync(file, keptAs);
  const checkpoint = writeCheckpoint(deps.db, deps.signingKey, file, 'rollback_acknowledged', now, null);
  return { refusal, entrySeq: entry.seq, keptAs, checkpoint };
}
