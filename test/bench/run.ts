import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runCheckinBench, type CheckinOptions, type Verdict } from './checkin.ts';
import { runLedgerBench, type LedgerOptions } from './ledger.ts';
import { cleanupNow, installCleanupHandlers } from './lifecycle.ts';
import { verdict } from './stats.ts';

/**
 * `npm run bench [-- --quick] [-- --only checkin|ledger]`: the product's paths against bare baselines
 * started in the same run on the same machine. Only the ratios are claims; absolute figures are printed
 * for context and depend on whatever else this (shared) machine is doing.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});

const quick = values.quick === true;
const only = values.only;
if (only !== undefined && only !== 'checkin' && only !== 'ledger') {
  console.error('--only takes checkin or ledger');
  process.exit(2);
}

const checkin: CheckinOptions = quick
  ? { connections: [10, 50], warmupMs: 500, durationMs: 2_000, rounds: 1, workers: 200 }
  : { connections: [10, 50], warmupMs: 2_000, durationMs: 10_000, rounds: 2, workers: 200 };
const ledger: LedgerOptions = quick ? { events: 200_000, rounds: 3 } : { events: 5_000_000, rounds: 10 };

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  installCleanupHandlers();
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  print(`bench (${quick ? 'quick' : 'full'}): node ${process.version}, ${availableParallelism()} cpus (${cpu}), ${process.platform}/${process.arch}`);
  print('');
  const verdicts: Verdict[] = [];
  if (only !== 'ledger') {
    print(
      `== check-in: POST through the real server vs bare Hono + better-sqlite3 (WAL, synchronous=FULL), keep-alive, ` +
        `${checkin.warmupMs / 1000} s warm-up + ${checkin.durationMs / 1000} s measured, ${checkin.rounds} round(s) per C` +
        (checkin.rounds > 1 ? ' alternating which server goes first' : ''),
    );
    verdicts.push(...(await runCheckinBench(checkin, print)));
    print('');
  }
  if (only !== 'checkin') {
    print(`== daily ledger of one area at ${ledger.events.toLocaleString('en')} events: buildDailyLedger vs the bare indexed range scan, ${ledger.rounds} alternating rounds`);
    verdicts.push(...(await runLedgerBench(ledger, print)));
    print('');
  }
  print('== targets');
  for (const v of verdicts) print(`${verdict(v.ok)}  ${v.name}: ${v.detail}`);
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
