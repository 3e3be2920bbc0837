import { describe, expect, it } from 'vitest';
import type { Database, Statement } from 'better-sqlite3';
import { T0 } from '../support/harness.ts';
import { badgeEvent, givenPasskeyWorker, givenWorker, kioskWorld, passkeyEvent } from '../support/world.ts';

/**
 * Issue 20: a check-in must cost on day 1,800 what it cost on day one, so every statement the check-in
 * path runs must be a seek, never a walk of a table or a sort. The statements are not listed by hand:
 * every better-sqlite3 statement executed while real check-ins go through the app (POST
 * /api/kiosk/events, all their branches) is caught at the driver, so a statement added later to this
 * path is checked without anyone remembering to add it here.
 */
type Caught = Map<string, unknown[]>;

function catchStatements(probe: Statement): { caught: Caught; stop(): void } {
  const proto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => unknown>;
  const caught: Caught = new Map();
  const names = ['run', 'get', 'all', 'iterate'] as const;
  const originals = names.map((n) => proto[n]!);
  names.forEach((n, i) => {
    const original = originals[i]!;
    proto[n] = function (this: Statement, ...args: unknown[]) {
      if (!caught.has(this.source)) caught.set(this.source, args);
      return original.apply(this, args);
    };
  });
  return { caught, stop: () => names.forEach((n, i) => (proto[n] = originals[i]!)) };
}

/** A plan step that reads a whole table or index, or sorts into a temporary b-tree. */
const UNBOUNDED = /^SCAN (?!CONSTANT ROW)|USE TEMP B-TREE/;

/**
 * Plan steps that read a bounded number of rows though they say SCAN, each for a stated reason:
 * - the connection's own temp tables (temp.seal_pending, src/journal/seals.ts) hold only the rows the
 *   current transaction wrote, and are emptied at each journal entry: their size is a check-in's, not
 *   the history's;
 * - an INSERT into a table other tables reference shows a scan of each child table, the check SQLite
 *   makes for deferred foreign-key violations; it is skipped at run time (OP_FkIfZero) unless such a
 *   violation is outstanding, and every foreign key here is immediate;
 * - a statement with no WHERE whose ORDER BY the scan itself satisfies (no temp b-tree) and that ends in
 *   a constant LIMIT reads that many rows (the journal's head: the last row by rowid).
 */
function boundedAnyway(sqlite: Database, source: string, detail: string): boolean {
  if (/^SCAN temp\./.test(detail)) return true;
  if (/^USE TEMP B-TREE/.test(detail) && /\bfrom temp\./i.test(source)) return true;
  const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
  if (!scanned) return false;
  const inserted = /^insert into "?(\w+)"?/i.exec(source)?.[1];
  if (inserted) {
    const fks = sqlite.pragma(`foreign_key_list(${scanned})`) as { table: string }[];
    return fks.some((fk) => fk.table === inserted);
  }
  return !/\bwhere\b/i.test(source) && /\border by\b/i.test(source) && /\blimit \d+$/i.test(source);
}

describe('check-in query plans (issue 20): every statement on the path is a bounded seek', () => {
  it('entries, exits, refusals, replays, offline events and passkeys: no SCAN, no temporary b-tree', async () => {
    const { env, admin, site, kiosk } = await kioskWorld();
    const w = await givenWorker(admin.client, [site.general.id, site.secure.id]);
    const stranger = await givenWorker(admin.client, []);
    const pk = await givenPasskeyWorker(env, admin.client, [site.secure.id]);
    // Past the rare-area rule's newcomer threshold: two days of entries into the general area.
    const sqlite = env.deps.sqlite;
    const { caught, stop } = catchStatements(sqlite.prepare('select 1'));
    try {
      const post = async (body: unknown, status: number) => expect((await kiosk.post('/api/kiosk/events', body)).status).toBe(status);
      for (let d = 0; d < 2; d++) {
        env.clock.set(T0 + d * 86_400_000 + 3_600_000);
        await post(badgeEvent(site.general.id, w.badge, 'in'), 201);
        env.clock.advance(600_000);
        await post(badgeEvent(site.general.id, w.badge, 'out'), 201);
      }
      // A rare area (the rare_area anomaly is written), an exit past the long-stay limit, a replay.
      env.clock.advance(3_600_000);
      const rare = badgeEvent(site.secure.id, w.badge, 'in', { purpose: '保守・点検' });
      await post(rare, 201);
      await post(rare, 200);
      await post({ ...rare, purpose: '打合せ' }, 409);
      env.clock.advance(13 * 3_600_000);
      await post(badgeEvent(site.secure.id, w.badge, 'out'), 201);
      // An event kept on the tablet while offline, and one kept past the offline window.
      await post(badgeEvent(site.general.id, w.badge, 'in', { deviceAt: new Date(env.clock.now() - 600_000).toISOString() }), 201);
      await post(badgeEvent(site.general.id, w.badge, 'out', { deviceAt: new Date(env.clock.now() - 8 * 86_400_000).toISOString() }), 201);
      // Refusals until the burst raises an anomaly and an incident, and the throttle starts.
      for (let i = 0; i < 6; i++) await post(badgeEvent(site.general.id, stranger.badge, 'in'), 201);
      // A passkey entry and exit (the counter is advanced in the transaction).
      await post(await passkeyEvent(kiosk, pk, site.secure.id, 'in'), 201);
      await post(await passkeyEvent(kiosk, pk, site.secure.id, 'out'), 201);
    } finally {
      stop();
    }

    const kinds = [...caught.keys()].join('\n');
    // The catch saw the path (not a vacuous pass): the event's insert, its key look-up, the rules, the journal.
    expect(kinds).toMatch(/insert into "access_events"/);
    expect(kinds).toMatch(/"idempotency_key" = \?/);
    expect(kinds).toMatch(/insert into "anomalies"/);
    expect(kinds).toMatch(/insert into "journal"/i);
    expect(kinds).toMatch(/"kiosk_throttles"/);
    expect(caught.size).toBeGreaterThan(25);

    const unbounded: string[] = [];
    for (const [source, args] of caught) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(source)) continue;
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as { detail: string }[];
      if (process.env.SHOW_PLANS) console.log(`${source}\n  ${plan.map((p) => p.detail).join('\n  ')}`);
      const bad = plan.filter((p) => UNBOUNDED.test(p.detail) && !boundedAnyway(sqlite, source, p.detail));
      if (bad.length > 0) unbounded.push(`${source}\n  ${bad.map((p) => p.detail).join('\n  ')}`);
    }
    expect(unbounded).toEqual([]);

    // The triggers the path's writes fire run statements of their own, which EXPLAIN QUERY PLAN of the
    // write does not show: their WHEN conditions and bodies are explained too (NEW and OLD values as
    // constants: the plan does not depend on them).
    const written = new Set([...caught.keys()].map((src) => /^(?:insert into|update|delete from) "?(\w+)"?/i.exec(src)?.[1]).filter((t): t is string => t !== undefined));
    const triggers = sqlite
      .prepare("SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' UNION ALL SELECT tbl_name, sql FROM sqlite_temp_master WHERE type = 'trigger'")
      .all() as { tbl: string; sql: string }[];
    const fired = triggers.filter((t) => written.has(t.tbl));
    expect(fired.map((t) => t.tbl)).toContain('access_events');
    const inTriggers: string[] = [];
    const explained: string[] = [];
    for (const t of fired) {
      const sql = t.sql.replace(/\b(?:NEW|OLD)\.(?:"[^"]*"|`[^`]*`|\w+)/gi, '0');
      const when = /\bWHEN\s+([\s\S]*?)\s+BEGIN\b/i.exec(sql)?.[1];
      const body = /\bBEGIN\b([\s\S]*)\bEND\s*$/i.exec(sql)?.[1] ?? '';
      const statements = [...(when ? [`SELECT ${when}`] : []), ...body.split(';').map((x) => x.trim())].filter((x) => x !== '' && !/\bRAISE\s*\(/i.test(x));
      for (const statement of statements) {
        const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[];
        explained.push(...plan.map((p) => `${t.tbl}: ${p.detail}`));
        const bad = plan.filter((p) => UNBOUNDED.test(p.detail) && !boundedAnyway(sqlite, statement, p.detail));
        if (bad.length > 0) inTriggers.push(`${t.tbl}: ${statement}\n  ${bad.map((p) => p.detail).join('\n  ')}`);
      }
    }
    // The append-only trigger's look-ups of a new event (by id, by idempotency key) were among them.
    expect(explained).toContain('access_events: SEARCH access_events USING INTEGER PRIMARY KEY (rowid=?)');
    expect(explained).toContain('access_events: SEARCH access_events USING COVERING INDEX access_events_idempotency_uq (idempotency_scope=? AND idempotency_key=?)');
    expect(inTriggers).toEqual([]);
  });
});
