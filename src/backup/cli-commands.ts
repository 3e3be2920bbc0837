import { constants as fsConstants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { snapshotDatabase } from '../db/backup.ts';
import { verifyJournal } from '../journal/verify.ts';

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

/** A copy's integrity and its journal's chain: what a backup and a restore must both show before "ok". */
export function checkCopy(path: string, opts: { readonly: boolean }): { ok: boolean; summary: string } {
  const { db, sqlite, close } = openDatabase(path, opts);
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    const journal = verifyJournal(db);
    if (integrity !== 'ok' || !journal.ok) {
      return { ok: false, summary: `integrity ${String(integrity)}; journal ${journal.ok ? 'ok' : `${journal.reason} at seq ${journal.seq}`}` };
    }
    return { ok: true, summary: `integrity ok; journal ok, ${journal.count} entries, head hash ${journal.headHash}` };
  } finally {
    close();
  }
}

class CopyCheckFailed extends Error {}

/**
 * `backup FILE`: a snapshot of the live database (VACUUM INTO, see snapshotDatabase), progress on
 * stderr, and "written" on stdout only once the copy has passed checkCopy and has its name.
 */
export async function backupCommand(dbPath: string, file: string | undefined): Promise<number> {
  if (!file) {
    console.error('backup: name the FILE to write');
    return 2;
  }
  const progress = (line: string) => void process.stderr.write(`${line}\n`);
  let summary = '';
  try {
    const result = await snapshotDatabase(dbPath, file, {
      onProgress: ({ written, expected }) => progress(`backup: ${mb(written)} of ~${mb(expected)} MB written`),
      check: (copy) => {
        progress('backup: copy written; checking its integrity and its journal');
        const checked = checkCopy(copy, { readonly: true });
        if (!checked.ok) throw new CopyCheckFailed(checked.summary);
        summary = checked.summary;
      },
    });
    console.log(`backup written to ${result.file} (${mb(result.bytes)} MB in ${(result.ms / 1000).toFixed(1)} s): ${summary}`);
    return 0;
  } catch (err) {
    if (!(err instanceof CopyCheckFailed)) throw err;
    console.log(`backup FAILED: the copy does not check out (${err.message}); ${file} was not written`);
    return 1;
  }
}

/** `restore BACKUP --to NEWPATH`: never over an existing file; the restored copy is checked like a backup. */
export function restoreCommand(backup: string | undefined, to: string | undefined): number {
  if (!backup || !to) {
    console.error('restore: usage: restore BACKUP --to NEWPATH');
    return 2;
  }
  if (!existsSync(backup)) {
    console.error(`restore: ${backup} does not exist`);
    return 2;
  }
  if (existsSync(to)) {
    console.error(`restore: ${to} exists; restore into a new path and switch DB_PATH to it`);
    return 2;
  }
  mkdirSync(dirname(resolve(to)), { recursive: true });
  copyFileSync(backup, to, fsConstants.COPYFILE_EXCL);
  // Opened for writing, so that the restored file is in WAL mode like the one the server made (a
  // backup is written in rollback mode).
  const checked = checkCopy(to, { readonly: false });
  if (!checked.ok) {
    console.log(`restored to ${to}, but it does not check out: ${checked.summary}`);
    return 1;
  }
  console.log(`restored to ${to}: ${checked.summary}`);
  return 0;
}
