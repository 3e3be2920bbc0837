import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { purgePersonalData, PurgeRefusedError } from '../../src/contract-end/purge.ts';
import { DatabaseInUseError } from '../../src/contract-end/purge-sqlite.ts';
import { verifyFile } from '../journal/journal-fixture.ts';
import { cli, contractWorld, KNOWN, tempDir, type ContractWorld } from './contract-world.ts';

/** Every personal string the world holds, as the database has it before the purge. */
function personalStrings(w: ContractWorld): string[] {
  const db = w.env.deps.sqlite;
  const people = db.prepare('select name, kana, contact, nationality from people').all() as Record<string, string>[];
  const visitors = db.prepare('select name from visitors').all() as { name: string }[];
  return [...new Set([...people.flatMap((p) => Object.values(p)), ...visitors.map((v) => v.name), KNOWN.executor, KNOWN.name.replace(' ', '')].filter((s) => s.length >= 2))];
}

/** The raw bytes of the database file and its WAL, searched as UTF-8 without SQLite's help. */
function bytesOnDisk(dbPath: string): Buffer {
  return Buffer.concat([readFileSync(dbPath), existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)]);
}

function exportFirst(w: ContractWorld) {
  const run = cli(['export', join(tempDir(), 'city')], { dbPath: w.env.dbPath });
  expect(run.status, run.stderr).toBe(0);
}

describe('E6 the contract-end purge: personal data out of the file, the WAL and the free pages; the journal still verifies', () => {
  it('E6: after `cli purge --yes` no name, reading, contact or nationality is left in the .db or -wal bytes, and verify passes', async () => {
    const w = await contractWorld();
    exportFirst(w);
    const secrets = personalStrings(w);
    expect(secrets).toEqual(expect.arrayContaining([KNOWN.name, KNOWN.kana, KNOWN.contact, KNOWN.nationality, KNOWN.visitor]));
    const before = bytesOnDisk(w.env.dbPath);
    expect(secrets.filter((s) => before.includes(Buffer.from(s, 'utf8')))).toContain(KNOWN.name);
    const entriesBefore = (w.env.deps.sqlite.prepare('select count(*) as n from journal').get() as { n: number }).n;
    w.env.deps.sqlite.close();

    const run = cli(['purge', '--yes', '--operator', '契約 責任者'], { dbPath: w.env.dbPath });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('消去報告 / erasure report');
    expect(run.stdout).toMatch(/people\.name, kana, contact, nationality, expertise: \d+ rows blanked/);
    expect(run.stdout).toMatch(/journal\.actor_name, data, payload_salt: \d+ rows blanked/);
    expect(run.stdout).toContain('with names replaced');
    // The purge's entry, then the tables sealed anew (the salts of the earlier seals went with the payloads).
    const resealed = (() => {
      const db = new Database(w.env.dbPath, { readonly: true });
      try {
        return (db.prepare("select count(*) as n from journal where action = 'journal.rows_sealed' and seq > ?").get(entriesBefore + 1) as { n: number }).n;
      } finally {
        db.close();
      }
    })();
    expect(resealed).toBeGreaterThan(0);
    expect(run.stdout).toContain(`verify ok, ${entriesBefore + 1 + resealed} entries`);

    const after = bytesOnDisk(w.env.dbPath);
    expect(secrets.filter((s) => after.includes(Buffer.from(s, 'utf8')))).toEqual([]);
    expect(verifyFile(w.env.dbPath)).toMatchObject({ ok: true, count: entriesBefore + 1 + resealed });
    expect(cli(['verify'], { dbPath: w.env.dbPath }).status).toBe(0);

    const db = new Database(w.env.dbPath);
    try {
      const report = db.prepare('select * from journal where seq = ?').get(entriesBefore + 1) as { action: string; actor_name: string; data: string };
      expect(report).toMatchObject({ action: 'personal_data.purged' });
      expect(report.actor_name).toContain('契約 責任者');
      expect(JSON.parse(report.data)).toMatchObject({ by: expect.stringContaining('cli:'), items: expect.arrayContaining([expect.objectContaining({ table: 'visitors', columns: ['name'], rows: 1 })]) });
      // Issue 14: the purge names what it erased, every entry before it.
      expect(JSON.parse(report.data).erasedSeqs).toEqual([[1, entriesBefore]]);
      expect(db.prepare("select count(*) as n from journal where data is not null and action not in ('personal_data.purged', 'journal.rows_sealed')").get()).toEqual({ n: 0 });
      expect(() => db.prepare('update journal set action = ? where seq = 1').run('x')).toThrow(/append-only/);
      expect(() => db.prepare('update access_events set note = ? where id = 1').run('x')).toThrow(/append-only/);
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('E6: refuses while another process has the database open (the server), and before an export for the city, changing nothing', async () => {
    const w = await contractWorld();
    const journalBefore = (w.env.deps.sqlite.prepare('select count(*) as n from journal').get() as { n: number }).n;
    expect(() => purgePersonalData({ dbPath: w.env.dbPath, by: 'test', now: w.env.clock.now() })).toThrow(DatabaseInUseError);
    const busy = cli(['purge', '--yes'], { dbPath: w.env.dbPath });
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain('is the server running?');
    w.env.deps.sqlite.close();
    expect(() => purgePersonalData({ dbPath: w.env.dbPath, by: 'test', now: w.env.clock.now() })).toThrow(PurgeRefusedError);
    const declined = cli(['purge'], { dbPath: w.env.dbPath, input: 'no\n' });
    expect(declined.status).toBe(1);
    expect(declined.stderr).toContain('not confirmed');
    const db = new Database(w.env.dbPath, { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from people where name = ?').get(KNOWN.name)).toEqual({ n: 1 });
      expect(db.prepare('select count(*) as n from journal').get()).toEqual({ n: journalBefore });
    } finally {
      db.close();
    }
    const forced = purgePersonalData({ dbPath: w.env.dbPath, by: 'test', now: w.env.clock.now(), allowWithoutExport: true });
    expect(forced.report.lastExport).toBeNull();
    expect(forced.verification.ok).toBe(true);
  });
});
