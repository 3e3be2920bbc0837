import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { checkpointWalInBackground, type WalCheckpointResult } from '../../src/db/wal-checkpoints.ts';

const PAGE = 4096;
const ROWS_PER_ROUND = 100; // a 3 KB blob each, in a commit of its own
const ROUNDS = 6;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function scratchDb() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-wal-'));
  const path = join(dir, 'wal.db');
  const conn = openDatabase(path);
  conn.sqlite.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => conn.close());
  return { ...conn, walPath: `${path}-wal` };
}

const walPages = (walPath: string) => statSync(walPath).size / PAGE;

/**
 * Rounds of commits, one row each (as the group committer commits batches); `between` runs after each
 * round. Returns the WAL's size in pages after the first round: what one round writes.
 */
async function writeRounds(sqlite: ReturnType<typeof scratchDb>['sqlite'], walPath: string, between: () => Promise<void>): Promise<number> {
  const insert = sqlite.prepare('INSERT INTO blobs (body) VALUES (?)');
  let firstRound = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < ROWS_PER_ROUND; i++) insert.run(Buffer.alloc(3000, round * ROWS_PER_ROUND + i));
    if (round === 0) firstRound = walPages(walPath);
    await between();
  }
  expect(firstRound).toBeGreaterThanOrEqual(ROWS_PER_ROUND);
  return firstRound;
}

describe('WAL checkpoints in a background thread (issue 20): commits never copy pages into the database file', () => {
  it('copies every committed frame without the writer, and the WAL is reused instead of growing', async () => {
    const { sqlite, walPath } = scratchDb();
    const results: (WalCheckpointResult | { error: string })[] = [];
    const stop = checkpointWalInBackground(sqlite, { everyMs: 20, onResult: (r) => results.push(r) });
    cleanups.push(stop);
    // The writer's own automatic checkpoint is pushed far out: left at SQLite's 1,000 pages it would
    // never be reached by these rounds either, so what keeps the WAL small below is the background thread.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(16_000);

    const oneRound = await writeRounds(sqlite, walPath, async () => {
      // Caught up: a checkpoint that started after this round's last commit copied every frame in the WAL.
      const roundEnd = Date.now();
      await expect.poll(() => results.find((r) => 'log' in r && r.startedAt > roundEnd && r.log > 0 && r.checkpointed === r.log), { timeout: 20_000, interval: 20 }).toBeDefined();
    });
    expect(results.filter((r) => 'error' in r)).toEqual([]);
    // Six rounds went through a WAL that restarted from its beginning each time it had been copied.
    expect(walPages(walPath)).toBeLessThanOrEqual(oneRound * 1.5);
    expect(sqlite.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: ROUNDS * ROWS_PER_ROUND });

    await stop();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('without it (the control), the same rounds grow the WAL past every round', async () => {
    const { sqlite, walPath } = scratchDb();
    sqlite.pragma('wal_autocheckpoint = 16000');
    const oneRound = await writeRounds(sqlite, walPath, async () => {});
    expect(walPages(walPath)).toBeGreaterThanOrEqual(oneRound * ROUNDS * 0.9);
  });

  it('an in-memory database has no WAL: nothing starts', async () => {
    const { sqlite, close } = openDatabase(':memory:');
    const stop = checkpointWalInBackground(sqlite, { onResult: () => expect.fail('no checkpoint expected') });
    await stop();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    close();
  });
});
