import type { Tx } from '../db/client.ts';
import { writeCityFiles, type CityFilesArgs } from '../contract-end/city-export.ts';
import { writeEvidenceFiles, type EvidenceFilesArgs } from '../contract-end/evidence.ts';
import { monthlyReportOn } from './monthly.ts';
import { verifyJournal } from '../journal/verify.ts';

/**
 * The long reads that run in the worker (long-read.ts), by name: each reads on the snapshot it is
 * given, takes plain data and returns plain data (both cross a thread boundary).
 */
export const JOBS = {
  monthlyReport: (db: Tx, a: { timeZone: string; month: string; now: number }) => monthlyReportOn(db, a.timeZone, a.month, a.now),
  evidenceFiles: (db: Tx, a: EvidenceFilesArgs) => writeEvidenceFiles(db, a),
  cityFiles: (db: Tx, a: CityFilesArgs) => writeCityFiles(db, a),
  verifyLedger: (db: Tx, _a: Record<string, never>) => verifyJournal(db),
};
