import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../src/db/client.ts';

/** Migrates one template database; every test copies it instead of migrating again. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-template-'));
  const path = join(dir, 'template.db');
  const { db, sqlite, close } = openDatabase(path);
  migrateDatabase(db);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  close();
  project.provide('templateDb', path);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}
