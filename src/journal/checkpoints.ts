import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { verify as verifySignature } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import type { SigningKey } from '../crypto/signing-key.ts';
import { canonicalJson } from './canonical.ts';
import { journalHead } from './read.ts';
import { dayBounds } from '../time.ts';

/**
 * Signed checkpoints: tamper evidence beyond the database file. Each line of the checkpoint file
 * (beside the database, never inside it) records the journal's size and head hash at a moment,
 * signed with the server's Ed25519 key. Someone who rewrites the whole chain, or restores an older
 * copy of the database, cannot produce a checkpoint that matches without the key.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  reason: 'interval' | 'day_close' | 'start' | 'stop' | 'manual' | 'rollback_acknowledged';
  sig: string;
}

function signedPart(c: Omit<Checkpoint, 'sig'>): Buffer {
  return Buffer.from(canonicalJson({ seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, reason: c.reason }));
}

export function readCheckpoints(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Checkpoint);
}

/** The last line of the checkpoint file (read from its end: the file grows by a line a second while busy). */
export function lastCheckpoint(file: string): Checkpoint | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const line = tail.toString('utf8').split('\n').filter((l) => l.trim() !== '').at(-1);
    return line ? (JSON.parse(line) as Checkpoint) : null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends a checkpoint of the current head and fsyncs the file, unless the head has not moved since
 * `last` (the caller's memory of the file's last line; read from the file when not given).
 */
export function writeCheckpoint(db: Tx, key: SigningKey, file: string, reason: Checkpoint['reason'], now: number, last: Checkpoint | null = lastCheckpoint(file)): Checkpoint | null {
  const head = journalHead(db);
  if (head.seq === 0 || head.hash === null) return null;
  if (last && last.seq === head.seq && last.hash === head.hash && reason !== 'rollback_acknowledged') return null;
  const unsigned = { seq: head.seq, hash: head.hash, at: new Date(now).toISOString(), keyId: key.keyId, reason };
  const checkpoint: Checkpoint = { ...unsigned, sig: key.sign(signedPart(unsigned)).toString('base64url') };
  const fd = openSync(file, 'a', 0o640);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return checkpoint;
}

export type CheckpointProblem = { reason: 'checkpoint_forged' | 'checkpoint_mismatch' | 'rollback'; seq: number; message: string };

/**
 * Checks every checkpoint: its signature under `publicKey`, and that the database still holds the
 * entry it saw with the same hash. A database shorter than a checkpoint was rolled back (an older
 * copy restored, or its newest entries cut off).
 */
export function checkpointSignatureHolds(c: Checkpoint, publicKey: KeyObject): boolean {
  const { sig, ...unsigned } = c;
  return verifySignature(null, signedPart(unsigned), publicKey, Buffer.from(sig, 'base64url'));
}

export function verifyCheckpoints(db: Tx, checkpoints: Checkpoint[], publicKey: KeyObject, headSeq: number): CheckpointProblem | null {
  for (const c of checkpoints) {
    if (!checkpointSignatureHolds(c, publicKey)) {
      return { reason: 'checkpoint_forged', seq: c.seq, message: `the checkpoint of seq ${c.seq} at ${c.at} is not signed by this server's key` };
    }
    if (c.seq > headSeq) {
      return { reason: 'rollback', seq: c.seq, message: `the journal ends at seq ${headSeq}, but a checkpoint signed at ${c.at} saw seq ${c.seq}: an older copy was restored or entries were cut off` };
    }
    const row = db.select({ hash: journal.hash }).from(journal).where(eq(journal.seq, c.seq)).get();
    if (!row || row.hash !== c.hash) {
      return { reason: 'checkpoint_mismatch', seq: c.seq, message: `seq ${c.seq} no longer has the hash signed at ${c.at}: the journal was rewritten` };
    }
  }
  return null;
}

/** The checkpoint printed on a day's ledger, so that the paper copy anchors the chain. */
export function dayCheckpoint(config: { checkpointPath: string; timeZone: string }, day: string): Checkpoint | null {
  const { start, end } = dayBounds(day, config.timeZone);
  return checkpointForDay(readCheckpoints(config.checkpointPath), start, end);
}

/** The checkpoint that closes a working day (the first at or after its end), else the day's last one. */
export function checkpointForDay(checkpoints: Checkpoint[], start: number, end: number): Checkpoint | null {
  const close = checkpoints.find((c) => Date.parse(c.at) >= end && Date.parse(c.at) < end + 86_400_000);
  if (close) return close;
  return checkpoints.filter((c) => Date.parse(c.at) >= start && Date.parse(c.at) < end).at(-1) ?? null;
}
