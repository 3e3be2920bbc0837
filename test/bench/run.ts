import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runCheckinBench, type CheckinOptions, type Verdict } from './checkin.ts';
import { runLedgerBench, type LedgerOptions } from './ledger.ts';
import { runCustodyBench, type CustodyOptions } from './custody.ts';
import { runLabelsBench, type LabelsOptions } from './labels.ts';
import { runLongReadsBench, verifyRate, type LongReadsOptions } from './long-reads.ts';
import { ensureJournalDb } from './gen-journal.ts';
import { cleanupNow, installCleanupHandlers } from './lifecycle.ts';
import { buildServer } from './servers.ts';
import { fmt, verdict } from './stats.ts';

/**
 * `npm run bench [-- --quick] [-- --only checkin|ledger|custody|labels|long-reads|verify] [-- --verify-rounds N]`: the product's paths against bare baselines
 * started in the same run on the same machine. Only the ratios are claims; absolute figures are printed
 * for context and depend on whatever else this (shared) machine is doing.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    // At 5 M events one round of the three verify readers takes many minutes on a shared machine.
    'verify-rounds': { type: 'string' },
  },
});

const quick = values.quick === true;
const PARTS = ['checkin', 'ledger', 'custody', 'labels', 'long-reads', 'verify'] as const;
type Part = (typeof PARTS)[number];
const only = values.only;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`--only takes ${PARTS.join(', ')}`);
  process.exit(2);
}
const runs = (part: Part) => only === undefined || only === part;

// BENCH_CHECKIN_HISTORY=1000000 (comma-separated, empty for none) measures other history sizes than 1 M and 5 M.
const history = process.env.BENCH_CHECKIN_HISTORY === undefined ? [1_000_000, 5_000_000] : process.env.BENCH_CHECKIN_HISTORY.split(',').filter(Boolean).map(Number);
const checkin: CheckinOptions = quick
  ? { connections: [10, 50], warmupMs: 500, durationMs: 2_000, rounds: 1, workers: 200, history }
  : { connections: [10, 50], warmupMs: 2_000, durationMs: 8_000, rounds: 7, workers: 200, history };
const ledger: LedgerOptions = quick ? { events: 200_000, rounds: 3 } : { events: 5_000_000, rounds: 10 };
// Counted, not timed: each real carry-in uses up an approved request (see custody-loadgen.ts).
const custody: CustodyOptions = quick
  ? { assets: 100_000, workers: 50, connections: 10, warmup: 200, measured: 1_500, rounds: 1 }
  : { assets: 100_000, workers: 50, connections: 10, warmup: 1_000, measured: 6_000, rounds: 2 };
const labels: LabelsOptions = quick ? { labels: 1_000, rounds: 5 } : { labels: 1_000, rounds: 15 };
const longReads: LongReadsOptions = quick
  ? { monthEvents: 40_000, connections: 50, warmupMs: 500, durationMs: 3_000, rounds: 1, largeEvents: 200_000, verifyRounds: 1, startRounds: 3 }
  : { monthEvents: 400_000, connections: 50, warmupMs: 2_000, durationMs: 10_000, rounds: 2, largeEvents: 5_000_000, verifyRounds: 1, startRounds: 5 };

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  installCleanupHandlers();
  buildServer();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  print(`bench (${quick ? 'quick' : 'full'}): node ${process.version}, ${availableParallelism()} cpus (${cpu}), ${process.platform}/${process.arch}`);
  print('');
  const verdicts: Verdict[] = [];
  if (runs('checkin')) {
    print(
      `== check-in: POST through the real server vs bare Hono + better-sqlite3 (WAL, synchronous=FULL), keep-alive, ` +
        `${checkin.warmupMs / 1000} s warm-up + ${checkin.durationMs / 1000} s measured, ${checkin.rounds} round(s) per C` +
        (checkin.rounds > 1 ? ', the years databases just before and after the fresh one, every other round reversed' : '') +
        (checkin.history.length > 0 ? `; the real server also on databases holding ${checkin.history.map((n) => n.toLocaleString('en')).join(' and ')} earlier events (issue 20)` : '') +
        '; floor: the bare app without its database',
    );
    verdicts.push(...(await runCheckinBench(checkin, print)));
    print('');
  }
  if (runs('ledger')) {
    print(`== daily ledger of one area at ${ledger.events.toLocaleString('en')} events: buildDailyLedger vs the bare indexed range scan, ${ledger.rounds} alternating rounds`);
    verdicts.push(...(await runLedgerBench(ledger, print)));
    print('');
  }
  if (runs('custody')) {
    print(
      `== kiosk movement at ${custody.assets.toLocaleString('en')} registered assets: POST /api/kiosk/movements through the real server vs the bare baseline ` +
        `(one INSERT, WAL, synchronous=FULL), keep-alive, C=${custody.connections}, ${custody.warmup} warm-up + ${custody.measured} measured carry-ins per round, ` +
        `${custody.rounds} round(s)` + (custody.rounds > 1 ? ' alternating which server goes first' : ''),
    );
    verdicts.push(...(await runCustodyBench(custody, print)));
    print('');
  }
  if (runs('labels')) {
    print(`== label sheet of ${labels.labels}: labelSheet vs QRCode.create of the same payloads alone, ${labels.rounds} alternating rounds`);
    verdicts.push(...(await runLabelsBench(labels, print)));
    print('');
  }
  if (runs('long-reads')) {
    print(
      `== long reads: check-in p99 (C=${longReads.connections}) while a month of ${longReads.monthEvents.toLocaleString('en')} events exports, and the server's RSS; ` +
        `verify against reading and hashing the same rows; server start at ${longReads.largeEvents.toLocaleString('en')} events`,
    );
    verdicts.push(...(await runLongReadsBench(longReads, print)));
    print('');
  }
  if (only === 'verify') {
    // The verify rates alone (they are part of long-reads too): the generated journal database and three readers.
    print(`== verify at ${longReads.largeEvents.toLocaleString('en')} events with their journal: chain only, chain + tables, against reading and hashing the same rows`);
    const gen = ensureJournalDb(longReads.largeEvents, print);
    print(gen.reused ? `reused cached ${gen.path}` : `generated ${gen.path} in ${fmt(gen.seconds)} s (cached for the next run)`);
    verdicts.push(...(await verifyRate({ verifyRounds: values['verify-rounds'] ? Number(values['verify-rounds']) : quick ? 1 : 3 }, gen.path, print)));
    print('');
  }
  print('== targets');
  for (const v of verdicts) print(`${v.noTarget ? 'INFO' : verdict(v.ok)}  ${v.name}: ${v.detail}`);
  if (verdicts.length === 0) print('(none measured)');
}

main().then(
  () => {
    cleanupNow();
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    cleanupNow();
    process.exit(1);
  },
);
