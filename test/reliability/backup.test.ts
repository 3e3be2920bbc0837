import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/db/schema/index.ts';
import { installSealCapture } from '../../src/journal/seals.ts';
import { appendJournal } from '../../src/journal/append.ts';
import { SYSTEM } from '../../src/actor.ts';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { entryBody, killed, postEvent, prepareWorld, ROOT, startServerProcess, type Prepared } from './server-process.ts';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out, err, ms: Date.now() - started }));
  });
}

const MB = 1024 * 1024;

/**
 * Months of history, inserted in bulk into the prepared file before the server starts: only the
 * file's size matters here (the online backup API restarts on a write only past its first step of
 * 100 pages), and through the services this would take minutes. They are rows the server could have
 * written (real people, area and kiosk); each batch is sealed by one journal entry, as verify (and the
 * server's own check at start) requires of every row.
 */
function growHistory(world: Prepared, megabytes: number): number {
  const sqlite = new Database(world.env.DB_PATH!);
  installSealCapture(sqlite);
  const db = drizzle(sqlite, { schema });
  const person = sqlite.prepare("select id, name from people where roles like '%worker%' order by id limit 1").get() as { id: number; name: string };
  const kioskId = (sqlite.prepare('select id from kiosks limit 1').get() as { id: number }).id;
  const insert = sqlite.prepare(
    `INSERT INTO access_events (area_id, direction, result, flags, person_id, name_snapshot, affiliation_snapshot, purpose, method, badge_serial, kiosk_id,
       occurred_at, recorded_at, idempotency_scope, idempotency_key, request_hash)
     VALUES (?, ?, 'accepted', '[]', ?, ?, '試験会社', ?, 'badge', 1, ?, ?, ?, 'history', ?, ?)`,
  );
  const purpose = '定期保守作業(サーバ室の空調・電源設備の点検および記録)';
  let rows = 0;
  const batch = sqlite.transaction(() => {
    for (let i = 0; i < 20_000; i++, rows++) {
      const at = Date.parse('2026-01-05T00:00:00Z') + rows * 60_000;
      insert.run(world.areaId, rows % 2 ? 'out' : 'in', person.id, person.name, purpose, kioskId, at, at, `h${rows}`, String(rows).padStart(64, '0'));
    }
    appendJournal(db, { at: Date.parse('2026-01-05T00:00:00Z'), actor: SYSTEM, requestId: null, action: 'fixture.loaded', entityType: 'test', entityId: 'history', data: null });
  });
  const size = () => (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
  while (size() < megabytes * MB) batch();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return rows;
}

/** Kiosk entries and exits from six concurrent clients until `stop()`; counts the acknowledged ones. */
function kioskLoad(world: Prepared) {
  let acknowledged = 0;
  let stop = false;
  const inside = new Set<number>();
  const clients = Array.from({ length: 6 }, async (_, c) => {
    for (let i = c; !stop; i += 6) {
      const w = i % world.badges.length;
      const res = await postEvent(world, entryBody(world, w, inside.has(w) ? 'out' : 'in'));
      expect(res.status).toBe(201);
      if (inside.has(w)) inside.delete(w);
      else inside.add(w);
      acknowledged++;
    }
  });
  return {
    get acknowledged() {
      return acknowledged;
    },
    stop: async () => {
      stop = true;
      await Promise.all(clients);
    },
  };
}

describe('backup while serving, restore into a new path', () => {
  it('finishes a verified snapshot of a 40 MB database while kiosk writes keep landing', { timeout: 240_000 }, async () => {
    const world = await prepareWorld(20);
    growHistory(world, 40);
    const server = await startServerProcess(world);
    const backup = join(world.dir, 'backup.db');
    const restored = join(world.dir, 'restored', 'ledger.db');
    const load = kioskLoad(world);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const beforeBackup = load.acknowledged;
      const made = await cli(['backup', backup], world.env);
      const duringBackup = load.acknowledged - beforeBackup;
      await new Promise((r) => setTimeout(r, 300));
      await load.stop();
      expect(made.code, made.out + made.err).toBe(0);
      expect(made.out).toMatch(/backup written to .*backup\.db \([\d.]+ MB in [\d.]+ s\): integrity ok; journal ok, \d+ entries/);
      expect(made.err).toMatch(/backup: [\d.]+ of ~[\d.]+ MB written/);
      expect(made.err).toContain('checking its integrity and its journal');
      // The server went on acknowledging writes throughout: a snapshot, not a pause.
      expect(duringBackup).toBeGreaterThan(20);
      console.info(`backup of ${(statSync(backup).size / MB).toFixed(1)} MB took ${made.ms} ms (CLI start included); ${duringBackup} kiosk writes acknowledged meanwhile`);
      // No temporary file left beside the backup.
      expect(readdirSync(world.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

      const refusedOverwrite = await cli(['restore', backup, '--to', world.env.DB_PATH!], world.env);
      expect(refusedOverwrite.code).toBe(2);
      const res = await cli(['restore', backup, '--to', restored], world.env);
      expect(res.code, res.out + res.err).toBe(0);
      expect(res.out).toMatch(/restored to .*: integrity ok; journal ok, \d+ entries/);
      const copy = new Database(restored, { readonly: true });
      const events = (copy.prepare("select count(*) n from access_events where idempotency_scope <> 'history'").get() as { n: number }).n;
      copy.close();
      expect(events).toBeGreaterThanOrEqual(beforeBackup);
      const verified = await cli(['verify', '--db', restored, '--checkpoints', join(world.dir, 'none')], world.env);
      expect(verified.code, verified.out).toBe(0);
    } finally {
      await load.stop();
      await killed(server);
      rmSync(world.dir, { recursive: true, force: true });
    }
  });

  // Why the backup is not SQLite's online backup API: a write by any other connection between two of its
  // steps starts it over. Here one write lands after every step (a kiosk's check-in every few ms does
  // the same to a large file): the copy steps through the file's pages several times over and never
  // completes. Counted, not timed; this was the `backup` command before issue 14.
  it('the online backup API starts over at every write and never finishes while writes keep landing', { timeout: 120_000 }, async () => {
    const world = await prepareWorld(20);
    growHistory(world, 10);
    const source = new Database(world.env.DB_PATH!, { readonly: true });
    const writer = new Database(world.env.DB_PATH!);
    writer.exec('CREATE TABLE scratch_writes (n INTEGER)');
    const write = writer.prepare('INSERT INTO scratch_writes (n) VALUES (?)');
    const pages = source.pragma('page_count', { simple: true }) as number;
    let stepped = 0;
    let writes = 0;
    try {
      const outcome = await source
        .backup(join(world.dir, 'online.db'), {
          progress: ({ remainingPages }) => {
            stepped += 100;
            if (stepped > 3 * pages) throw new Error('still copying');
            if (remainingPages > 0) write.run(++writes);
            return 100;
          },
        })
        .then(() => 'finished', (err: Error) => err.message);
      expect(outcome).toBe('still copying');
      expect(stepped).toBeGreaterThan(3 * pages);
      expect(writes).toBeGreaterThan(3 * (pages / 100) - 1);
    } finally {
      source.close();
      writer.close();
      rmSync(world.dir, { recursive: true, force: true });
    }
  });
});
