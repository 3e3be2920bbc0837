import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Verdict } from './checkin.ts';
import { copyWorld, ensureCustodyWorld, type CustodyWorld } from './custody-setup.ts';
import type { MovementJob, MovementLoadResult, MovementLoadSpec } from './custody-loadgen.ts';
import { benchFile, firstMessage, forkTs, makeTempDir } from './lifecycle.ts';
import { startBare, startReal, type RunningServer } from './servers.ts';
import { concatSorted, fmt, percentile, ratio, table } from './stats.ts';

export interface CustodyOptions {
  /** Registered assets in the database. */
  assets: number;
  workers: number;
  connections: number;
  /** Per round and server: unmeasured requests first, then measured ones. */
  warmup: number;
  measured: number;
  /** Rounds, alternating which server goes first (A B, B A, ...). */
  rounds: number;
}

/** Requests past the measured ones, so that every connection stays busy until the last measured reply. */
const tailOf = (connections: number) => 4 * connections;

async function loadOnce(spec: MovementLoadSpec): Promise<MovementLoadResult> {
  const child = forkTs(benchFile('custody-loadgen.ts'));
  await firstMessage<{ ready: true }>(child, 'movement loadgen');
  const done = firstMessage<MovementLoadResult>(child, 'movement loadgen', 600_000);
  child.send(spec);
  return done;
}

/** Each worker badges in through the kiosk API: the entries the carry-ins are made under. */
async function enterAll(baseUrl: string, world: CustodyWorld): Promise<number[]> {
  const ids: number[] = [];
  for (const badge of world.badges) {
    const res = await fetch(`${baseUrl}/api/kiosk/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.kioskToken}` },
      body: JSON.stringify({ idempotencyKey: randomUUID(), areaId: world.areaId, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: badge } }),
    });
    const body = (await res.json()) as { event?: { id: number; result: string } };
    if (!res.ok || body.event?.result !== 'accepted') throw new Error(`custody bench: a worker's entry was not accepted: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    ids.push(body.event.id);
  }
  return ids;
}

interface Tally {
  parts: Float64Array[];
  requests: number;
  seconds: number;
  total: number;
  non2xx: number;
  errors: number;
  refused: number;
  accepted: number;
  refusals: Record<string, number>;
  sample: string | null;
}

const emptyTally = (): Tally => ({ parts: [], requests: 0, seconds: 0, total: 0, non2xx: 0, errors: 0, refused: 0, accepted: 0, refusals: {}, sample: null });

function add(t: Tally, r: MovementLoadResult): void {
  t.parts.push(r.latenciesMs);
  t.requests += r.requests;
  t.seconds += r.seconds;
  t.total += r.total;
  t.non2xx += r.non2xx;
  t.errors += r.errors;
  t.refused += r.refused;
  t.accepted += r.accepted;
  for (const [k, v] of Object.entries(r.refusals)) t.refusals[k] = (t.refusals[k] ?? 0) + v;
  t.sample ??= r.errorSample;
}

function summarise(t: Tally) {
  const sorted = concatSorted(t.parts);
  return { rps: t.requests / t.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** After the run, from the real server's file: what was recorded matches what was answered. */
function verifyRecorded(dbPath: string, world: CustodyWorld, usedAssetIds: number[], acceptedReplies: number) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
    const ids = JSON.stringify(usedAssetIds);
    const accepted = one("SELECT count(*) FROM movements WHERE result = 'accepted'");
    const refused = one("SELECT count(*) FROM movements WHERE result = 'refused'");
    const journaled = one("SELECT count(*) FROM journal WHERE action = 'movement.recorded'");
    const inside = one('SELECT count(*) FROM assets WHERE id IN (SELECT value FROM json_each(?)) AND status = ? AND location_area_id = ?', ids, 'inside', world.areaId);
    const completed = one(
      "SELECT count(*) FROM custody_requests r JOIN custody_request_items i ON i.request_id = r.id WHERE i.asset_id IN (SELECT value FROM json_each(?)) AND r.status = 'completed'",
      ids,
    );
    const fk = (db.pragma('foreign_key_check') as unknown[]).length;
    const ok = accepted === acceptedReplies && refused === 0 && journaled === accepted && inside === usedAssetIds.length && completed === usedAssetIds.length && fk === 0;
    return { ok, accepted, refused, journaled, inside, completed, fk };
  } finally {
    db.close();
  }
}

export async function runCustodyBench(opts: CustodyOptions, print: (line: string) => void): Promise<Verdict[]> {
  const c = opts.connections;
  const perRound = opts.warmup + opts.measured + tailOf(c);
  const approved = perRound * opts.rounds;
  print(`generating or reusing the custody database: ${opts.assets.toLocaleString('en')} assets, ${approved.toLocaleString('en')} approved carry-in requests, ${opts.workers} workers...`);
  const world = ensureCustodyWorld(opts.assets, approved, opts.workers, print);
  print(
    world.reused
      ? `reused cached ${world.dbPath} (built ${world.builtAt}, requests valid until ${new Date(world.windowTo).toISOString()})`
      : `built ${world.dbPath} in ${fmt(world.buildSeconds)} s (cached for the next run)`,
  );
  const k = world.counts;
  print(
    `  in the file: ${k.assets!.toLocaleString('en')} assets (registered ${k['status:registered']}, inside ${k['status:inside']}, outside ${k['status:outside']}, on loan ${k['status:on_loan']}, ` +
      `lost/returned/disposed ${(k['status:lost'] ?? 0) + (k['status:returned'] ?? 0) + (k['status:disposed'] ?? 0)}; personal ${k['owner:personal']}; 重要情報 ${k['classification:important']}), ` +
      `${k.custody_requests} requests, ${k.custody_approvals} approvals, ${k.people} people, ${k.journal} journal entries`,
  );
  const important = world.measured.filter((m) => m.important).length;
  const storage = world.measured.filter((m) => m.storage).length;
  print(`  measured assets: ${world.measured.length} (one request each, by their carrier; ${storage} with storage and a clean scan; ${important} 重要情報 with two approvers)`);

  const dir = makeTempDir('custody');
  const t0 = performance.now();
  const copy = copyWorld(world, dir);
  print(`copied it for this run (${fmt((performance.now() - t0) / 1000, 2)} s)`);
  const servers: RunningServer[] = [await startBare(dir), await startReal({ ...copy, areaId: world.areaId, kioskToken: world.kioskToken, badges: world.badges })];
  const real = servers[1]!;
  const realBase = new URL(real.url).origin;
  const urls = { bare: new URL('/movement', servers[0]!.url).href, real: `${realBase}/api/kiosk/movements` };
  const tallies: Record<string, Tally> = { bare: emptyTally(), real: emptyTally() };
  const used: number[] = [];
  try {
    const entries = await enterAll(realBase, world);
    print(`${entries.length} workers entered area ${world.areaId} through POST /api/kiosk/events (their entries are the carry-ins' accessEventId)`);
    for (let round = 0; round < opts.rounds; round++) {
      const slice = world.measured.slice(round * perRound, (round + 1) * perRound);
      const jobs: MovementJob[] = slice.map((m) => ({ areaId: world.areaId, accessEventId: entries[m.carrier]!, scannedCode: m.tag }));
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const result = await loadOnce({
          kind: s.name,
          url: urls[s.name],
          token: s.name === 'real' ? world.kioskToken : null,
          connections: c,
          warmup: opts.warmup,
          measured: opts.measured,
          jobs,
          runTag: `m${Date.now().toString(36)}${s.name}r${round}`,
        });
        if (s.name === 'real') used.push(...slice.slice(0, result.total).map((m) => m.assetId));
        add(tallies[s.name]!, result);
        const sorted = Float64Array.from(result.latenciesMs).sort();
        print(
          `  C=${c} round ${round + 1}/${opts.rounds} ${s.name}: ${fmt(result.requests / result.seconds, 0)} req/s, p50 ${fmt(percentile(sorted, 50), 2)} ms, p99 ${fmt(percentile(sorted, 99), 2)} ms` +
            ` (${result.total} sent, ${result.accepted} accepted)`,
        );
      }
    }
  } finally {
    for (const s of servers) await s.stop();
  }

  const bare = summarise(tallies.bare!);
  const realS = summarise(tallies.real!);
  const rows: string[][] = [];
  for (const [name, s] of [['bare', bare], ['real', realS]] as const) {
    const t = tallies[name]!;
    rows.push([String(c), name, fmt(s.rps, 0), fmt(s.p50, 2), fmt(s.p99, 2), String(t.requests), String(t.total), String(t.non2xx), String(t.errors), String(t.refused)]);
    if (t.non2xx + t.errors + t.refused > 0) print(`  ! ${name}: first problem: ${t.sample}; refusals ${JSON.stringify(t.refusals)}`);
  }
  print('');
  print(table(['C', 'server', 'req/s', 'p50 ms', 'p99 ms', 'measured', 'sent', 'non-2xx', 'errors', 'refused'], rows));
  print('(absolute figures are this run on this shared machine only; the ratios are the result)');
  const thr = ratio(realS.rps, bare.rps);
  const p50 = ratio(realS.p50, bare.p50);
  const p99 = ratio(realS.p99, bare.p99);
  print('');
  print(table(['C', 'real/bare req/s', 'real/bare p50', 'real/bare p99', 'target'], [[String(c), `${fmt(thr, 2)}×`, `${fmt(p50, 2)}×`, `${fmt(p99, 2)}×`, 'none in issue 5']]));

  const check = verifyRecorded(copy.dbPath, world, used, tallies.real!.accepted);
  print(
    `recorded by the real server: ${check.accepted} accepted movements (${tallies.real!.accepted} accepted replies), ${check.refused} refused, ${check.journaled} movement.recorded journal entries, ` +
      `${check.inside}/${used.length} carried assets inside area ${world.areaId}, ${check.completed}/${used.length} of their requests completed, ${check.fk} foreign-key violations`,
  );
  const realLog = real.stderr().trim();
  if (realLog) print(`real server stderr (${realLog.split('\n').length} lines), first: ${realLog.split('\n')[0]!.slice(0, 200)}`);

  const at = `${opts.assets.toLocaleString('en')} assets, C=${c}`;
  const allGood = tallies.real!.non2xx + tallies.real!.errors + tallies.real!.refused + tallies.bare!.non2xx + tallies.bare!.errors === 0;
  return [
    { name: `movement at ${at}, throughput real/bare`, ok: true, noTarget: true, detail: `${fmt(thr, 2)}× (no target: issue 5 asks for the comparison only)` },
    { name: `movement at ${at}, p50 real/bare`, ok: true, noTarget: true, detail: `${fmt(p50, 2)}× (no target)` },
    { name: `movement at ${at}, p99 real/bare`, ok: true, noTarget: true, detail: `${fmt(p99, 2)}× (no target)` },
    {
      name: 'movement: every carry-in accepted and recorded',
      ok: allGood && check.ok,
      detail: `non-2xx ${tallies.real!.non2xx + tallies.bare!.non2xx}, errors ${tallies.real!.errors + tallies.bare!.errors}, refusals ${tallies.real!.refused}; ${check.accepted} movements and ${check.journaled} journal entries for ${tallies.real!.accepted} accepted replies`,
    },
  ];
}
