import Database from 'better-sqlite3';

/**
 * The SQLite mechanics of the contract-end purge, kept apart from what it erases. A PostgreSQL backend
 * would need its own (VACUUM FULL, and the WAL archive policy) — erasure is storage-specific.
 */

/** Another process (the server, a backup) has the database open: erasing under it is refused. */
export class DatabaseInUseError extends Error {}

/**
 * Opens the database for the purge and takes it exclusively. In WAL mode every open connection holds a
 * shared lock, even an idle one, so an exclusive lock here proves that no server is running on the
 * file; the lock is then kept (locking_mode=EXCLUSIVE) until close, so nothing can start writing during
 * the purge. temp_store=MEMORY keeps VACUUM's copy of the data out of temporary files.
 */
export function openExclusive(path: string): Database.Database {
  const sqlite = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    sqlite.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError('the database is open in another process (is the server running?): stop it, then purge');
    throw err;
  }
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

/**
 * Drops a table's append-only UPDATE trigger for the length of `fn` and re-creates it from its own SQL
 * text. Must run inside the purge transaction, so that the table is never without it once committed.
 */
export function withoutUpdateTrigger<T>(sqlite: Database.Database, table: string, fn: () => T): T {
  const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name = ?").all(table, `${table}_no_update`) as { name: string; sql: string }[];
  for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
  const result = fn();
  for (const t of triggers) sqlite.exec(t.sql);
  return result;
}

/**
 * After the purge committed: copy the WAL into the file and truncate it, rebuild the file so no free
 * page keeps old content (VACUUM), and truncate the WAL VACUUM went through. Returns the file sizes.
 */
export function compact(sqlite: Database.Database): void {
  for (const step of ['checkpoint', 'vacuum', 'checkpoint'] as const) {
    if (step === 'vacuum') {
      sqlite.exec('VACUUM');
      continue;
    }
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (result && result.busy !== 0) throw new DatabaseInUseError('the WAL could not be checkpointed: another connection is reading');
  }
}

/** rowid and text of every non-empty value of a column: what the free-text scrub reads. */
export function textValues(sqlite: Database.Database, table: string, column: string): { rid: number; v: string }[] {
  return sqlite.prepare(`SELECT rowid AS rid, "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" <> ''`).all() as { rid: number; v: string }[];
}

export function setText(sqlite: Database.Database, table: string, column: string, rid: number, v: string): void {
  sqlite.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE rowid = ?`).run(v, rid);
}

export function fileSize(sqlite: Database.Database): number {
  const pages = sqlite.pragma('page_count', { simple: true }) as number;
  const size = sqlite.pragma('page_size', { simple: true }) as number;
  return pages * size;
}
