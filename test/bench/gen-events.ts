import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { repoPath } from '../../src/root.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateDatabase, openDatabase } from '../../src/db/client.ts';
import { seededRandom } from '../support/seeded-random.ts';

/** Bump when the generated shape changes: the cached file's name carries it, so a stale one is ignored. */
export const GENERATOR_VERSION = 'v1';

/**
 * The schema the cached files were built with (the number of migrations): a file from an older schema
 * lacks columns the product now reads, so a schema change builds new ones instead of reusing them.
 */
export const SCHEMA_TAG = `m${(JSON.parse(readFileSync(repoPath('drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length}`;

export const AREAS = 20;
export const DAYS = 60;
export const PEOPLE = 400;
const DAY_MS = 86_400_000;
/** Midnight of the first generated day in Tokyo (UTC+9, no daylight saving). */
export const FIRST_DAY = Date.parse('2026-01-05T00:00:00+09:00');
const PURPOSES = ['定常作業', '保守・点検', '打合せ', '搬入・搬出', '監査・検査'];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const GIVEN = ['太郎', '花子', '健一', '美咲', '翔太', '陽菜', '大輔', '由美'];

export interface GeneratedDb {
  path: string;
  events: number;
  reused: boolean;
  seconds: number;
}

export function cachedDbPath(events: number): string {
  return join(tmpdir(), `ledger-bench-events-${GENERATOR_VERSION}-${SCHEMA_TAG}-${events}.db`);
}

/** The day (YYYY-MM-DD, Tokyo) of generated day `d`, and its UTC range. */
export function generatedDay(d: number): { day: string; from: number; to: number } {
  const from = FIRST_DAY + d * DAY_MS;
  return { day: new Date(from + 9 * 3600_000).toISOString().slice(0, 10), from, to: from + DAY_MS };
}

type Row = [areaId: number, direction: string, result: string, reason: string | null, personId: number, at: number, purpose: string];

/**
 * One day of traffic: each person, from about 08:00 for twelve hours, walks in and out of the areas of
 * their team (an in, a stay, an out, a gap), with an occasional refused attempt. Sorted by time, so
 * row ids grow with time as in a real database.
 */
function dayRows(d: number, stays: number, rand: () => number): Row[] {
  const rows: Row[] = [];
  const slot = (12 * 3600_000) / stays;
  for (let p = 1; p <= PEOPLE; p++) {
    const team = (p % 5) * 4;
    for (let s = 0; s < stays; s++) {
      const start = FIRST_DAY + d * DAY_MS + 8 * 3600_000 + s * slot + Math.floor(rand() * slot * 0.2);
      const areaId = 1 + team + Math.floor(rand() * 4);
      if (rand() < 0.005) {
        rows.push([1 + Math.floor(rand() * AREAS), 'in', 'refused', 'not_authorized', p, start, PURPOSES[0]!]);
        continue;
      }
      const stay = Math.floor(slot * (0.4 + rand() * 0.35));
      rows.push([areaId, 'in', 'accepted', null, p, start, PURPOSES[Math.floor(rand() * PURPOSES.length)]!]);
      rows.push([areaId, 'out', 'accepted', null, p, start + stay, '']);
    }
  }
  return rows.sort((a, b) => a[5] - b[5]);
}

function insertFixtures(sqlite: ReturnType<typeof openDatabase>['sqlite']): void {
  const now = FIRST_DAY - DAY_MS;
  sqlite.prepare('INSERT INTO organisations (id, name, kana, created_at, updated_at) VALUES (1, ?, ?, ?, ?)').run('株式会社みなと情報システム', 'みなと', now, now);
  sqlite.prepare('INSERT INTO sites (id, name, address, created_at, updated_at) VALUES (1, ?, ?, ?, ?)').run('市役所本庁舎', '', now, now);
  const area = sqlite.prepare(
    "INSERT INTO areas (id, site_id, name, security_level, accepted_methods, purposes, created_at, updated_at) VALUES (?, 1, ?, 'general', '[\"passkey\",\"badge\",\"guard\"]', ?, ?, ?)",
  );
  const kiosk = sqlite.prepare("INSERT INTO kiosks (id, name, area_ids, created_at) VALUES (?, ?, ?, ?)");
  for (let a = 1; a <= AREAS; a++) {
    area.run(a, `区域${a}`, JSON.stringify(PURPOSES), now, now);
    kiosk.run(a, `タブレット${a}`, `[${a}]`, now);
  }
  const person = sqlite.prepare("INSERT INTO people (id, name, kana, organisation_id, roles, user_handle, created_at, updated_at) VALUES (?, ?, 'さとう たろう', 1, '[\"worker\"]', ?, ?, ?)");
  const badge = sqlite.prepare('INSERT INTO badges (serial, person_id, issued_at) VALUES (?, ?, ?)');
  for (let p = 1; p <= PEOPLE; p++) {
    person.run(p, `${FAMILY[p % FAMILY.length]} ${GIVEN[p % GIVEN.length]}${p}`, `bench-handle-${p}`, now, now);
    badge.run(p, p, now);
  }
}

function generate(path: string, events: number, log: (l: string) => void): void {
  const { db, sqlite, close } = openDatabase(path);
  migrateDatabase(db);
  // A read benchmark needs no crash safety while the file is built: no journal, no fsync.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  insertFixtures(sqlite);
  const insert = sqlite.prepare(
    `INSERT INTO access_events (area_id, direction, result, refusal_reason, flags, person_id, name_snapshot, affiliation_snapshot, purpose, method,
       badge_serial, kiosk_id, occurred_at, recorded_at, idempotency_scope, idempotency_key, request_hash)
     VALUES (?, ?, ?, ?, '[]', ?, ?, '株式会社みなと情報システム', ?, 'badge', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const names = Array.from({ length: PEOPLE + 1 }, (_, p) => `${FAMILY[p % FAMILY.length]} ${GIVEN[p % GIVEN.length]}${p}`);
  const stays = Math.max(1, Math.ceil(events / (DAYS * PEOPLE * 2)));
  const rand = seededRandom(20260105);
  let written = 0;
  const insertDay = sqlite.transaction((rows: Row[]) => {
    for (const [areaId, direction, result, reason, personId, at, purpose] of rows) {
      if (written >= events) return;
      written++;
      const key = written.toString(36).padStart(8, '0');
      insert.run(areaId, direction, result, reason, personId, names[personId], purpose, personId, areaId, at, at, `kiosk:${areaId}`, key, key.padStart(64, '0'));
    }
  });
  for (let d = 0; written < events; d++) {
    insertDay(dayRows(d % DAYS, stays, rand));
    if (d % 10 === 9) log(`  generated ${written.toLocaleString('en')} / ${events.toLocaleString('en')} events`);
  }
  // No ANALYZE: the product never runs it, so both readers get the planner a real database gets.
  close();
}

/** The generated database for `events`, from the cache when a complete one exists. */
export function ensureEventsDb(events: number, log: (l: string) => void): GeneratedDb {
  const path = cachedDbPath(events);
  if (existsSync(path)) return { path, events, reused: true, seconds: 0 };
  const partial = `${path}.partial-${process.pid}`;
  const t0 = performance.now();
  try {
    generate(partial, events, log);
    renameSync(partial, path);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  }
  return { path, events, reused: false, seconds: (performance.now() - t0) / 1000 };
}
