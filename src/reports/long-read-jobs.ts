import type { LongReadJob } from './long-read.ts';
import { cityFilesJob } from '../contract-end/city-export.ts';
import { evidenceFilesJob } from '../contract-end/evidence.ts';
import { monthlyReportJob } from './monthly.ts';
import { verifyLedgerJob } from '../journal/ledger-check.ts';

/** Every long read the worker (long-read-worker.ts) runs, by name. Only the worker imports this list. */
export const JOBS: ReadonlyMap<string, LongReadJob<never, unknown>> = new Map(
  [monthlyReportJob, evidenceFilesJob, cityFilesJob, verifyLedgerJob].map((job) => [job.name, job as LongReadJob<never, unknown>]),
);
