import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/db/client.ts';
import { upgradeDatabase } from '../../src/bootstrap.ts';
import { appendJournal } from '../../src/journal/append.ts';
import { markPending } from '../../src/journal/seals.ts';
import { resealAll } from '../../src/journal/reseal.ts';
import { transact } from '../../src/db/client.ts';
import { ensureEventsDb, GENERATOR_VERSION, SCHEMA_TAG, type GeneratedDb } from './gen-events.ts';

// v2: every row sealed by the entry that records it (issue 14), so that verify's table check holds.
export const JOURNAL_GENERATOR_VERSION = 'v2';

const PREFIX = `ledger-bench-journal-${GENERATOR_VERSION}-${JOURNAL_GENERATOR_VERSION}-`;

/** The newest cached file of the same generators built under an older schema (its name has no tag or another one). */
function olderSchemaCopy(events: number): string | null {
  const suffix = `-${events}.db`;
  const candidates = readdirSync(tmpdir())
    .filter((f) => f.startsWith(PREFIX) && f.endsWith(suffix) && /^(m\d+-)?\d+\.db$/.test(f.slice(PREFIX.length)))
    .map((f) => join(tmpdir(), f));
  candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0] ?? null;
}

/**
 * A cached file from an older schema brought up to this one the way a deployment is: the product's own
 * upgrade (migrations, then every row sealed anew in journal entries of their own). Its journal then
 * holds the generated entries and the upgrade's, as a database that lived through the upgrade does.
 */
function upgradeCopy(source: string, path: string, events: number, log: (l: string) => void): GeneratedDb {
  const partial = `${path}.partial-${process.pid}`;
  const t0 = performance.now();
  log(`  upgrading a copy of ${source} to the current schema`);
  try {
    copyFileSync(source, partial);
    const { db, sqlite, close } = openDatabase(partial);
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    const lastAt = sqlite.prepare('SELECT max(at) FROM journal').pluck().get() as number;
    upgradeDatabase(db, lastAt + 60_000);
    close();
    renameSync(partial, path);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  }
  return { path, events, reused: false, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The generated events database with the journal a real one has: one entry per access event, written
 * by the product's appendJournal (canonical JSON, salted payload hash, chained hash), its content the
 * event row, its actor the event's kiosk. Built from a copy of the cached events file and cached too.
 */
export function ensureJournalDb(events: number, log: (l: string) => void): GeneratedDb {
  const path = join(tmpdir(), `${PREFIX}${SCHEMA_TAG}-${events}.db`);
  if (existsSync(path)) return { path, events, reused: true, seconds: 0 };
  const older = olderSchemaCopy(events);
  if (older) return upgradeCopy(older, path, events, log);
  const source = ensureEventsDb(events, log);
  const partial = `${path}.partial-${process.pid}`;
  const t0 = performance.now();
  try {
    copyFileSync(source.path, partial);
    const { db, sqlite, close } = openDatabase(partial);
    // As for the events: a file built for reading needs no crash safety while it is built.
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    // The roster, areas and kiosks the events refer to were written without entries: sealed first, as a
    // migration would (the events are sealed again, each by its own entry, below).
    transact(db, (tx) => resealAll(tx, { at: 0, actor: { type: 'system', name: 'bench' }, reason: 'migration' }));
    const page = sqlite.prepare('SELECT * FROM access_events WHERE id > ? ORDER BY id LIMIT 20000');
    let after = 0;
    let written = 0;
    const appendPage = sqlite.transaction((rows: Record<string, unknown>[]) => {
      for (const row of rows) {
        const kioskId = row.kiosk_id as number;
        const action = row.result === 'refused' ? 'access.refused' : row.direction === 'in' ? 'access.entered' : 'access.exited';
        markPending(sqlite, 'access_events', [[row.id]]);
        appendJournal(db, {
          at: row.recorded_at as number,
          actor: { type: 'kiosk', id: kioskId, name: `タブレット${kioskId}`, areaIds: [kioskId] },
          requestId: `bench-${row.id as number}`,
          action,
          entityType: 'access_event',
          entityId: row.id as number,
          data: { ...row, warnings: [], noticeVersion: 1 },
        });
      }
    });
    for (;;) {
      const rows = page.all(after) as Record<string, unknown>[];
      if (rows.length === 0) break;
      appendPage(rows);
      after = rows[rows.length - 1]!.id as number;
      written += rows.length;
      if (written % 500_000 === 0) log(`  journaled ${written.toLocaleString('en')} / ${events.toLocaleString('en')} events`);
    }
    close();
    renameSync(partial, path);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  }
  return { path, events, reused: false, seconds: (performance.now() - t0) / 1000 };
}
