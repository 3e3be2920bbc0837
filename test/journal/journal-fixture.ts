import Database from 'better-sqlite3';
import type { Ctx } from '../../src/deps.ts';
import type { Actor } from '../../src/actor.ts';
import { SYSTEM, actorOfPerson } from '../../src/actor.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createOrganisation, createPerson } from '../../src/roster/service.ts';
import { createArea, createSite, grantAuthorization } from '../../src/areas/service.ts';
import { verifyJournal, type VerifyResult } from '../../src/journal/verify.ts';
import { testEnv, type TestEnv } from '../support/harness.ts';

/** A journal row as SQLite stores it (snake_case), read by the attacker without our code. */
export interface RawJournalRow {
  seq: number;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_session: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  actor_name: string | null;
  data: string | null;
  payload_salt: string | null;
  payload_hash: string;
  row_seals: string | null;
  prev_hash: string;
  hash: string;
}

export const FIXTURE_ENTRIES = 20;

/**
 * A real database file holding a 20-entry journal written through the services (by the system and by
 * a person, with the clock moving), closed so that the file alone is what an attacker would hold.
 */
export function journalFile(): { env: TestEnv; dbPath: string } {
  const env = testEnv();
  const system: Ctx = { deps: env.deps, actor: SYSTEM, requestId: 'r1' };
  const tick = () => env.clock.advance(61_000);

  const prime = createOrganisation(system, { name: '株式会社みなと情報システム', kana: 'かぶしきがいしゃみなと' });
  tick();
  const sub = createOrganisation(system, { name: '有限会社さくら保守', kana: 'ゆうげんがいしゃさくら' });
  tick();
  const admin = createPerson(system, person('管理 花子', prime.id, ['admin']));
  const asAdmin: Ctx = {
    deps: env.deps,
    actor: actorOfPerson(admin, 'session-1'),
    requestId: 'r2',
  };
  tick();
  const site = createSite(asAdmin, { name: '本庁舎 4階', address: '情報政策課フロア' });
  const general = createArea(asAdmin, { siteId: site.id, name: '執務室', securityLevel: 'general' });
  const secure = createArea(asAdmin, { siteId: site.id, name: 'サーバ室', securityLevel: 'secure', twoPersonRule: true });
  const workers = [];
  for (let i = 0; i < 7; i++) {
    tick();
    workers.push(createPerson(asAdmin, person(`作業 ${i + 1}号`, i % 2 ? sub.id : prime.id, ['worker'])));
  }
  for (const [i, w] of workers.entries()) {
    tick();
    grantAuthorization(asAdmin, { personId: w.id, areaId: i < 1 ? secure.id : general.id, validFrom: env.clock.now(), validTo: null, note: '' });
  }
  const count = env.deps.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number };
  if (count.n !== FIXTURE_ENTRIES) throw new Error(`fixture wrote ${count.n} journal entries, expected ${FIXTURE_ENTRIES}`);
  env.deps.sqlite.close();
  return { env, dbPath: env.dbPath };
}

function person(name: string, organisationId: number, roles: ('admin' | 'worker')[]) {
  return {
    name,
    kana: 'しけん',
    organisationId,
    position: '',
    duties: '',
    expertise: '',
    contact: '090-0000-0000',
    nationality: '日本',
    roles,
    validFrom: null,
    validTo: null,
  };
}

/** What someone holding the file can do: open it without our code, drop the triggers, rewrite rows. */
export function tamper(dbPath: string, attack: (db: Database.Database) => void): void {
  const db = new Database(dbPath);
  try {
    db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
    attack(db);
  } finally {
    db.close();
  }
}

export function rawRow(db: Database.Database, seq: number): RawJournalRow {
  const row = db.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as RawJournalRow | undefined;
  if (!row) throw new Error(`no journal row ${seq}`);
  return row;
}

export function rawRows(dbPath: string): RawJournalRow[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM journal ORDER BY seq').all() as RawJournalRow[];
  } finally {
    db.close();
  }
}

/** verifyJournal on a fresh read-only connection, as the CLI opens it. */
export function verifyFile(dbPath: string): VerifyResult {
  const { db, close } = openDatabase(dbPath, { readonly: true });
  try {
    return verifyJournal(db);
  } finally {
    close();
  }
}
