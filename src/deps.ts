import type Database from 'better-sqlite3';
import type { Db } from './db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { SigningKey } from './crypto/signing-key.ts';
import type { Actor } from './actor.ts';
import type { GroupCommitter } from './db/group-commit.ts';
import type { LedgerIntegrity } from './journal/integrity.ts';

/** Everything a service needs from the outside world, injected once by createApp. */
export interface Deps {
  db: Db;
  sqlite: Database.Database;
  clock: Clock;
  config: Config;
  signingKey: SigningKey;
  log: Logger;
  /** Shared-transaction commits for the kiosk hot path. */
  groupCommit: GroupCommitter;
  /** The latest signed checkpoint handed to witnesses, and the alarm when one does not hold (issue 14). */
  integrity: LedgerIntegrity;
}

/** What a writing service is called with: the world, who acts, and the request it serves. */
export interface Ctx {
  deps: Deps;
  actor: Actor;
  requestId: string | null;
}
