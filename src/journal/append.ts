import { randomFillSync } from 'node:crypto';
import { desc } from 'drizzle-orm';
import { placeholders, prepared } from '../db/prepared.ts';
import { clientOf, type Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import type { Actor } from '../actor.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { takeSeals } from './seals.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface JournalWrite {
  at: number;
  actor: Actor;
  requestId: string | null;
  /** `entity.verb_past`, never renamed once used. */
  action: string;
  entityType: string;
  entityId: string | number;
  /** The full new content of the record (or what was read, for sensitive reads). */
  data: unknown;
}

export type JournalRow = typeof journal.$inferSelect;

const JOURNAL_COLUMNS = [
  'seq', 'at', 'actorType', 'actorId', 'actorSession', 'action', 'entityType', 'entityId', 'requestId', 'actorName', 'data', 'payloadSalt', 'payloadHash', 'rowSeals', 'prevHash', 'hash',
] as const satisfies readonly (keyof JournalRow)[];

const ACTION = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

// One call into the kernel's CSPRNG per 256 salts instead of one per entry (the kiosk hot path).
const saltPool = Buffer.alloc(16 * 256);
let saltOffset = saltPool.length;

function nextSalt(): string {
  if (saltOffset === saltPool.length) {
    randomFillSync(saltPool);
    saltOffset = 0;
  }
  saltOffset += 16;
  return saltPool.toString('base64url', saltOffset - 16, saltOffset);
}

/** The salted commitment to the entry's personal content; shared by append and verify. */
export function payloadHash(salt: string | null, actorName: string | null, dataText: string | null): string {
  return sha256Hex(`{"actorName":${canonicalJson(actorName)},"data":${dataText ?? 'null'},"salt":${canonicalJson(salt)}}`);
}

/** The chained hash over everything in the entry except the blank-able payload columns. */
export function entryHash(row: Omit<JournalRow, 'hash' | 'actorName' | 'data' | 'payloadSalt'>): string {
  return sha256Hex(entryHashInput(row));
}

/**
 * canonicalJson of the entry's hashed columns, written out in its sorted key order (verify computes
 * this for every entry: sorting the same eleven keys each time was a good part of its cost). Every
 * column is a string, number or null, never undefined, so no member is dropped; the journal tests
 * compare it with canonicalJson over random rows. `rowSeals` came later: it is hashed when present
 * and left out when null, so that entries written before it still verify as they were written.
 */
export function entryHashInput(row: Omit<JournalRow, 'hash' | 'actorName' | 'data' | 'payloadSalt'>): string {
  const c = canonicalJson;
  return (
    `{"action":${c(row.action)},"actorId":${c(row.actorId)},"actorSession":${c(row.actorSession)},"actorType":${c(row.actorType)},` +
    `"at":${c(row.at)},"entityId":${c(row.entityId)},"entityType":${c(row.entityType)},"payloadHash":${c(row.payloadHash)},` +
    `"prevHash":${c(row.prevHash)},"requestId":${c(row.requestId)},${row.rowSeals === null ? '' : `"rowSeals":${c(row.rowSeals)},`}"seq":${c(row.seq)}}`
  );
}

/**
 * Appends one entry. Must be called inside the transaction that makes the change it records,
 * so that the change and its entry commit or roll back together.
 */
export function appendJournal(tx: Tx, w: JournalWrite): JournalRow {
  if (!ACTION.test(w.action)) throw new Error(`journal action ${w.action} is not entity.verb_past`);
  const head = prepared(tx, 'journal.head', (db) => db.select({ seq: journal.seq, hash: journal.hash }).from(journal).orderBy(desc(journal.seq)).limit(1).prepare()).get();
  const actorName = w.actor.name;
  const dataText = canonicalJson(w.data ?? null);
  const salt = nextSalt();
  const base = {
    seq: (head?.seq ?? 0) + 1,
    at: w.at,
    actorType: w.actor.type,
    actorId: w.actor.type === 'system' ? null : String(w.actor.id),
    actorSession: w.actor.type === 'person' ? w.actor.sessionId : null,
    action: w.action,
    entityType: w.entityType,
    entityId: String(w.entityId),
    requestId: w.requestId,
    payloadHash: payloadHash(salt, actorName, dataText),
    // The rows this change wrote, sealed under the entry's own salt (erased with it at contract end).
    rowSeals: takeSeals(clientOf(tx), salt),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const row: JournalRow = { ...base, actorName, data: dataText, payloadSalt: salt, hash: entryHash(base) };
  prepared(tx, 'journal.insert', (db) =>
    db
      .insert(journal)
      .values(placeholders<JournalRow>(JOURNAL_COLUMNS))
      .prepare(),
  ).run(row);
  return row;
}

/** appendJournal for a service call: the actor, request and time come from the context. */
export function recordChange(
  tx: Tx,
  ctx: { deps: { clock: { now(): number } }; actor: Actor; requestId: string | null },
  change: Pick<JournalWrite, 'action' | 'entityType' | 'entityId' | 'data'>,
): JournalRow {
  return appendJournal(tx, { ...change, at: ctx.deps.clock.now(), actor: ctx.actor, requestId: ctx.requestId });
}
