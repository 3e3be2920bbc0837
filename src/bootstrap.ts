import { loadConfig, type Config } from './config.ts';
import { migrateDatabase, openDatabase, transact, type Db } from './db/client.ts';
import { resealAll } from './journal/reseal.ts';
import { createLogger } from './logger.ts';
import { loadOrCreateSigningKey } from './crypto/signing-key.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Deps } from './deps.ts';
import { GroupCommitter } from './db/group-commit.ts';
import { LedgerIntegrity } from './journal/integrity.ts';
import { writeCheckpoint } from './journal/checkpoints.ts';

/**
 * Applies pending migrations. A migration changes tables outside any journal entry (and the first one with
 * seals finds none): the rows are then sealed anew, in entries of their own, before anything else is written.
 */
export function upgradeDatabase(db: Db, at: number): void {
  if (migrateDatabase(db) > 0) transact(db, (tx) => resealAll(tx, { at, actor: { type: 'system', name: 'migration' }, reason: 'migration' }));
}

/** Config -> database (migrated) -> signing key: what the server and the CLI both start from. */
export function openDeps(overrides: { config?: Config; clock?: Clock } = {}): Deps & { close(): void } {
  const config = overrides.config ?? loadConfig();
  const log = createLogger(config.logLevel);
  const { db, sqlite, close } = openDatabase(config.dbPath);
  upgradeDatabase(db, (overrides.clock ?? systemClock).now());
  const signingKey = loadOrCreateSigningKey(config.signingKeyPath);
  const clock = overrides.clock ?? systemClock;
  // Whatever wrote through these deps (the server, a CLI command) leaves a checkpoint of the head behind
  // it: the server refuses a journal with entries its checkpoint file has never seen the end of.
  const closeAfterCheckpoint = () => {
    try {
      writeCheckpoint(db, signingKey, config.checkpointPath, 'stop', clock.now());
    } finally {
      close();
    }
  };
  return { db, sqlite, clock, config, signingKey, log, groupCommit: new GroupCommitter(sqlite), integrity: new LedgerIntegrity(), close: closeAfterCheckpoint };
}
