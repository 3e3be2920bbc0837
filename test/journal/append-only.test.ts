import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { badgeAt, ledgerWorld, signOffLedger, tokyo, worker } from '../ledger/ledger-world.ts';
import { movement } from '../support/custody.ts';

/**
 * E2 (issue 14, item 2): no write path around the append-only triggers. Each form of rewrite is tried on
 * each append-only table, on a connection the product opens and on a bare one (a sqlite3 shell's
 * defaults: no recursive_triggers), and each is refused with the table's own message.
 */
const TABLES = [
  { table: 'journal', key: 'seq', column: 'action', value: "'forged.done'" },
  { table: 'access_events', key: 'id', column: 'note', value: "'forged'" },
  { table: 'movements', key: 'id', column: 'direction', value: "'out'" },
  { table: 'ledger_signoffs', key: 'id', column: 'digest', value: "'forged'" },
] as const;

function rewrites(t: (typeof TABLES)[number], cols: string[]): Record<string, string> {
  const copy = cols.map((c) => (c === t.column ? `${t.value}` : `"${c}"`)).join(', ');
  const first = `(SELECT min(${t.key}) FROM ${t.table})`;
  return {
    UPDATE: `UPDATE ${t.table} SET ${t.column} = ${t.value} WHERE ${t.key} = ${first}`,
    DELETE: `DELETE FROM ${t.table} WHERE ${t.key} = ${first}`,
    'INSERT OR REPLACE': `INSERT OR REPLACE INTO ${t.table} SELECT ${copy} FROM ${t.table} WHERE ${t.key} = ${first}`,
    'REPLACE INTO': `REPLACE INTO ${t.table} SELECT ${copy} FROM ${t.table} WHERE ${t.key} = ${first}`,
    'UPSERT (ON CONFLICT DO UPDATE)': `INSERT INTO ${t.table} SELECT ${copy} FROM ${t.table} WHERE ${t.key} = ${first} ON CONFLICT (${t.key}) DO UPDATE SET ${t.column} = excluded.${t.column}`,
  };
}

async function worldWithEveryTable() {
  const w = await ledgerWorld();
  const who = await worker(w);
  const entry = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
  // A movement, refused or not, is a row of movements: a scan of a code no asset has makes one.
  const scanned = await w.kiosk.post('/api/kiosk/movements', movement(w.area, 'in', 'not-an-asset', entry.id));
  expect(scanned.status, JSON.stringify(scanned.body)).toBe(201);
  await badgeAt(w, who, 'out', tokyo('2026-11-20T17:00'));
  w.env.clock.set(tokyo('2026-11-21T09:00'));
  const signed = await signOffLedger(w);
  expect(signed.res.status, JSON.stringify(signed.res.body)).toBe(201);
  return w;
}

describe('E2: REPLACE, UPSERT, UPDATE and DELETE are refused on every append-only table (issue 14)', () => {
  it('on the product\'s connection and on a bare one, for journal, access_events, movements and ledger_signoffs', async () => {
    const w = await worldWithEveryTable();
    w.env.deps.sqlite.close();
    const product = openDatabase(w.env.dbPath).sqlite;
    const bare = new Database(w.env.dbPath);
    const failures: string[] = [];
    try {
      for (const t of TABLES) {
        const cols = bare.prepare(`SELECT name FROM pragma_table_info('${t.table}')`).pluck().all() as string[];
        const rows = bare.prepare(`SELECT count(*) FROM ${t.table}`).pluck().get() as number;
        if (rows === 0) {
          failures.push(`${t.table} has no row to rewrite in this world`);
          continue;
        }
        for (const [form, sql] of Object.entries(rewrites(t, cols))) {
          for (const [who, conn] of [['product', product], ['bare', bare]] as const) {
            const before = conn.prepare(`SELECT * FROM ${t.table} ORDER BY ${t.key}`).all();
            try {
              conn.exec(sql);
              failures.push(`${t.table}: ${form} on the ${who} connection was not refused`);
            } catch (err) {
              if (!/append-only/.test((err as Error).message)) failures.push(`${t.table}: ${form} on the ${who} connection failed otherwise: ${(err as Error).message}`);
            }
            expect(conn.prepare(`SELECT * FROM ${t.table} ORDER BY ${t.key}`).all()).toEqual(before);
          }
        }
      }
    } finally {
      product.close();
      bare.close();
    }
    expect(failures).toEqual([]);
  });
});
