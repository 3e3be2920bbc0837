import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { copyHistoryWorld, ensureHistoryWorld } from './gen-history.ts';
import { benchFile, firstMessage, forkTs, makeTempDir } from './lifecycle.ts';
import type { LoadResult, LoadSpec } from './loadgen.ts';
import { prepareRealWorld, type RealWorld } from './real-setup.ts';
import { startBare, startFloor, startReal, type RunningServer } from './servers.ts';
import { concatSorted, fmt, median, percentile, ratio, table, verdict } from './stats.ts';

export interface CheckinOptions {
  connections: number[];
  warmupMs: number;
  durationMs: number;
  /**
   * Rounds per concurrency (ordered by roundOrder). The years are compared with the fresh
   * database round by round (median of the rounds' ratios), so an odd number gives a true median.
   */
  rounds: number;
  workers: number;
  /** Earlier access events of the same workers in the databases measured beside the fresh one (issue 20). */
  history: number[];
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
  /** Each round's own figures, for the round-by-round comparison of the years with the fresh database. */
  perRound: RoundFigures[];
  requests: number;
  seconds: number;
  total: number;
  non2xx: number;
  errors: number;
  refused: number;
  outOfSequence: number;
  sample: string | null;
  /** The server process's own CPU time over its runs (user + system), and the requests it answered in them. */
  cpuMicros: number;
  cpuRequests: number;
}

interface RoundFigures {
  rps: number;
  p99: number;
  cpu: number;
}

const emptyTally = (): Tally => ({ parts: [], perRound: [], requests: 0, seconds: 0, total: 0, non2xx: 0, errors: 0, refused: 0, outOfSequence: 0, sample: null, cpuMicros: 0, cpuRequests: 0 });

const TICK_MICROS = 1e6 / 100; // USER_HZ: /proc reports CPU time in clock ticks of 10 ms on Linux

/** A process's CPU time so far (user + system), from /proc/<pid>/stat, in µs; null where there is no /proc. */
function cpuMicrosOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return null;
  }
}

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

function addCpu(t: Tally, before: number | null, after: number | null, requests: number): void {
  if (before === null || after === null) return;
  t.cpuMicros += after - before;
  t.cpuRequests += requests;
}

function summarise(t: Tally) {
  const sorted = concatSorted(t.parts);
  return { rps: t.requests / t.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpu: t.cpuRequests > 0 ? t.cpuMicros / t.cpuRequests : NaN };
}

/** Round by round, `of`'s figure over `against`'s in the same round, and the median of those ratios. */
function pairedRatios(of: RoundFigures[], against: RoundFigures[]) {
  const each = (pick: (r: RoundFigures) => number) => {
    const rounds = of.map((r, i) => ratio(pick(r), pick(against[i]!)));
    return { median: median(rounds), rounds };
  };
  return { rps: each((r) => r.rps), p99: each((r) => r.p99), cpu: each((r) => r.cpu) };
}

/** A server under load: the bare baseline, the real server on a fresh database, or on one with years of history. */
interface Target {
  label: string;
  server: RunningServer;
  world: RealWorld;
  inside: boolean[];
}

/**
 * The order of one round's runs: the fresh database in the middle with the years databases right before
 * and right after it, so that each years run is compared with a fresh run seconds away (the machine's
 * speed drifts over minutes, decision 0036), and every other round the whole order reversed, so that
 * each one runs as often before the fresh one as after it, and the baselines first as often as last.
 */
function roundOrder<T extends { label: string }>(targets: T[], round: number): T[] {
  const baselines = targets.filter((t) => t.label === 'floor' || t.label === 'bare');
  const fresh = targets.filter((t) => t.label === 'real');
  const years = targets.filter((t) => !baselines.includes(t) && t.label !== 'real');
  const half = Math.floor(years.length / 2);
  const order = [...baselines, ...years.slice(0, half), ...fresh, ...years.slice(half)];
  return round % 2 === 0 ? order : order.reverse();
}

const label = (events: number) => (events >= 1_000_000 ? `real ${events / 1_000_000}M` : `real ${events.toLocaleString('en')}`);

export async function runCheckinBench(opts: CheckinOptions, print: (line: string) => void): Promise<Verdict[]> {
  const dir = makeTempDir('checkin');
  const t0 = performance.now();
  const world: RealWorld = prepareRealWorld(dir, opts.workers);
  print(`prepared the real database through the product's services: ${opts.workers} workers with badges, 1 enrolled kiosk (${fmt((performance.now() - t0) / 1000)} s)`);
  const targets: Target[] = [];
  const stopAll = async () => {
    for (const t of targets) await t.server.stop();
  };
  const rows: string[][] = [];
  const ratioRows: string[][] = [];
  const yearRows: string[][] = [];
  const verdicts: Verdict[] = [];
  try {
    targets.push({ label: 'floor', server: await startFloor(), world, inside: world.badges.map(() => false) });
    targets.push({ label: 'bare', server: await startBare(dir), world, inside: world.badges.map(() => false) });
    targets.push({ label: 'real', server: await startReal(world, { afterVerify: true }), world, inside: world.badges.map(() => false) });
    // Issue 20: the same workers with years of earlier events, generated once and cached (gen-history.ts);
    // each run works on a copy, so every run starts from the same history.
    for (const events of opts.history) {
      const h0 = performance.now();
      const history = ensureHistoryWorld(events, opts.workers, print);
      const copy = copyHistoryWorld(history, makeTempDir(`checkin-history-${events}`));
      print(`${history.reused ? 'reused cached' : 'generated'} ${history.dir} (${events.toLocaleString('en')} earlier events of the same ${opts.workers} workers over two years; ${fmt((performance.now() - h0) / 1000)} s with the copy)`);
      targets.push({ label: label(events), server: await startReal(copy, { afterVerify: true }), world: copy, inside: copy.badges.map(() => false) });
    }
    for (const c of opts.connections) {
      const tallies = new Map(targets.map((t) => [t.label, emptyTally()]));
      for (let round = 0; round < opts.rounds; round++) {
        const order = roundOrder(targets, round);
        for (const t of order) {
          const cpuBefore = cpuMicrosOf(t.server.child.pid);
          const result = await loadOnce({
            kind: t.server.name,
            url: t.server.url,
            token: t.server.name === 'real' ? t.world.kioskToken : null,
            areaId: t.world.areaId,
            connections: c,
            warmupMs: opts.warmupMs,
            durationMs: opts.durationMs,
            badges: t.world.badges,
            inside: t.inside,
            runTag: `b${Date.now().toString(36)}${t.label}${c}r${round}`,
          });
          const cpuAfter = cpuMicrosOf(t.server.child.pid);
          const p99 = percentile(result.latenciesMs.slice().sort(), 99);
          addCpu(tallies.get(t.label)!, cpuBefore, cpuAfter, result.total);
          tallies.get(t.label)!.perRound.push({
            rps: result.requests / result.seconds,
            p99,
            cpu: cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) / result.total,
          });
          t.inside = result.inside;
          add(tallies.get(t.label)!, result);
          print(`  C=${c} round ${round + 1}/${opts.rounds} ${t.label}: ${fmt(result.requests / result.seconds, 0)} req/s, p99 ${fmt(p99)} ms`);
        }
      }
      const summary = new Map([...tallies].map(([name, t]) => [name, summarise(t)]));
      for (const t of targets) {
        const s = summary.get(t.label)!;
        const tally = tallies.get(t.label)!;
        rows.push([String(c), t.label, fmt(s.rps, 0), fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.cpu, 0), String(tally.requests), String(tally.total), String(tally.non2xx), String(tally.errors), String(tally.refused), String(tally.outOfSequence)]);
        if (tally.non2xx + tally.errors + tally.refused > 0) print(`  ! ${t.label} at C=${c}: first problem: ${tally.sample}`);
      }
      const bare = summary.get('bare')!;
      const real = summary.get('real')!;
      const thr = ratio(real.rps, bare.rps);
      const p99 = ratio(real.p99, bare.p99);
      ratioRows.push([String(c), `${fmt(thr, 2)}×`, verdict(thr >= 0.8), `${fmt(p99, 2)}×`, verdict(p99 <= 1.5)]);
      const realTallies = targets.filter((t) => t.server.name === 'real').map((t) => tallies.get(t.label)!);
      const all2xx = [...tallies.values()].every((t) => t.non2xx + t.errors === 0);
      const refusals = realTallies.reduce((n, t) => n + t.refused, 0);
      verdicts.push({ name: `check-in C=${c} throughput real/bare`, ok: thr >= 0.8, detail: `${fmt(thr, 2)}× (target ≥ 0.8×, issue 3)` });
      verdicts.push({ name: `check-in C=${c} p99 real/bare`, ok: p99 <= 1.5, detail: `${fmt(p99, 2)}× (target ≤ 1.5×, issue 3)` });
      verdicts.push({
        name: `check-in C=${c} every response 2xx`,
        ok: all2xx && refusals === 0,
        detail: `non-2xx ${[...tallies.values()].reduce((n, t) => n + t.non2xx, 0)}, errors ${[...tallies.values()].reduce((n, t) => n + t.errors, 0)}, refusals ${refusals}`,
      });
      if (c === 50) {
        verdicts.push({ name: `later: check-in C=50 throughput real/bare`, ok: thr >= 3, detail: `${fmt(thr, 2)}× (target ≥ 3×, issue 7 group commit)` });
        verdicts.push({ name: `later: check-in C=50 p99 real/bare`, ok: p99 <= 1, detail: `${fmt(p99, 2)}× (target ≤ 1×, issue 7 group commit)` });
        const floor = summary.get('floor')!;
        verdicts.push({
          name: 'check-in C=50 server CPU per check-in, fresh database',
          ok: real.cpu <= 200,
          detail: `${fmt(real.cpu, 0)} µs (target ≤ 200 µs, issue 20); in the same run Hono and @hono/node-server alone answered the same body in ${fmt(floor.cpu, 0)} µs, and with one commit each (bare) in ${fmt(bare.cpu, 0)} µs`,
        });
      }
      for (const events of opts.history) {
        const years = summary.get(label(events))!;
        // The years against the fresh database round by round: each round's two runs are a minute apart
        // at most, while the machine's speed drifts by ±15 % over minutes (decision 0036). The pooled
        // figures over all rounds are printed beside them.
        const paired = pairedRatios(tallies.get(label(events))!.perRound, tallies.get('real')!.perRound);
        const pooled = { rps: ratio(years.rps, real.rps), p99: ratio(years.p99, real.p99), cpu: ratio(years.cpu, real.cpu) };
        yearRows.push([
          String(c), label(events),
          `${fmt(paired.rps.median, 2)}×`, verdict(paired.rps.median >= 0.95), `${fmt(paired.p99.median, 2)}×`, verdict(paired.p99.median <= 1.1), `${fmt(paired.cpu.median, 2)}×`,
          `${fmt(pooled.rps, 2)}× / ${fmt(pooled.p99, 2)}× / ${fmt(pooled.cpu, 2)}×`,
        ]);
        const of = (r: { median: number; rounds: number[] }, what: string) =>
          `${fmt(r.median, 2)}× (${what}; median of ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'}: ${r.rounds.map((x) => fmt(x, 2)).join(', ')})`;
        verdicts.push({ name: `check-in C=${c} at ${events.toLocaleString('en')} earlier events: throughput vs fresh`, ok: paired.rps.median >= 0.95, detail: of(paired.rps, `target ≥ 0.95×, issue 20; pooled ${fmt(pooled.rps, 2)}×`) });
        verdicts.push({ name: `check-in C=${c} at ${events.toLocaleString('en')} earlier events: p99 vs fresh`, ok: paired.p99.median <= 1.1, detail: of(paired.p99, `target ≤ 1.1×, issue 20; pooled ${fmt(pooled.p99, 2)}×`) });
        verdicts.push({ name: `check-in C=${c} at ${events.toLocaleString('en')} earlier events: server CPU per check-in vs fresh`, ok: true, noTarget: true, detail: `${fmt(years.cpu, 0)} µs against ${fmt(real.cpu, 0)} µs; ${of(paired.cpu, `pooled ${fmt(pooled.cpu, 2)}×`)}` });
      }
    }
  } finally {
    await stopAll();
  }
  print('');
  print(table(['C', 'server', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/check-in', 'measured', 'sent', 'non-2xx', 'errors', 'refused', 'out-of-seq'], rows));
  print('(absolute figures are this run on this shared machine only; the ratios are the result. CPU µs/check-in: the server process\'s');
  print(' user + system time from /proc over its runs, warm-ups included, divided by the requests it answered in them)');
  print('');
  print(table(['C', 'real/bare req/s', 'target ≥ 0.8×', 'real/bare p99', 'target ≤ 1.5×'], ratioRows));
  if (yearRows.length > 0) {
    print('');
    print(table(['C', 'database', 'req/s vs fresh', 'target ≥ 0.95×', 'p99 vs fresh', 'target ≤ 1.1×', 'CPU vs fresh', 'pooled req/s / p99 / CPU'], yearRows));
    print('(vs fresh: the median over the rounds of each round\'s ratio to the fresh database\'s run in the same round; pooled: over all rounds together)');
  }
  for (const t of targets.filter((x) => x.server.name === 'real')) {
    const log = t.server
      .stderr()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.includes('"level":"info"'))
      .join('\n');
    if (log) print(`${t.label} server stderr (${log.split('\n').length} lines), first: ${log.split('\n')[0]!.slice(0, 200)}`);
  }
  return verdicts;
}
