import type { Deps } from '../deps.ts';
import { longRead, longReadJob } from '../reports/long-read.ts';
import { verifyJournal, type VerifyResult } from './verify.ts';

export const verifyLedgerJob = longReadJob('verifyLedger', (db, _args: Record<string, never>) => verifyJournal(db));

/**
 * The whole ledger verified by the server itself (issue 14): the chain and every table against it, in
 * the long-read worker on its own snapshot (the request loop never waits for it), at start and every
 * `verifyEveryMinutes`. A failure raises the integrity alarm: an incident, the console's and the kiosks'
 * alarm, and no more writes.
 */
export async function checkLedger(deps: Deps): Promise<VerifyResult> {
  const result = await longRead(deps, verifyLedgerJob, {});
  if (!result.ok) deps.integrity.raise(deps, { reason: result.reason, message: result.message, source: 'verify', at: new Date(deps.clock.now()).toISOString() });
  else deps.log.info('ledger verified', { entries: result.count, headSeq: result.headSeq });
  return result;
}

export function startLedgerChecks(deps: Deps): () => void {
  const run = () => {
    checkLedger(deps).catch((err: unknown) => deps.log.error('ledger verify did not run', { error: (err as Error).message }));
  };
  run();
  const minutes = deps.config.verifyEveryMinutes;
  if (minutes === 0) return () => {};
  const timer = setInterval(run, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
