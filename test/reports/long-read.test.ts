import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { LongReadWorker } from '../../src/reports/long-read.ts';
import { sites } from '../../src/db/schema/areas.ts';
import { writeFixture } from '../support/harness.ts';

// The worker thread that runs month reports and exports off the request loop (src/reports/long-read.ts),
// on a real database file, with its own heap limits.
let dir: string;
let dbPath: string;
const month = { timeZone: 'Asia/Tokyo', month: '2026-11', now: Date.parse('2026-12-01T00:00:00Z'), siteId: 0 };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'long-read-'));
  dbPath = join(dir, 'ledger.db');
  const deps = openDeps({ config: loadConfig({ DB_PATH: dbPath, SIGNING_KEY_PATH: join(dir, 'keys'), LOG_LEVEL: 'warn' }) });
  // A month report is one site's (F4).
  month.siteId = writeFixture(deps, (tx) => tx.insert(sites).values({ name: '本庁舎', createdAt: 0, updatedAt: 0 }).returning({ id: sites.id }).get().id);
  deps.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('long reads in their worker thread', () => {
  it('runs a month report within the bounded heap', async () => {
    const report = (await new LongReadWorker().run(dbPath, 'monthlyReport', month)) as { month: string; journal: { verification: { ok: boolean } } };
    expect(report.month).toBe('2026-11');
    expect(report.journal.verification.ok).toBe(true);
  }, 60_000);

  it('a worker that runs out of memory fails its reads, and the next read starts a new worker', async () => {
    const starved = new LongReadWorker({ maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 });
    await expect(starved.run(dbPath, 'monthlyReport', month)).rejects.toThrow(/memory limit/);
    // Not left waiting on a dead thread: the next read gets its own worker, and its own answer.
    await expect(starved.run(dbPath, 'monthlyReport', month)).rejects.toThrow(/memory limit/);
    const report = (await new LongReadWorker().run(dbPath, 'monthlyReport', month)) as { month: string };
    expect(report.month).toBe('2026-11');
  }, 60_000);
});
