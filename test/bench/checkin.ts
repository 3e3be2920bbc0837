import { performance } from 'node:perf_hooks';
import { benchFile, firstMessage, forkTs, makeTempDir } from './lifecycle.ts';
import type { LoadResult, LoadSpec } from './loadgen.ts';
import { prepareRealWorld, type RealWorld } from './real-setup.ts';
import { startBare, startReal, type RunningServer } from './servers.ts';
import { concatSorted, fmt, percentile, ratio, table, verdict } from './stats.ts';

export interface CheckinOptions {
  connections: number[];
  warmupMs: number;
  durationMs: number;
  /** Rounds per concurrency, alternating which server goes first (A B, B A, ...). */
  rounds: number;
  workers: number;
}

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
  /** A figure the issues ask for without a target: printed as INFO, never PASS or MISS. */
  noTarget?: boolean;
}

interface Tally {
  parts: Float64Array[];
  requests: number;
  seconds: number;
  total: number;
  non2xx: number;
  errors: number;
  refused: number;
  outOfSequence: number;
  sample: string | null;
}

const emptyTally = (): Tally => ({ parts: [], requests: 0, seconds: 0, total: 0, non2xx: 0, errors: 0, refused: 0, outOfSequence: 0, sample: null });

async function loadOnce(spec: LoadSpec): Promise<LoadResult> {
  const child = forkTs(benchFile('loadgen.ts'));
  await firstMessage<{ ready: true }>(child, 'loadgen');
  const done = firstMessage<LoadResult>(child, 'loadgen', spec.warmupMs + spec.durationMs + 120_000);
  child.send(spec);
  return done;
}

function add(t: Tally, r: LoadResult): void {
  t.parts.push(r.latenciesMs);
  t.requests += r.requests;
  t.seconds += r.seconds;
  t.total += r.total;
  t.non2xx += r.non2xx;
  t.errors += r.errors;
  t.refused += r.refused;
  t.outOfSequence += r.outOfSequence;
  t.sample ??= r.errorSample;
}

function summarise(t: Tally) {
  const sorted = concatSorted(t.parts);
  return { rps: t.requests / t.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export async function runCheckinBench(opts: CheckinOptions, print: (line: string) => void): Promise<Verdict[]> {
  const dir = makeTempDir('checkin');
  const t0 = performance.now();
  const world: RealWorld = prepareRealWorld(dir, opts.workers);
  print(`prepared the real database through the product's services: ${opts.workers} workers with badges, 1 enrolled kiosk (${fmt((performance.now() - t0) / 1000)} s)`);
  const servers: RunningServer[] = [await startBare(dir), await startReal(world)];
  const inside: Record<string, boolean[]> = { bare: world.badges.map(() => false), real: world.badges.map(() => false) };
  const rows: string[][] = [];
  const ratioRows: string[][] = [];
  const verdicts: Verdict[] = [];
  try {
    for (const c of opts.connections) {
      const tallies: Record<string, Tally> = { bare: emptyTally(), real: emptyTally() };
      for (let round = 0; round < opts.rounds; round++) {
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          const result = await loadOnce({
            kind: s.name,
            url: s.url,
            token: s.name === 'real' ? world.kioskToken : null,
            areaId: world.areaId,
            connections: c,
            warmupMs: opts.warmupMs,
            durationMs: opts.durationMs,
            badges: world.badges,
            inside: inside[s.name]!,
            runTag: `b${Date.now().toString(36)}${s.name}${c}r${round}`,
          });
          inside[s.name] = result.inside;
          add(tallies[s.name]!, result);
          print(`  C=${c} round ${round + 1}/${opts.rounds} ${s.name}: ${fmt(result.requests / result.seconds, 0)} req/s, p99 ${fmt(percentile(result.latenciesMs.slice().sort(), 99))} ms`);
        }
      }
      const bare = summarise(tallies.bare!);
      const real = summarise(tallies.real!);
      for (const [name, s] of [['bare', bare], ['real', real]] as const) {
        const t = tallies[name]!;
        rows.push([String(c), name, fmt(s.rps, 0), fmt(s.p50, 2), fmt(s.p99, 2), String(t.requests), String(t.total), String(t.non2xx), String(t.errors), String(t.refused), String(t.outOfSequence)]);
        if (t.non2xx + t.errors + t.refused > 0) print(`  ! ${name} at C=${c}: first problem: ${t.sample}`);
      }
      const thr = ratio(real.rps, bare.rps);
      const p99 = ratio(real.p99, bare.p99);
      ratioRows.push([String(c), `${fmt(thr, 2)}×`, verdict(thr >= 0.8), `${fmt(p99, 2)}×`, verdict(p99 <= 1.5)]);
      const all2xx = tallies.real!.non2xx + tallies.real!.errors + tallies.bare!.non2xx + tallies.bare!.errors === 0;
      verdicts.push({ name: `check-in C=${c} throughput real/bare`, ok: thr >= 0.8, detail: `${fmt(thr, 2)}× (target ≥ 0.8×, issue 3)` });
      verdicts.push({ name: `check-in C=${c} p99 real/bare`, ok: p99 <= 1.5, detail: `${fmt(p99, 2)}× (target ≤ 1.5×, issue 3)` });
      verdicts.push({ name: `check-in C=${c} every response 2xx`, ok: all2xx && tallies.real!.refused === 0, detail: `non-2xx ${tallies.real!.non2xx + tallies.bare!.non2xx}, errors ${tallies.real!.errors + tallies.bare!.errors}, refusals ${tallies.real!.refused}` });
      if (c === 50) {
        verdicts.push({ name: `later: check-in C=50 throughput real/bare`, ok: thr >= 3, detail: `${fmt(thr, 2)}× (target ≥ 3×, issue 7 group commit)` });
        verdicts.push({ name: `later: check-in C=50 p99 real/bare`, ok: p99 <= 1, detail: `${fmt(p99, 2)}× (target ≤ 1×, issue 7 group commit)` });
      }
    }
  } finally {
    for (const s of servers) await s.stop();
  }
  print('');
  print(table(['C', 'server', 'req/s', 'p50 ms', 'p99 ms', 'measured', 'sent', 'non-2xx', 'errors', 'refused', 'out-of-seq'], rows));
  print('(absolute figures are this run on this shared machine only; the ratios are the result)');
  print('');
  print(table(['C', 'real/bare req/s', 'target ≥ 0.8×', 'real/bare p99', 'target ≤ 1.5×'], ratioRows));
  const realLog = servers[1]!.stderr().trim();
  if (realLog) print(`real server stderr (${realLog.split('\n').length} lines), first: ${realLog.split('\n')[0]!.slice(0, 200)}`);
  return verdicts;
}
