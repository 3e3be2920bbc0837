import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Actor } from '../actor.ts';
import { openDeps } from '../bootstrap.ts';
import type { Config } from '../config.ts';
import { sweepAnomalies } from '../anomalies/sweep.ts';
import { exportForCity } from './city-export.ts';
import { exportEvidence, MAX_EVIDENCE_DAYS } from './evidence.ts';
import { formatErasureReport, purgePersonalData, PurgeRefusedError } from './purge.ts';
import { DatabaseInUseError } from './purge-sqlite.ts';
import { ExportTargetError } from './writer.ts';
import { DAY_PATTERN } from '../time.ts';

/** CLI output goes to stdout for the operator (the logger is for the server's records). */
const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** Who runs a CLI command: the operating-system account, and the name the operator gives, if any. */
export function cliActor(operator?: string): Actor & { type: 'system' } {
  const account = `cli:${userInfo().username}`;
  return { type: 'system', name: operator ? `${operator} (${account})` : account };
}

async function withDeps<T>(config: Config, operator: string | undefined, run: (ctx: { deps: ReturnType<typeof openDeps>; actor: Actor; requestId: null }) => Promise<T>): Promise<T> {
  const deps = openDeps({ config });
  try {
    return await run({ deps, actor: cliActor(operator), requestId: null });
  } finally {
    deps.close();
  }
}

/** `export DIR`: everything for the city (E6) into a new, empty directory. */
export async function exportCommand(config: Config, dir: string | undefined, operator?: string): Promise<number> {
  if (!dir) {
    console.error('export: name the DIR to write (a new or empty directory)');
    return 2;
  }
  try {
    const out = await withDeps(config, operator, (ctx) => exportForCity(ctx, resolve(dir)));
    const j = out.manifest.journal as { ok: boolean; headSeq?: number; headHash?: string };
    print(`export written to ${out.dir}: ${out.manifest.files.length} files; journal ${j.ok ? `ok, head seq ${j.headSeq}, head hash ${j.headHash}` : 'DOES NOT VERIFY'}; manifest.json sha256 ${out.manifestSha256}`);
    return j.ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof ExportTargetError)) throw err;
    console.error(`export: ${err.message}`);
    return 2;
  }
}

/** `evidence DIR --from DAY --to DAY`: the inspection package (E5). */
export async function evidenceCommand(config: Config, dir: string | undefined, from: string | undefined, to: string | undefined, operator?: string): Promise<number> {
  if (!dir || !from || !to || !DAY_PATTERN.test(from) || !DAY_PATTERN.test(to) || from > to || (Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_EVIDENCE_DAYS) {
    console.error(`evidence: usage: evidence DIR --from YYYY-MM-DD --to YYYY-MM-DD (at most ${MAX_EVIDENCE_DAYS} days)`);
    return 2;
  }
  try {
    const out = await withDeps(config, operator, (ctx) => exportEvidence(ctx, resolve(dir), { from, to }));
    print(`evidence package written to ${out.dir}: ${out.manifest.files.length} files; manifest.json sha256 ${out.manifestSha256}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ExportTargetError)) throw err;
    console.error(`evidence: ${err.message}`);
    return 2;
  }
}

/** `sweep`: long stays still open and assets overdue for return (B7, E4); for a timer (cron). */
export async function sweepCommand(config: Config): Promise<number> {
  const out = await withDeps(config, undefined, async (ctx) => sweepAnomalies(ctx));
  print(`sweep at ${out.at}: ${out.longStays.length} long stays, ${out.overdueAssets.length} overdue assets (incidents opened)`);
  return 0;
}

async function confirmed(dbPath: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`This erases every name, reading, contact and nationality in ${dbPath}, and the content of every journal entry.\nIt cannot be undone. Type PURGE to go on: `);
    return answer.trim() === 'PURGE';
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

/**
 * `purge [--yes]`: the contract-end erasure (E6). Stop the server first: the purge takes the database
 * exclusively and refuses while any other process has it open.
 */
export async function purgeCommand(config: Config, opts: { yes: boolean; operator?: string | undefined; allowWithoutExport: boolean }): Promise<number> {
  const dbPath = resolve(config.dbPath);
  if (!opts.yes && !(await confirmed(dbPath))) {
    console.error('purge: not confirmed; nothing was changed');
    return 1;
  }
  try {
    const out = purgePersonalData({ dbPath, by: cliActor(opts.operator).name, now: Date.now(), allowWithoutExport: opts.allowWithoutExport });
    print(formatErasureReport(out));
    return out.verification.ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof DatabaseInUseError || err instanceof PurgeRefusedError)) throw err;
    console.error(`purge: ${err.message}; nothing was changed`);
    return 1;
  }
}
