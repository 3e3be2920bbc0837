import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema/index.ts';
import { repoPath } from '../root.ts';
import { assertNothingUnsealed, clearPending, installSealCapture } from '../journal/seals.ts';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;
/** A database handle or an open transaction: services write through this. */
export type Tx = BaseSQLiteDatabase<'sync', RunResult, Schema>;

export interface Database_ {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export const MIGRATIONS_FOLDER = repoPath('drizzle');

const SYNCHRONOUS_FULL = 2;

/** Opens (creating if needed) the ledger database with the pragmas durability depends on. */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): Database_ {
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  sqlite.pragma('busy_timeout = 5000');
  if (!opts.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // better-sqlite3's SQLite is built with a 16 MB page cache per connection, and a server that appends
  // all day fills it with pages it wrote once. The hot path reads a few small tables and the right
  // edges of its indexes, a long read visits pages once, in order: 4 MB holds both (the check-in,
  // month export and 5 M-event ledger benches ran no slower; 12 s of C=50 check-ins ended with ~10 MB
  // less RSS).
  sqlite.pragma('cache_size = -4000');
  // Each unit of a group commit runs in its own savepoint, and SQLite keeps the original of every page
  // a savepoint changes in a sub-journal, which spills to a temporary file past 64 KB: a check-in
  // touches ~15 pages, so every request wrote one (four pwrite calls). In memory it is a copy. This
  // also keeps the sorts of this connection in memory; the long reads run on their own read-only
  // connections (src/reports/long-read.ts), and these are small.
  if (!opts.readonly) sqlite.pragma('temp_store = MEMORY');
  // INSERT OR REPLACE deletes the row it collides with; with this on, that deletion meets the DELETE
  // triggers (append-only refusals, and the seal capture) like any other.
  sqlite.pragma('recursive_triggers = ON');
  const sync = sqlite.pragma('synchronous', { simple: true });
  if (sync !== SYNCHRONOUS_FULL) {
    sqlite.close();
    throw new Error(`refusing to run: PRAGMA synchronous is ${String(sync)}, expected 2 (FULL)`);
  }
  if (!opts.readonly) installSealCapture(sqlite);
  const db = drizzle(sqlite, { schema });
  return { db, sqlite, close: () => sqlite.close() };
}

/** Applies the pending migrations; returns how many were applied (a reseal follows any: src/journal/reseal.ts). */
export function migrateDatabase(db: Db): number {
  const sqlite = clientOf(db);
  const applied = () => (sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'").pluck().get() === 0 ? 0 : (sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number));
  const before = applied();
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  // A migration's own writes are not journal changes; the tables it created or rebuilt need capture anew.
  installSealCapture(sqlite);
  clearPending(sqlite);
  return applied() - before;
}

type Runner = Database.Transaction<(fn: (tx: Tx) => unknown, tx: Tx, outermost: boolean) => unknown>;
const runners = new WeakMap<Database.Database, Runner>();

/** The better-sqlite3 connection under a drizzle database or transaction (both share one session). */
export function clientOf(db: Tx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

/**
 * The one transaction helper. The callback must be synchronous (better-sqlite3). It runs as a
 * better-sqlite3 transaction on the connection itself (BEGIN IMMEDIATE, or a savepoint when one is
 * already open, as under the group committer), and the callback gets the same handle it was called
 * with: there is one connection, so there is nothing a separate transaction object would add, and
 * drizzle's nested transactions would build their SAVEPOINT statements anew on every call.
 */
export function transact<T>(db: Tx, fn: (tx: Tx) => T): T {
  const client = clientOf(db);
  let run = runners.get(client);
  if (!run) {
    run = client.transaction((f: (tx: Tx) => unknown, tx: Tx, outermost: boolean) => {
      const result = f(tx);
      if (result instanceof Promise) throw new Error('transact: async callbacks commit early; do async work outside');
      if (outermost) assertNothingUnsealed(client);
      return result;
    });
    runners.set(client, run);
  }
  return run.immediate(fn, db, !client.inTransaction) as T;
}
