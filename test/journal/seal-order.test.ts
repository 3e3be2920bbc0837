import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { distinctPending } from '../../src/journal/seals.ts';
import { seededRandom } from '../support/seeded-random.ts';

type Value = string | number;

/**
 * Issue 20: takeSeals takes the pending rows with one DELETE … RETURNING and orders them itself. The order
 * of a journal entry's seals is hashed into the chain, so it must be exactly what it read before:
 * `SELECT DISTINCT tbl, k1, k2 FROM temp.seal_pending ORDER BY tbl, k1, k2` (numbers before text, text by
 * UTF-8 bytes, a repeated row once). Compared here with SQLite itself over rows like the triggers write
 * (integer keys, text keys, the two-column presence key) and text whose UTF-16 order is not its code point
 * order (a character beyond U+FFFF against one from U+E000 to U+FFFF).
 */
describe('seal order: the pending rows in the order SQLite gave them', () => {
  it('matches SELECT DISTINCT … ORDER BY on random rows with repeats, mixed types and non-BMP text', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec("CREATE TABLE seal_pending (tbl TEXT NOT NULL, k1 NOT NULL, k2 NOT NULL DEFAULT '')");
    const insert = sqlite.prepare('INSERT INTO seal_pending (tbl, k1, k2) VALUES (?, ?, ?)');
    const rand = seededRandom(20);
    const texts = ['p:1', 'p:10', 'p:2', 'v:3', '', 'a', 'B', '\u00e9', '\uff21', '\ue000x', '\u{1f600}', '\u{10000}a', '\u{1f600}b', '12', '-1'];
    const value = (): Value => {
      const r = rand();
      if (r < 0.45) return Math.floor(rand() * 40) - 5;
      if (r < 0.5) return Number.MAX_SAFE_INTEGER - Math.floor(rand() * 3);
      return texts[Math.floor(rand() * texts.length)]!;
    };
    const tables = ['access_events', 'presence', 'kiosks', 'anomalies', 'incidents'];
    for (let round = 0; round < 200; round++) {
      sqlite.exec('DELETE FROM seal_pending');
      const n = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < n; i++) {
        const row: [string, Value, Value] = [tables[Math.floor(rand() * tables.length)]!, value(), rand() < 0.5 ? '' : value()];
        insert.run(...row);
        if (rand() < 0.3) insert.run(...row); // a row the triggers noted twice (an insert, then an update)
      }
      const expected = sqlite.prepare('SELECT DISTINCT tbl, k1, k2 FROM seal_pending ORDER BY tbl, k1, k2').raw().all();
      const taken = sqlite.prepare('DELETE FROM seal_pending RETURNING tbl, k1, k2').raw().all() as [string, Value, Value][];
      expect(distinctPending(taken)).toEqual(expected);
    }
    sqlite.close();
  });
});
