import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { verifyJournal } from '../../src/journal/verify.ts';
import { entryBody, killed, postEvent, prepareWorld, startServerProcess, type KioskBody, type Prepared } from './server-process.ts';

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 20);
const CONCURRENCY = 8;

/** The state a crashed server must have kept, read from the file with a fresh connection. */
function checkDatabase(world: Prepared, acknowledged: Map<string, number>) {
  const sqlite = new Database(world.env.DB_PATH!);
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const verified = verifyJournal(drizzle(sqlite));
    expect(verified.ok, JSON.stringify(verified)).toBe(true);
    const stored = new Map((sqlite.prepare('select idempotency_key k, id from access_events where idempotency_key is not null').all() as { k: string; id: number }[]).map((r) => [r.k, r.id]));
    for (const [key, id] of acknowledged) expect(stored.get(key), `acknowledged ${key} lost`).toBe(id);
    // No business row without its journal entry, and no journal entry without its row.
    const orphans = sqlite.prepare("select count(*) n from access_events e where not exists (select 1 from journal j where j.entity_type = 'access_event' and j.entity_id = cast(e.id as text))").get() as { n: number };
    const ghosts = sqlite.prepare("select count(*) n from journal j where j.entity_type = 'access_event' and not exists (select 1 from access_events e where cast(e.id as text) = j.entity_id)").get() as { n: number };
    expect([orphans.n, ghosts.n]).toEqual([0, 0]);
    return stored;
  } finally {
    sqlite.close();
  }
}

describe('crash safety: SIGKILL at random moments loses nothing acknowledged and records retries once', () => {
  // Each round spawns a server process; on a busy two-core machine a start alone can take several seconds.
  // The bound is there to end a hung run, not to measure anything.
  it(`survives ${ITERATIONS} kills`, { timeout: 60_000 + ITERATIONS * 30_000 }, async () => {
    const world = await prepareWorld(40);
    const acknowledged = new Map<string, number>();
    let unacknowledged: KioskBody[] = [];
    const inside = new Set<number>();
    let n = 0;
    try {
      for (let round = 0; round < ITERATIONS; round++) {
        const server = await startServerProcess(world);
        // The kiosk's retry of what it never saw answered: same key, same body.
        const retries = unacknowledged;
        unacknowledged = [];
        for (const body of retries) {
          const res = await postEvent(world, body);
          expect([200, 201]).toContain(res.status);
          acknowledged.set(body.idempotencyKey, res.body.event.id);
        }
        let stop = false;
        const killAt = 30 + Math.floor(Math.random() * 300);
        const loops = Array.from({ length: CONCURRENCY }, async (_, c) => {
          while (!stop) {
            const worker = (n++ * CONCURRENCY + c) % world.badges.length;
            const body = entryBody(world, worker, inside.has(worker) ? 'out' : 'in');
            try {
              const res = await postEvent(world, body);
              if (res.status === 201 || res.status === 200) {
                acknowledged.set(body.idempotencyKey, res.body.event.id);
                if (body.direction === 'in') inside.add(worker);
                else inside.delete(worker);
              } else throw new Error(`unexpected ${res.status}`);
            } catch (err) {
              if ((err as Error).message.startsWith('unexpected')) throw err;
              unacknowledged.push(body);
              return;
            }
          }
        });
        await new Promise((r) => setTimeout(r, killAt));
        await killed(server);
        stop = true;
        await Promise.all(loops);
        checkDatabase(world, acknowledged);
      }
      // One last start to deliver the final retries, then every key is stored exactly once.
      const server = await startServerProcess(world);
      for (const body of unacknowledged) {
        const first = await postEvent(world, body);
        const again = await postEvent(world, body);
        expect(again.body.event.id).toBe(first.body.event.id);
        acknowledged.set(body.idempotencyKey, first.body.event.id);
      }
      await killed(server);
      const stored = checkDatabase(world, acknowledged);
      expect(stored.size).toBe(acknowledged.size);
      expect(acknowledged.size).toBeGreaterThan(ITERATIONS);
    } finally {
      rmSync(world.dir, { recursive: true, force: true });
    }
  });
});
