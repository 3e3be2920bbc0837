import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openDeps } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import type { Verdict } from './checkin.ts';
import { ensureEventsDb, generatedDay } from './gen-events.ts';
import { makeTempDir, REPO_ROOT } from './lifecycle.ts';
import { fmt, median, ratio, table, verdict } from './stats.ts';

export interface LedgerOptions {
  events: number;
  rounds: number;
}

type BuildDailyLedger = (deps: Deps, areaId: number, day: string) => unknown;

const BUILD_PATH = join(REPO_ROOT, 'src/ledger/build.ts');
/** (area, generated day) pairs spread over teams and weeks, the same for both readers. */
const CASES: [number, number][] = [
  [1, 20],
  [6, 25],
  [11, 30],
  [16, 35],
  [3, 40],
];

async function loadBuilder(): Promise<BuildDailyLedger | string> {
  if (!existsSync(BUILD_PATH)) return 'src/ledger/build.ts not present';
  const mod = (await import(pathToFileURL(BUILD_PATH).href)) as { buildDailyLedger?: BuildDailyLedger };
  return typeof mod.buildDailyLedger === 'function' ? mod.buildDailyLedger : 'src/ledger/build.ts does not export buildDailyLedger';
}

async function timed(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function runLedgerBench(opts: LedgerOptions, print: (line: string) => void): Promise<Verdict[]> {
  const builder = await loadBuilder();
  if (typeof builder === 'string') {
    print(`ledger: skipped (${builder})`);
    return [];
  }
  print(`generating or reusing ${opts.events.toLocaleString('en')} access events (20 areas, 60 days, 400 people)...`);
  const gen = ensureEventsDb(opts.events, print);
  print(
    gen.reused
      ? `reused cached ${gen.path}`
      : `generated ${gen.path} in ${fmt(gen.seconds)} s (cached for the next run; built with journal_mode=OFF and synchronous=OFF: a read benchmark needs no crash safety while the file is built)`,
  );

  const dir = makeTempDir('ledger');
  const config = loadConfig({ DB_PATH: gen.path, SIGNING_KEY_PATH: join(dir, 'signing-key.pem'), LOG_LEVEL: 'warn' });
  const deps = openDeps({ config });
  const bare = new Database(gen.path, { readonly: true, fileMustExist: true });
  const scan = bare.prepare('SELECT * FROM access_events WHERE area_id = ? AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at');
  try {
    const bareTimes: number[] = [];
    const ledgerTimes: number[] = [];
    const rows: string[][] = [];
    // One untimed pass of each warms the page cache and both code paths alike.
    for (const [areaId, d] of CASES) {
      const { day, from, to } = generatedDay(d);
      const n = (scan.all(areaId, from, to) as unknown[]).length;
      await builder(deps, areaId, day);
      rows.push([String(areaId), day, String(n)]);
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const [areaId, d] of CASES) {
        const { day, from, to } = generatedDay(d);
        const runBare = async () => bareTimes.push(await timed(() => scan.all(areaId, from, to)));
        const runLedger = async () => ledgerTimes.push(await timed(() => builder(deps, areaId, day)));
        // Alternate which goes first, so neither always inherits the other's warm cache.
        if (round % 2 === 0) await runBare().then(runLedger);
        else await runLedger().then(runBare);
      }
    }
    const b = median(bareTimes);
    const l = median(ledgerTimes);
    const r = ratio(l, b);
    print(table(['area', 'day', 'events that day'], rows));
    print('');
    print(table(['reader', 'runs', 'median ms'], [
      ['bare indexed range scan', String(bareTimes.length), fmt(b, 2)],
      ['buildDailyLedger', String(ledgerTimes.length), fmt(l, 2)],
    ]));
    print(`ratio ledger/bare: ${fmt(r, 2)}× (target ≤ 2×) ${verdict(r <= 2)}`);
    return [{ name: `ledger at ${opts.events.toLocaleString('en')} events, buildDailyLedger/bare scan`, ok: r <= 2, detail: `${fmt(r, 2)}× (target ≤ 2×, issues 3 and 7)` }];
  } catch (err) {
    print(`ledger: failed: ${(err as Error).stack ?? String(err)}`);
    return [{ name: 'ledger benchmark ran', ok: false, detail: (err as Error).message }];
  } finally {
    bare.close();
    deps.close();
  }
}
