import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import { openDatabase, transact, type Tx } from '../../src/db/client.ts';
import { appendJournal } from '../../src/journal/append.ts';
import { SYSTEM } from '../../src/actor.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { signingKeyFromPem } from '../../src/crypto/signing-key.ts';
import { createApp, type App } from '../../src/app.ts';
import type { Deps } from '../../src/deps.ts';
import { GroupCommitter } from '../../src/db/group-commit.ts';
import { LedgerIntegrity } from '../../src/journal/integrity.ts';
import { zonedIso } from '../../src/time.ts';

export const T0 = Date.parse('2026-11-20T00:00:00Z'); // 09:00 in Tokyo

/** An instant as the API writes it: with the ledger zone's offset (`2026-11-20T09:00:00.000+09:00`, decision 0031). */
export const apiTime = (ms: number | string): string => zonedIso(typeof ms === 'string' ? Date.parse(ms) : ms, 'Asia/Tokyo');

// One key per test process: generating Ed25519 keys is cheap, but tests need not pay for it each time.
const testKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const suiteScoped: (() => void)[] = [];
process.once('beforeExit', () => suiteScoped.forEach((f) => f()));

export interface TestEnv {
  app: App;
  deps: Deps;
  clock: ManualClock;
  dbPath: string;
  logs: string[];
}

/** A fresh copy of the migrated template database and an app on it; removed when the test ends. */
export function testEnv(opts: { config?: Partial<Config>; now?: number } = {}): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  const dbPath = join(dir, 'ledger.db');
  copyFileSync(inject('templateDb'), dbPath);
  // Sites reserve nothing to 甲 unless a test says so (F1 tests pass cityPermissionDefault: 'all' or store a policy).
  const config: Config = { ...loadConfig({ DB_PATH: dbPath, SIGNING_KEY_PATH: join(dir, 'key.pem'), CITY_PERMISSION_DEFAULT: 'none' }), ...opts.config };
  const { db, sqlite, close } = openDatabase(dbPath);
  const clock = new ManualClock(opts.now ?? T0);
  const logs: string[] = [];
  const deps: Deps = { db, sqlite, clock, config, signingKey: signingKeyFromPem(testKeyPem), log: createLogger('debug', (l) => logs.push(l)), groupCommit: new GroupCommitter(sqlite), integrity: new LedgerIntegrity() };
  const cleanup = () => {
    close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    onTestFinished(cleanup);
  } catch {
    // Created in beforeAll: it lives as long as the test file's process.
    suiteScoped.push(cleanup);
  }
  return { app: createApp(deps), deps, clock, dbPath, logs };
}

/**
 * Rows a test writes straight into the tables (a state no route reaches quickly): written in one
 * transaction with a journal entry that seals them, as every change must be, so that verify still holds.
 */
export function writeFixture<T>(deps: Deps, write: (tx: Tx) => T): T {
  return transact(deps.db, (tx) => {
    const result = write(tx);
    appendJournal(tx, { at: deps.clock.now(), actor: SYSTEM, requestId: null, action: 'fixture.loaded', entityType: 'test', entityId: 'fixture', data: null });
    return result;
  });
}
