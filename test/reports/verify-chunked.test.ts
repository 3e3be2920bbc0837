import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { verifyJournal } from '../../src/journal/verify.ts';
import { verifyJournalInChunks } from '../../src/reports/verify-chunked.ts';
import { journalFile, tamper } from '../journal/journal-fixture.ts';

/** Both walks on one file, the chunked one with pages of 3 so that every check meets a page edge. */
async function both(dbPath: string) {
  const { db, close } = openDatabase(dbPath, { readonly: true });
  try {
    return { whole: verifyJournal(db), chunked: await verifyJournalInChunks(db, () => {}, 3) };
  } finally {
    close();
  }
}

describe('E2, E3 the chunked verification used by long reads gives verifyJournal\'s answers', () => {
  it.each([
    ['intact', () => {}],
    ['content altered', (db: import('better-sqlite3').Database) => db.prepare("UPDATE journal SET action = 'person.deleted' WHERE seq = 7").run()],
    ['payload altered', (db: import('better-sqlite3').Database) => db.prepare("UPDATE journal SET data = '{}' WHERE seq = 6").run()],
    ['gap at a page edge', (db: import('better-sqlite3').Database) => db.prepare('DELETE FROM journal WHERE seq = 4').run()],
    ['link broken', (db: import('better-sqlite3').Database) => db.prepare('UPDATE journal SET prev_hash = ? WHERE seq = 9').run(randomBytes(32).toString('hex'))],
    [
      'reordered',
      (db: import('better-sqlite3').Database) => {
        db.prepare('UPDATE journal SET seq = -1 WHERE seq = 10').run();
        db.prepare('UPDATE journal SET seq = 10 WHERE seq = 11').run();
        db.prepare('UPDATE journal SET seq = 11 WHERE seq = -1').run();
      },
    ],
    ['erased payloads (contract-end purge)', (db: import('better-sqlite3').Database) => db.prepare('UPDATE journal SET actor_name = NULL, data = NULL, payload_salt = NULL').run()],
  ])('E2: %s', async (_name, attack) => {
    const { dbPath } = journalFile();
    tamper(dbPath, attack);
    const { whole, chunked } = await both(dbPath);
    expect(chunked).toEqual(whole);
  });
});
