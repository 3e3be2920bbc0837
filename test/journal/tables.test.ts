import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contractWorld, type ContractWorld } from '../contract-end/contract-world.ts';
import { badgeAt, ledgerWorld, signOffLedger, tokyo, worker } from '../ledger/ledger-world.ts';
import { verifyFile } from './journal-fixture.ts';

/**
 * E2, E9 (issue 14): every served record is proven by the journal. An attacker with the database file
 * and our source drops the triggers and edits, deletes, adds or replaces a row of a table; verify names
 * the table, the row and the journal entry that disagrees.
 */

/** The attacker's own connection: no triggers of ours, no recursive_triggers, no unique index in the way. */
function attack(dbPath: string, table: string, sql: string, ...params: unknown[]): void {
  const db = new Database(dbPath);
  try {
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().all(table) as string[]) db.exec(`DROP TRIGGER "${t}"`);
    for (const i of db.prepare(`SELECT name FROM pragma_index_list('${table}') WHERE "unique" = 1 AND origin = 'c'`).pluck().all() as string[]) db.exec(`DROP INDEX "${i}"`);
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function latestSealSeq(dbPath: string, table: string, id: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare("SELECT seq, row_seals FROM journal WHERE row_seals IS NOT NULL ORDER BY seq DESC").all() as { seq: number; row_seals: string }[];
    const hit = rows.find((r) => (JSON.parse(r.row_seals) as [string, string, string | null][]).some(([t, k]) => t === table && k === id));
    if (!hit) throw new Error(`no seal of ${table} ${id}`);
    return hit.seq;
  } finally {
    db.close();
  }
}

async function closedWorld(): Promise<{ w: ContractWorld; dbPath: string }> {
  const w = await contractWorld();
  w.env.deps.sqlite.close();
  return { w, dbPath: w.env.dbPath };
}

/** One row of each table the city is shown, with a column an attacker would change. */
const TARGETS = [
  { table: 'access_events', column: 'occurred_at', value: 1 },
  { table: 'movements', column: 'direction', value: 'out' },
  { table: 'custody_requests', column: 'purpose', value: '改ざん' },
  { table: 'custody_approvals', column: 'approver_id', value: 1 },
  { table: 'assets', column: 'serial_number', value: 'FORGED' },
  { table: 'people', column: 'name', value: '偽 太郎' },
  { table: 'visitors', column: 'affiliation', value: '偽会社' },
  { table: 'disposal_records', column: 'vendor', value: '偽業者' },
  { table: 'incidents', column: 'title', value: '改ざん' },
] as const;

describe('E2, E9: verify checks every table against the journal (issue 14)', () => {
  it('a world written through the services verifies, tables included', async () => {
    const { dbPath } = await closedWorld();
    expect(verifyFile(dbPath)).toMatchObject({ ok: true });
  });

  for (const t of TARGETS) {
    it(`${t.table}: an edited row is row_altered, named with its id and the entry that sealed it`, async () => {
      const { dbPath } = await closedWorld();
      const id = String(firstId(dbPath, t.table));
      attack(dbPath, t.table, `UPDATE ${t.table} SET ${t.column} = ? WHERE id = ?`, t.value, id);
      expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'row_altered', table: t.table, id, seq: latestSealSeq(dbPath, t.table, id) });
    });

    it(`${t.table}: a deleted row is row_missing`, async () => {
      const { dbPath } = await closedWorld();
      const id = String(lastId(dbPath, t.table));
      const sealedAt = latestSealSeq(dbPath, t.table, id);
      const db = new Database(dbPath);
      db.pragma('foreign_keys = OFF');
      for (const tr of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().all(t.table) as string[]) db.exec(`DROP TRIGGER "${tr}"`);
      db.prepare(`DELETE FROM ${t.table} WHERE id = ?`).run(id);
      db.close();
      expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'row_missing', table: t.table, id, seq: sealedAt });
    });

    it(`${t.table}: a row added by hand is row_unjournaled`, async () => {
      const { dbPath } = await closedWorld();
      const id = firstId(dbPath, t.table);
      const copyId = 100_000;
      attack(dbPath, t.table, `INSERT INTO ${t.table} SELECT * FROM ${t.table} WHERE id = ?`.replace('SELECT *', `SELECT ${copyColumns(dbPath, t.table, copyId)}`), id);
      expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'row_unjournaled', table: t.table, id: String(copyId) });
    });
  }

  it('INSERT OR REPLACE of a mutable row (no trigger refuses it) is row_altered', async () => {
    const { dbPath } = await closedWorld();
    const id = firstId(dbPath, 'assets');
    const db = new Database(dbPath);
    db.pragma('foreign_keys = OFF');
    db.prepare(`INSERT OR REPLACE INTO assets SELECT ${copyColumns(dbPath, 'assets', id).replace('"serial_number"', "'SN-REPLACED'")} FROM assets WHERE id = ?`).run(id);
    db.close();
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'row_altered', table: 'assets', id: String(id) });
  });

  it('presence (who is inside now) is sealed too: a person taken out of it is row_missing', async () => {
    const { dbPath } = await closedWorld();
    const db = new Database(dbPath);
    const row = db.prepare('SELECT area_id, subject FROM presence LIMIT 1').get() as { area_id: number; subject: string };
    db.prepare('DELETE FROM presence WHERE area_id = ? AND subject = ?').run(row.area_id, row.subject);
    db.close();
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'row_missing', table: 'presence', id: JSON.stringify([row.area_id, row.subject]) });
  });

  it('an entry whose payload was blanked as if by the purge, with no purge entry listing it, is payload_erased_unrecorded', async () => {
    const { dbPath } = await closedWorld();
    const seq = readOne(dbPath, "SELECT max(seq) FROM journal WHERE action = 'access.entered'");
    attack(dbPath, 'journal', 'UPDATE journal SET data = NULL, actor_name = NULL, payload_salt = NULL WHERE seq = ?', seq);
    expect(verifyFile(dbPath)).toMatchObject({ ok: false, reason: 'payload_erased_unrecorded', seq });
  });

  it('ledger_signoffs: a sign-off edited with its triggers dropped is row_altered', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    await badgeAt(w, who, 'out', tokyo('2026-11-20T17:00'));
    w.env.clock.set(tokyo('2026-11-21T09:00'));
    await signOffLedger(w);
    w.env.deps.sqlite.close();
    expect(verifyFile(w.env.dbPath)).toMatchObject({ ok: true });
    attack(w.env.dbPath, 'ledger_signoffs', 'UPDATE ledger_signoffs SET digest = ? WHERE id = 1', 'f'.repeat(64));
    expect(verifyFile(w.env.dbPath)).toMatchObject({ ok: false, reason: 'row_altered', table: 'ledger_signoffs', id: '1' });
  });
});

function firstId(dbPath: string, table: string): number {
  return readOne(dbPath, `SELECT min(id) FROM ${table}`);
}

function lastId(dbPath: string, table: string): number {
  return readOne(dbPath, `SELECT max(id) FROM ${table}`);
}

function readOne(dbPath: string, sql: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const v = db.prepare(sql).pluck().get() as number | null;
    if (v === null) throw new Error(`${sql}: no rows`);
    return v;
  } finally {
    db.close();
  }
}

/** The SELECT list that copies a row under another id. */
function copyColumns(dbPath: string, table: string, id: number): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const cols = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
    return cols.map((c) => (c === 'id' ? String(id) : `"${c}"`)).join(', ');
  } finally {
    db.close();
  }
}
