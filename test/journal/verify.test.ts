import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/actor.ts';
import { transact } from '../../src/db/client.ts';
import { appendJournal, entryHash, GENESIS_HASH, payloadHash } from '../../src/journal/append.ts';
import { verifyJournal } from '../../src/journal/verify.ts';
import { testEnv, T0 } from '../support/harness.ts';
import { FIXTURE_ENTRIES, journalFile, rawRow, rawRows, tamper, verifyFile, type RawJournalRow } from './journal-fixture.ts';

/** entryHash over a raw row, as an attacker who read our source would call it. */
function rehash(r: RawJournalRow): string {
  return entryHash({
    seq: r.seq,
    at: r.at,
    actorType: r.actor_type as 'person' | 'kiosk' | 'system',
    actorId: r.actor_id,
    actorSession: r.actor_session,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    requestId: r.request_id,
    payloadHash: r.payload_hash,
    rowSeals: r.row_seals,
    prevHash: r.prev_hash,
  });
}

describe('E2 verify: an untouched journal', () => {
  it('verifies ok, with the entry count and the last row as head', () => {
    const { dbPath } = journalFile();
    const rows = rawRows(dbPath);
    expect(rows).toHaveLength(FIXTURE_ENTRIES);
    expect(verifyFile(dbPath)).toEqual({ ok: true, count: FIXTURE_ENTRIES, headSeq: FIXTURE_ENTRIES, headHash: rows.at(-1)!.hash });
  });

  it('verifies an empty journal as ok with the genesis hash as head', () => {
    const env = testEnv();
    expect(verifyJournal(env.deps.db)).toEqual({ ok: true, count: 0, headSeq: 0, headHash: GENESIS_HASH });
  });
});

describe('E2 verify: pinpoints the first altered record', () => {
  it('content altered: new data in seq 7 is named at seq 7', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => {
      const data = JSON.parse(rawRow(db, 7).data!) as Record<string, unknown>;
      db.prepare('UPDATE journal SET data = ? WHERE seq = 7').run(JSON.stringify({ ...data, name: '偽の名前' }));
    });
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 7, reason: 'content_altered', count: 6 });
  });

  it('content altered: a new actor name snapshot in seq 7 is named at seq 7', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare("UPDATE journal SET actor_name = '別人' WHERE seq = 7").run());
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 7, reason: 'content_altered' });
  });

  it.each([
    ['at', 'UPDATE journal SET at = at - 3600000 WHERE seq = 7'],
    ['action', "UPDATE journal SET action = 'person.deleted' WHERE seq = 7"],
    ['entity_id', "UPDATE journal SET entity_id = '999' WHERE seq = 7"],
    ['actor_id', "UPDATE journal SET actor_id = '2' WHERE seq = 7"],
    ['request_id', "UPDATE journal SET request_id = 'forged' WHERE seq = 7"],
  ])('content altered: the envelope column %s of seq 7 is named at seq 7', (_column, sql) => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare(sql).run());
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 7, reason: 'content_altered' });
  });

  it('altered and re-hashed: seq 7 holds, so the break shows at seq 8 as a broken link', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => {
      const row = rawRow(db, 7);
      const data = JSON.stringify({ ...(JSON.parse(row.data!) as object), name: '偽の名前' });
      const forged = { ...row, data, payload_hash: payloadHash(row.payload_salt, row.actor_name, data) };
      const hash = rehash(forged);
      db.prepare('UPDATE journal SET data = ?, payload_hash = ?, hash = ? WHERE seq = 7').run(data, forged.payload_hash, hash);
    });
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 8, reason: 'link_broken', count: 7 });
  });

  it('link broken: another prev_hash on seq 9 is named at seq 9', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare('UPDATE journal SET prev_hash = ? WHERE seq = 9').run(randomBytes(32).toString('hex')));
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 9, reason: 'link_broken', count: 8 });
  });

  it('gap: a deleted seq 5 is named at seq 5', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare('DELETE FROM journal WHERE seq = 5').run());
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 5, reason: 'gap', count: 4 });
  });

  it('gap: the first entry deleted is named at seq 1', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare('DELETE FROM journal WHERE seq = 1').run());
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 1, reason: 'gap', count: 0 });
  });

  it('reordered: seq 10 and 11 swapped is named at seq 10', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => {
      db.prepare('UPDATE journal SET seq = -1 WHERE seq = 10').run();
      db.prepare('UPDATE journal SET seq = 10 WHERE seq = 11').run();
      db.prepare('UPDATE journal SET seq = 11 WHERE seq = -1').run();
    });
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 10, reason: 'reordered', count: 9 });
  });

  it('a forged entry slipped in before seq 1 (seq 0, hashed and linked like a genesis) is named at seq 0', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => {
      const forged = { ...rawRow(db, 1), seq: 0, action: 'person.created', entity_type: 'person', entity_id: '999' };
      forged.hash = rehash(forged);
      db.prepare(
        `INSERT INTO journal VALUES (@seq, @at, @actor_type, @actor_id, @actor_session, @action, @entity_type, @entity_id,
          @request_id, @actor_name, @data, @payload_salt, @payload_hash, @prev_hash, @hash, @row_seals)`,
      ).run(forged);
    });
    expect(rawRows(dbPath).map((r) => r.seq).slice(0, 2)).toEqual([0, 1]);
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 0, reason: 'link_broken', count: 0 });
  });

  it('names the first of several alterations', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => {
      db.prepare("UPDATE journal SET action = 'person.deleted' WHERE seq = 15").run();
      db.prepare('DELETE FROM journal WHERE seq = 12').run();
      db.prepare("UPDATE journal SET data = '{}' WHERE seq = 3").run();
    });
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 3, reason: 'content_altered' });
  });
});

describe('E2 verify: a journal longer than one read page', () => {
  const PAST_ONE_PAGE = 5003; // verifyJournal reads 5000 rows at a time

  function longJournal() {
    const env = testEnv();
    transact(env.deps.db, (tx) => {
      for (let i = 1; i <= PAST_ONE_PAGE; i++) {
        appendJournal(tx, { at: T0 + i, actor: SYSTEM, requestId: null, action: 'test.recorded', entityType: 'test', entityId: i, data: { i } });
      }
    });
    env.deps.sqlite.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
    return env;
  }

  it('walks every page and verifies all entries', () => {
    const env = longJournal();
    const head = env.deps.sqlite.prepare('SELECT hash FROM journal WHERE seq = ?').get(PAST_ONE_PAGE) as { hash: string };
    expect(verifyJournal(env.deps.db)).toEqual({ ok: true, count: PAST_ONE_PAGE, headSeq: PAST_ONE_PAGE, headHash: head.hash });
  });

  it('finds a gap at the page boundary and an alteration on the second page', () => {
    const env = longJournal();
    env.deps.sqlite.prepare("UPDATE journal SET data = '{\"i\":0}' WHERE seq = 5002").run();
    expect(verifyJournal(env.deps.db)).toMatchObject({ ok: false, seq: 5002, reason: 'content_altered', count: 5001 });
    env.deps.sqlite.prepare('DELETE FROM journal WHERE seq = 5001').run();
    expect(verifyJournal(env.deps.db)).toMatchObject({ ok: false, seq: 5001, reason: 'gap', count: 5000 });
  });
});

describe('E2 verify: the contract-end purge', () => {
  it('a row whose data, actor name and salt are blanked keeps its chain, but without a purge entry listing it verify names it (issue 14)', () => {
    const { dbPath } = journalFile();
    const before = rawRows(dbPath);
    tamper(dbPath, (db) => db.prepare('UPDATE journal SET data = NULL, actor_name = NULL, payload_salt = NULL WHERE seq = 6').run());
    const purged = rawRows(dbPath)[5]!;
    expect([purged.data, purged.actor_name, purged.payload_salt]).toEqual([null, null, null]);
    // Every link and hash holds (the whole chain was read: count is every entry), and still it is named.
    expect(rawRows(dbPath).map((r) => r.hash)).toEqual(before.map((r) => r.hash));
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 6, reason: 'payload_erased_unrecorded', count: FIXTURE_ENTRIES });
  });

  it('a half-blanked row (data only) is content_altered, not a purge', () => {
    const { dbPath } = journalFile();
    tamper(dbPath, (db) => db.prepare('UPDATE journal SET data = NULL WHERE seq = 6').run());
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, seq: 6, reason: 'content_altered' });
  });
});
