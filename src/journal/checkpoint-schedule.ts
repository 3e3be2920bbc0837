import type { Deps } from '../deps.ts';
import { dayBounds, workingDay } from '../time.ts';
import { journalHead } from './read.ts';
import { readCheckpoints, writeCheckpoint, type Checkpoint } from './checkpoints.ts';

const POLL_MS = 10_000;

/**
 * Writes signed checkpoints while the server runs: at start, every `checkpointEvery` new entries
 * (polled; it only reads the journal head), at each working day's close in the ledger's time zone,
 * and at a clean stop. Returns the function that stops it (writing the stop checkpoint).
 */
export function startCheckpointing(deps: Deps): () => void {
  const { config, signingKey, log } = deps;
  let lastSeq = readCheckpoints(config.checkpointPath).at(-1)?.seq ?? 0;
  const write = (reason: Checkpoint['reason']) => {
    try {
      const written = writeCheckpoint(deps.db, signingKey, config.checkpointPath, reason, deps.clock.now());
      if (written) lastSeq = written.seq;
    } catch (err) {
      log.error('checkpoint not written', { reason, error: (err as Error).message });
    }
  };
  write('start');
  const poll = setInterval(() => {
    if (journalHead(deps.db).seq - lastSeq >= config.checkpointEvery) write('interval');
  }, POLL_MS);
  poll.unref();
  let dayTimer: NodeJS.Timeout;
  const scheduleDayClose = () => {
    const now = deps.clock.now();
    const end = dayBounds(workingDay(now, config.timeZone), config.timeZone).end;
    dayTimer = setTimeout(() => {
      write('day_close');
      scheduleDayClose();
    }, Math.max(1000, end - now + 1000));
    dayTimer.unref();
  };
  scheduleDayClose();
  return () => {
    clearInterval(poll);
    clearTimeout(dayTimer);
    write('stop');
  };
}
