import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, transact } from '../../src/db/client.ts';
import { SYSTEM } from '../../src/actor.ts';
import type { Ctx } from '../../src/deps.ts';
import { insertSession, sessionCookieName } from '../../src/auth/sessions.ts';
import { createPerson } from '../../src/roster/service.ts';
import { appendJournal } from '../../src/journal/append.ts';
import { verifyChain, verifyJournal } from '../../src/journal/verify.ts';
import { dayBounds } from '../../src/time.ts';
import type { Verdict } from './checkin.ts';
import { ensureJournalDb } from './gen-journal.ts';
import { benchFile, firstMessage, forkTs, makeTempDir } from './lifecycle.ts';
import type { LoadResult, LoadSpec } from './loadgen.ts';
import { prepareRealWorld, type RealWorld } from './real-setup.ts';
import { startReal, type RunningServer } from './servers.ts';
import { concatSorted, fmt, median, percentile, ratio, table, verdict } from './stats.ts';

export interface LongReadsOptions {
  /** Access events (each with its journal entry) in the exported month. */
  monthEvents: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Rounds of (without, with) the export, alternating which goes first. */
  rounds: number;
  /** Size of the generated database that `verify` walks and the server starts on. */
  largeEvents: number;
  verifyRounds: number;
  startRounds: number;
}

const MB = 1024 * 1024;
const TZ = 'Asia/Tokyo';

interface ExportWorld extends RealWorld {
  month: string;
  cookie: string;
}

/** The month before the current one in Tokyo, as YYYY-MM, and its first and last days. */
function previousMonth(now: number): { month: string; from: string; to: string } {
  const local = new Date(now + 9 * 3600_000);
  const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { month: day(first).slice(0, 7), from: day(first), to: day(last) };
}

/**
 * The check-in world (real-setup.ts), plus last month's traffic in its area, `monthEvents` access
 * events each journaled by appendJournal as the kiosk route would (written directly: replaying 400 k
 * check-ins through HTTP would take longer than the benchmark), and an auditor's session to ask for
 * the export. Every worker's month ends outside, so the live check-ins start with an entry.
 */
function prepareExportWorld(dir: string, workers: number, monthEvents: number): ExportWorld {
  const world = prepareRealWorld(dir, workers);
  const config = loadConfig({ DB_PATH: world.dbPath, SIGNING_KEY_PATH: world.signingKeyPath, LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  try {
    const ctx: Ctx = { deps, actor: SYSTEM, requestId: 'bench-setup' };
    const range = previousMonth(deps.clock.now());
    const start = dayBounds(range.from, TZ).start;
    const end = dayBounds(range.to, TZ).end;
    const people = deps.sqlite.prepare("SELECT id, name FROM people WHERE roles LIKE '%worker%' ORDER BY id").all() as { id: number; name: string }[];
    const kiosk = deps.sqlite.prepare('SELECT id, name FROM kiosks LIMIT 1').get() as { id: number; name: string };
    const insert = deps.sqlite.prepare(
      `INSERT INTO access_events (area_id, direction, result, flags, person_id, name_snapshot, affiliation_snapshot, purpose, method, kiosk_id, occurred_at, recorded_at)
       VALUES (?, ?, 'accepted', '[]', ?, ?, 'ベンチ株式会社', ?, 'badge', ?, ?, ?)`,
    );
    const days = Math.round((end - start) / 86_400_000);
    const pairsPerPersonDay = Math.max(1, Math.round(monthEvents / (2 * people.length * days)));
    const step = Math.floor((12 * 3600_000) / pairsPerPersonDay);
    for (let d = 0; d < days; d++) {
      transact(deps.db, (tx) => {
        for (let s = 0; s < pairsPerPersonDay; s++) {
          for (const [i, p] of people.entries()) {
            const at = start + d * 86_400_000 + 8 * 3600_000 + s * step + i * 50;
            for (const [direction, t] of [['in', at], ['out', at + Math.floor(step / 2)]] as const) {
              const id = Number(insert.run(world.areaId, direction, p.id, p.name, direction === 'in' ? '定常作業' : '', kiosk.id, t, t).lastInsertRowid);
              appendJournal(tx, {
                at: t,
                actor: { type: 'kiosk', id: kiosk.id, name: kiosk.name, areaIds: [world.areaId] },
                requestId: `bench-${id}`,
                action: direction === 'in' ? 'access.entered' : 'access.exited',
                entityType: 'access_event',
                entityId: id,
                data: { id, areaId: world.areaId, direction, result: 'accepted', personId: p.id, nameSnapshot: p.name, method: 'badge', kioskId: kiosk.id, occurredAt: t, recordedAt: t, warnings: [] },
              });
            }
          }
        }
      });
    }
    const auditor = createPerson(ctx, {
      name: '監査 花子', kana: 'かんさ はなこ', organisationId: (deps.sqlite.prepare('SELECT id FROM organisations LIMIT 1').get() as { id: number }).id,
      position: '監査', duties: '', expertise: '', contact: '', nationality: '', roles: ['auditor'], siteIds: null, validFrom: null, validTo: null,
    });
    const { token } = transact(deps.db, (tx) => insertSession(tx, deps, auditor.id, null));
    return { ...world, month: range.month, cookie: `${sessionCookieName(deps)}=${token}` };
  } finally {
    deps.close();
  }
}

async function loadOnce(spec: LoadSpec): Promise<LoadResult> {
  const child = forkTs(benchFile('loadgen.ts'));
  await firstMessage<{ ready: true }>(child, 'loadgen');
  const done = firstMessage<LoadResult>(child, 'loadgen', spec.warmupMs + spec.durationMs + 120_000);
  child.send(spec);
  return done;
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** The product's month export, as an auditor downloads it: the monthly report's CSV, read to the last byte. */
async function exportMonth(server: RunningServer, world: ExportWorld): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(new URL(`/api/reports/monthly?month=${world.month}&format=csv`, server.url), { headers: { cookie: world.cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`export: ${res.status} ${body.toString().slice(0, 300)}`);
  return { ms: performance.now() - t0, bytes: body.length };
}

async function exportUnderLoad(opts: LongReadsOptions, print: (line: string) => void): Promise<Verdict[]> {
  const dir = makeTempDir('long-reads');
  const t0 = performance.now();
  const world = prepareExportWorld(dir, 200, opts.monthEvents);
  const month = new Database(world.dbPath, { readonly: true });
  const rows = (month.prepare('SELECT count(*) AS n FROM access_events').get() as { n: number }).n;
  const entries = (month.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  month.close();
  print(`prepared ${rows.toLocaleString('en')} access events in ${world.month} with ${entries.toLocaleString('en')} journal entries, 200 workers with badges, an auditor (${fmt((performance.now() - t0) / 1000)} s)`);
  const server = await startReal(world);
  const pid = server.child.pid!;
  let inside = world.badges.map(() => false);
  const tallies = { without: [] as Float64Array[], with: [] as Float64Array[] };
  const counts = { without: 0, with: 0 };
  const exportTimes: number[] = [];
  let peakRss = 0;
  const verdicts: Verdict[] = [];
  try {
    const idle = memoryOf(pid);
    // One export before measuring: it starts the long-read worker, which stays for the process.
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryOf(pid).rss)), 50);
    const first = await exportMonth(server, world);
    print(`  first export (starts the worker): ${fmt(first.ms / 1000, 2)} s, ${first.bytes.toLocaleString('en')} bytes of CSV; server RSS ${fmt(idle.rss / MB)} MB before`);
    for (let round = 0; round < opts.rounds; round++) {
      for (const phase of round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        let stop = false;
        let exports = 0;
        const loop =
          phase === 'with'
            ? (async () => {
                while (!stop) {
                  exportTimes.push((await exportMonth(server, world)).ms);
                  exports += 1;
                }
              })()
            : Promise.resolve();
        const result = await loadOnce({
          kind: 'real', url: server.url, token: world.kioskToken, areaId: world.areaId, connections: opts.connections,
          warmupMs: opts.warmupMs, durationMs: opts.durationMs, badges: world.badges, inside, runTag: `lr${Date.now().toString(36)}${phase}${round}`,
        });
        stop = true;
        await loop;
        inside = result.inside;
        tallies[phase].push(result.latenciesMs);
        counts[phase] += result.requests;
        if (result.non2xx + result.errors + result.refused > 0) print(`  ! ${phase}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.refused} refused; first: ${result.errorSample}`);
        print(`  round ${round + 1}/${opts.rounds} ${phase} export: ${fmt(result.requests / result.seconds, 0)} req/s, p99 ${fmt(percentile(result.latenciesMs.slice().sort(), 99), 2)} ms` + (phase === 'with' ? `, ${exports} export(s) ran through it` : ''));
      }
    }
    clearInterval(sampler);
    const hwm = memoryOf(pid).hwm;
    const without = concatSorted(tallies.without);
    const withExport = concatSorted(tallies.with);
    const p99 = ratio(percentile(withExport, 99), percentile(without, 99));
    print('');
    print(table(['check-in C=' + opts.connections, 'measured', 'p50 ms', 'p99 ms'], [
      ['without export', String(counts.without), fmt(percentile(without, 50), 2), fmt(percentile(without, 99), 2)],
      ['while the month exports', String(counts.with), fmt(percentile(withExport, 50), 2), fmt(percentile(withExport, 99), 2)],
    ]));
    print(`export of ${world.month} (GET /api/reports/monthly?format=csv): ${exportTimes.length} under load, median ${fmt(median(exportTimes) / 1000, 2)} s`);
    print(`ratio p99 with/without: ${fmt(p99, 2)}× (target ≤ 1.5×) ${verdict(p99 <= 1.5)}`);
    print(`server RSS: ${fmt(idle.rss / MB)} MB idle, peak sampled ${fmt(peakRss / MB)} MB, VmHWM ${fmt(hwm / MB)} MB (target ≤ 200 MB) ${verdict(hwm <= 200 * MB)}`);
    verdicts.push({ name: `check-in C=${opts.connections} p99 while a ${rows.toLocaleString('en')}-event month exports / without`, ok: p99 <= 1.5, detail: `${fmt(p99, 2)}× (target ≤ 1.5×, issue 7)` });
    verdicts.push({ name: 'month export: server peak RSS (VmHWM)', ok: hwm <= 200 * MB, detail: `${fmt(hwm / MB)} MB (target ≤ 200 MB, issue 7)` });
  } catch (err) {
    print(`export under load: failed: ${(err as Error).stack ?? String(err)}`);
    verdicts.push({ name: 'export under load ran', ok: false, detail: (err as Error).message });
  } finally {
    await server.stop();
    const log = server.stderr().trim();
    if (log) print(`real server stderr (${log.split('\n').length} lines), first: ${log.split('\n')[0]!.slice(0, 200)}`);
  }
  return verdicts;
}

/** The bare baseline: the same rows read in seq order, each hashed once with SHA-256 over its columns. */
function readAndHash(path: string): { count: number; ms: number } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const t0 = performance.now();
    let count = 0;
    let last = '';
    for (const row of db.prepare('SELECT * FROM journal ORDER BY seq').raw().iterate() as IterableIterator<unknown[]>) {
      last = createHash('sha256').update(row.join('\u001f')).digest('hex');
      count += 1;
    }
    if (last === '') throw new Error('no journal rows');
    return { count, ms: performance.now() - t0 };
  } finally {
    db.close();
  }
}

function verifyOnce(path: string, check: typeof verifyJournal): { count: number; ms: number } {
  const { db, close } = openDatabase(path, { readonly: true });
  try {
    const t0 = performance.now();
    const result = check(db);
    const ms = performance.now() - t0;
    if (!result.ok) throw new Error(`verify failed: ${result.message}`);
    return { count: result.count, ms };
  } finally {
    close();
  }
}

export async function verifyRate(opts: Pick<LongReadsOptions, 'verifyRounds'>, path: string, print: (line: string) => void): Promise<Verdict[]> {
  const series: [string, () => { count: number; ms: number }][] = [
    ['bare read + one SHA-256 per row', () => readAndHash(path)],
    ['chain only (walkJournal)', () => verifyOnce(path, verifyChain)],
    ['chain + every table against its seals (cli verify)', () => verifyOnce(path, verifyJournal)],
  ];
  const rates: number[][] = series.map(() => []);
  let entries = 0;
  // One untimed read first: whichever reader came first would otherwise pay for a cold page cache alone
  // (the 5 M database is 9.5 GB), and the ratios would say more about the cache than about the readers.
  const warm = readAndHash(path);
  print(`warm-up read of ${warm.count.toLocaleString('en')} entries (untimed) in ${fmt(warm.ms / 1000, 0)} s`);
  for (let round = 0; round < opts.verifyRounds; round++) {
    const order = round % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
    for (const i of order) {
      const r = series[i]![1]();
      entries = r.count;
      rates[i]!.push(r.count / (r.ms / 1000));
    }
  }
  const [b, c, f] = rates.map(median) as [number, number, number];
  print(table(['reader', 'runs', 'median entries/s'], series.map(([name], i) => [name, String(rates[i]!.length), fmt(median(rates[i]!), 0)])));
  const chain = ratio(c, b);
  const full = ratio(f, b);
  print(`ratio chain/bare over ${entries.toLocaleString('en')} entries: ${fmt(chain, 2)}× (target ≥ 0.5×) ${verdict(chain >= 0.5)}`);
  print(`ratio full check/bare: ${fmt(full, 2)}× (target ≥ 0.3×) ${verdict(full >= 0.3)}`);
  return [
    { name: `verify rate, chain only, at ${entries.toLocaleString('en')} entries / bare read + SHA-256`, ok: chain >= 0.5, detail: `${fmt(chain, 2)}× (target ≥ 0.5×, issue 7)` },
    { name: `verify rate with the table check at ${entries.toLocaleString('en')} entries / bare read + SHA-256`, ok: full >= 0.3, detail: `${fmt(full, 2)}× (target ≥ 0.3×, issue 14)` },
  ];
}

/** Spawn to the first healthy /healthz of the real server, on a copy of `source` (the server writes to its database). */
async function startTimes(source: string | null, rounds: number, label: string): Promise<number[]> {
  const dir = makeTempDir(`start-${label}`);
  const dbPath = join(dir, 'ledger.db');
  if (source) copyFileSync(source, dbPath);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const server = await startReal({ dbPath, signingKeyPath: join(dir, 'signing-key.pem'), areaId: 0, kioskToken: '', badges: [] });
    times.push(performance.now() - t0);
    await server.stop();
  }
  rmSync(dir, { recursive: true, force: true });
  return times;
}

async function startTime(opts: LongReadsOptions, path: string, events: number, print: (line: string) => void): Promise<Verdict[]> {
  // One start first, on an empty database: the bundle and Node are in the page cache for both series after it.
  await startTimes(null, 1, 'warm');
  const empty = await startTimes(null, opts.startRounds, 'empty');
  const large = await startTimes(path, opts.startRounds, 'large');
  const m = median(large);
  print(table(['database', 'starts', 'median s', 'max s'], [
    ['new, empty', String(empty.length), fmt(median(empty) / 1000, 2), fmt(Math.max(...empty) / 1000, 2)],
    [`${events.toLocaleString('en')} events + journal`, String(large.length), fmt(m / 1000, 2), fmt(Math.max(...large) / 1000, 2)],
  ]));
  print(`start at ${events.toLocaleString('en')} events: ${fmt(m / 1000, 2)} s median (target < 2 s) ${verdict(m < 2000)}; ${fmt(ratio(m, median(empty)), 2)}× the empty database's`);
  return [{ name: `server start at ${events.toLocaleString('en')} events (spawn to healthy /healthz)`, ok: m < 2000, detail: `${fmt(m / 1000, 2)} s median of ${large.length} (target < 2 s, issue 7)` }];
}

export async function runLongReadsBench(opts: LongReadsOptions, print: (line: string) => void): Promise<Verdict[]> {
  const verdicts = await exportUnderLoad(opts, print);
  print('');
  print(`generating or reusing ${opts.largeEvents.toLocaleString('en')} access events with their journal...`);
  const gen = ensureJournalDb(opts.largeEvents, print);
  print(gen.reused ? `reused cached ${gen.path}` : `generated ${gen.path} in ${fmt(gen.seconds)} s (cached for the next run)`);
  verdicts.push(...(await verifyRate(opts, gen.path, print)));
  print('');
  verdicts.push(...(await startTime(opts, gen.path, opts.largeEvents, print)));
  return verdicts;
}
