import type { Deps } from '../deps.ts';
import { dayBounds, workingDay } from '../time.ts';
import { journalHead } from './read.ts';
import { lastCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoints.ts';

/**
 * Writes signed checkpoints while the server runs: at start, within `checkpointIntervalMs` (a second) of
 * any new entry (polled; it only reads the journal head), at each working day's close in the ledger's
 * time zone, and at a clean stop. Each is handed to the witnesses (deps.integrity) as it is written, so
 * no more than about a second of acknowledged entries stands without a signed checkpoint outside the
 * server. Returns the function that stops it (writing the stop checkpoint).
 */
export function startCheckpointing(deps: Deps): () => void {
  const { config, signingKey, log } = deps;
  let last: Checkpoint | null = lastCheckpoint(config.checkpointPath);
  if (last) deps.integrity.publish(last);
  const write = (reason: Checkpoint['reason']) => {
    try {
      const written = writeCheckpoint(deps.db, signingKey, config.checkpointPath, reason, deps.clock.now(), last);
      if (written) {
        last = written;
        deps.integrity.publish(written);
      }
    } catch (err) {
      log.error('checkpoint not written', { reason, error: (err as Error).message });
    }
  };
  write('start');
  const poll = setInterval(() => {
    if (journalHead(deps.db).seq !== (last?.seq ?? 0)) write('interval');
  }, config.checkpointIntervalMs);
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
