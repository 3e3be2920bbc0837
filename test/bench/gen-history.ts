import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { SYSTEM } from '../../src/actor.ts';
import type { Ctx } from '../../src/deps.ts';
import { createArea } from '../../src/areas/service.ts';
import { uuidv7 } from '../../kiosk/src/kiosk/keys.ts';
import { appendJournal } from '../../src/journal/append.ts';
import { markPending } from '../../src/journal/seals.ts';
import { SCHEMA_TAG } from './gen-events.ts';
import { prepareRealWorld, type RealWorld } from './real-setup.ts';
import { seededRandom } from '../support/seeded-random.ts';

/** Bump when the generated shape changes: the cached folder's name carries it, so a stale one is ignored. */
export const HISTORY_VERSION = 'h3';
const DAY_MS = 86_400_000;
export const HISTORY_DAYS = 730;
/** Areas besides the bench's own that the workers' history visits (created through the services). */
const OTHER_AREAS = 3;

export interface HistoryWorld {
  /** The cached folder: real.db, its checkpoint file, the signing key and world.json. Never written by a run. */
  dir: string;
  events: number;
  reused: boolean;
  seconds: number;
}

export function cachedHistoryDir(events: number, workers: number): string {
  return join(tmpdir(), `checkin-bench-history-${HISTORY_VERSION}-${SCHEMA_TAG}-${workers}w-${events}`);
}

/**
 * The check-in bench's world (real-setup.ts: the workers, their badges, the enrolled kiosk, all
 * through the product's services) with `events` earlier access events of the same workers over the
 * two years before it was generated: each working day each worker goes in and out of the bench's area
 * (mostly) and three others, through the kiosk, with an occasional refusal; their idempotency keys are
 * what a kiosk sends (UUIDv7 of the time they were made) and rows are written in time order, as a real
 * database fills. The history is bulk-loaded (indexes built afterwards) and sealed into the journal
 * 5,000 events an entry (sealHistory), not one entry per event as a real database has: the check-in
 * path reads the journal's head only, and 5 M hash-chained entries would add an hour to a fixture that
 * exists to give the event table and its indexes their size.
 */
function generate(dir: string, events: number, workers: number, log: (l: string) => void): void {
  const world = prepareRealWorld(dir, workers);
  const config = loadConfig({ DB_PATH: world.dbPath, SIGNING_KEY_PATH: world.signingKeyPath, LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  const areaIds = [world.areaId];
  try {
    const ctx: Ctx = { deps, actor: SYSTEM, requestId: 'bench-history' };
    const siteId = (deps.sqlite.prepare('SELECT site_id FROM areas WHERE id = ?').pluck().get(world.areaId) as number);
    for (let a = 0; a < OTHER_AREAS; a++) areaIds.push(createArea(ctx, { siteId, name: `倉庫${a + 1}`, securityLevel: 'general' }).id);
  } finally {
    deps.close();
  }
  const sqlite = new Database(world.dbPath);
  sqlite.pragma('synchronous = OFF');
  const kioskId = sqlite.prepare('SELECT id FROM kiosks ORDER BY id DESC LIMIT 1').pluck().get() as number;
  const people = sqlite.prepare("SELECT p.id, p.name, o.name AS org FROM people p JOIN organisations o ON o.id = p.organisation_id WHERE p.roles LIKE '%worker%' ORDER BY p.id").all() as { id: number; name: string; org: string }[];
  const badgeOf = new Map((sqlite.prepare('SELECT person_id, serial FROM badges').all() as { person_id: number; serial: number }[]).map((b) => [b.person_id, b.serial]));
  // Indexes are built once after the load (sorted), not maintained row by row: the same indexes, far sooner.
  // Not the idempotency index: the append-only trigger looks every new row's key up in it (without it,
  // each insert would read the whole table), and keys made from the clock append to its right edge anyway.
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'access_events' AND sql IS NOT NULL AND name <> 'access_events_idempotency_uq'")
    .all() as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`DROP INDEX ${i.name}`);
  const insert = sqlite.prepare(
    `INSERT INTO access_events (area_id, direction, result, refusal_reason, flags, person_id, name_snapshot, affiliation_snapshot, purpose, method,
       badge_serial, kiosk_id, note, occurred_at, recorded_at, idempotency_scope, idempotency_key, request_hash)
     VALUES (?, ?, ?, ?, '[]', ?, ?, ?, ?, 'badge', ?, ?, '', ?, ?, ?, ?, ?)`,
  );
  const end = Date.now() - DAY_MS;
  const first = end - HISTORY_DAYS * DAY_MS;
  // Stays a worker makes in a day (an entry and an exit each), a little over the average so that the
  // events run out on the last days of the two years rather than wrap around to the first.
  const staysPerDay = (events / HISTORY_DAYS / people.length / 2) * 1.02;
  const slotOf = Math.max(1, Math.ceil(staysPerDay));
  const rand = seededRandom(20241203);
  const random = new Uint8Array(10);
  const key = (at: number) => {
    for (let i = 0; i < 10; i++) random[i] = Math.floor(rand() * 256);
    return uuidv7(at, random);
  };
  let written = 0;
  type Row = [areaId: number, direction: string, result: string, reason: string | null, p: number, at: number];
  const insertDay = sqlite.transaction((rows: Row[]) => {
    for (const [areaId, direction, result, reason, p, at] of rows) {
      if (written >= events) return;
      written++;
      const person = people[p]!;
      const k = key(at);
      insert.run(areaId, direction, result, reason, person.id, person.name, person.org, direction === 'in' ? '定常作業' : '', badgeOf.get(person.id) ?? null, kioskId, at, at + 50, `kiosk:${kioskId}`, k, k.replace(/-/g, '').padEnd(64, '0'));
    }
  });
  const slot = (11 * 3_600_000) / slotOf;
  for (let d = 0; written < events; d++) {
    const dayStart = first + (d % HISTORY_DAYS) * DAY_MS;
    const rows: Row[] = [];
    for (let p = 0; p < people.length; p++) {
      const stays = Math.floor(staysPerDay) + (rand() < staysPerDay % 1 ? 1 : 0);
      for (let s = 0; s < stays; s++) {
        const start = dayStart + s * slot + Math.floor(rand() * slot * 0.2);
        const areaId = rand() < 0.7 ? areaIds[0]! : areaIds[1 + Math.floor(rand() * OTHER_AREAS)]!;
        if (rand() < 0.005) {
          rows.push([areaId, 'in', 'refused', 'not_authorized', p, start]);
          continue;
        }
        rows.push([areaId, 'in', 'accepted', null, p, start]);
        rows.push([areaId, 'out', 'accepted', null, p, start + Math.floor(slot * (0.4 + rand() * 0.35))]);
      }
    }
    insertDay(rows.sort((a, b) => a[5] - b[5]));
    if (d % 73 === 72) log(`  history: ${written.toLocaleString('en')} / ${events.toLocaleString('en')} events`);
  }
  log(`  history: building ${indexes.length} indexes over ${written.toLocaleString('en')} events`);
  for (const i of indexes) sqlite.exec(i.sql);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  sealHistory(world, log);
  writeFileSync(join(dir, 'world.json'), JSON.stringify({ ...world, dbPath: 'real.db', signingKeyPath: join('keys', 'signing-key.pem') }));
}

/**
 * Seals the bulk-loaded events into the journal, 5,000 events per entry (`bench.history_loaded`), as
 * every row must be: the server verifies the whole ledger at start and refuses to write on a database
 * with rows no entry wrote. Done through the product's appendJournal; the checkpoint is written on close.
 */
export function sealHistory(world: Pick<RealWorld, 'dbPath' | 'signingKeyPath'>, log: (l: string) => void): void {
  const config = loadConfig({ DB_PATH: world.dbPath, SIGNING_KEY_PATH: world.signingKeyPath, LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  try {
    deps.sqlite.pragma('synchronous = OFF');
    const last = (deps.sqlite.prepare('SELECT seq FROM journal ORDER BY seq DESC LIMIT 1').pluck().get() as number) ?? 0;
    const firstUnsealed = deps.sqlite.prepare("SELECT max(CAST(entity_id AS INTEGER)) FROM journal WHERE action = 'bench.history_loaded'").pluck().get() as number | null;
    const page = deps.sqlite.prepare('SELECT id, recorded_at FROM access_events WHERE id > ? ORDER BY id LIMIT 5000').raw(true);
    let after = firstUnsealed ?? 0;
    let sealed = 0;
    const seal = deps.sqlite.transaction((rows: [number, number][]) => {
      markPending(deps.sqlite, 'access_events', rows.map(([id]) => [id]));
      appendJournal(deps.db, {
        at: rows[rows.length - 1]![1],
        actor: { type: 'system', name: 'bench history' },
        requestId: null,
        action: 'bench.history_loaded',
        entityType: 'access_event',
        entityId: rows[rows.length - 1]![0],
        data: { from: rows[0]![0], to: rows[rows.length - 1]![0], count: rows.length },
      });
    });
    for (;;) {
      const rows = page.all(after) as [number, number][];
      if (rows.length === 0) break;
      seal(rows);
      after = rows[rows.length - 1]![0];
      sealed += rows.length;
      if (sealed % 500_000 < 5000) log(`  history: sealed ${sealed.toLocaleString('en')} events in the journal (after entry ${last})`);
    }
  } finally {
    deps.close();
  }
}

/** The cached history world for `events`, generated when no complete one exists. */
export function ensureHistoryWorld(events: number, workers: number, log: (l: string) => void): HistoryWorld {
  const dir = cachedHistoryDir(events, workers);
  if (existsSync(join(dir, 'world.json'))) return { dir, events, reused: true, seconds: 0 };
  const partial = `${dir}.partial-${process.pid}`;
  const t0 = performance.now();
  rmSync(partial, { recursive: true, force: true });
  try {
    generate(partial, events, workers, log);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return { dir, events, reused: false, seconds: (performance.now() - t0) / 1000 };
}

/** A working copy of a cached history world in `into` (a run writes to it; the cache stays as generated). */
export function copyHistoryWorld(history: HistoryWorld, into: string): RealWorld {
  cpSync(history.dir, into, { recursive: true });
  const w = JSON.parse(readFileSync(join(into, 'world.json'), 'utf8')) as RealWorld;
  return { ...w, dbPath: join(into, w.dbPath), signingKeyPath: join(into, w.signingKeyPath) };
}

// `tsx test/bench/gen-history.ts 1000000 [200]`: generate (or find) the cache ahead of a bench run;
// `tsx test/bench/gen-history.ts seal DIR`: seal the events of a world generated before the seals.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!) && process.argv[2] === 'seal') {
  sealHistory({ dbPath: join(process.argv[3]!, 'real.db'), signingKeyPath: join(process.argv[3]!, 'keys', 'signing-key.pem') }, (l) => process.stdout.write(`${l}\n`));
} else if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const events = Number(process.argv[2] ?? 1_000_000);
  const workers = Number(process.argv[3] ?? 200);
  const out = ensureHistoryWorld(events, workers, (l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`${out.reused ? 'reused' : 'generated'} ${out.dir} (${out.seconds.toFixed(0)} s)\n`);
}
