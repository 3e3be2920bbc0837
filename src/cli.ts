import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { openDatabase } from './db/client.ts';
import { verifyJournal } from './journal/verify.ts';
import { readCheckpoints, verifyCheckpoints } from './journal/checkpoints.ts';
import { publicKeyFromFile } from './crypto/signing-key.ts';
import { existsSync } from 'node:fs';
import { issueSetupLink } from './auth/enrolments.ts';
import { runDemo } from './demo/demo.ts';
import { acknowledgeRollback } from './journal/start-check.ts';
import { DAY_PATTERN } from './time.ts';
import { backupCommand, restoreCommand } from './backup/cli-commands.ts';
import { evidenceCommand, exportCommand, purgeCommand, sweepCommand } from './contract-end/cli-commands.ts';

const USAGE = `usage: npm run cli -- <command> [options]

  setup-link            print a fresh one-time link for the first admin
  verify [--db PATH] [--checkpoints FILE] [--public-key PEM]
                        walk the journal's hash chain and check the signed checkpoints;
                        exit 1 naming the first bad entry, or a rollback
  backup FILE [--db PATH]
                        copy the live database to FILE (a snapshot taken while the server runs),
                        progress on stderr; FILE is replaced only by a copy whose integrity and
                        journal check out
  restore BACKUP --to NEWPATH
                        copy a backup to a new database path (never over an existing file),
                        then check its integrity and its journal
  demo [--day YYYY-MM-DD]
                        fill an empty database with a realistic sample (through the services);
                        with --day, also a working day of entries, exits, a visitor and a refusal
  sweep [--db PATH]     raise long-stay anomalies for people still inside and open incidents
                        for assets overdue for return (run it from a timer)
  export DIR [--db PATH] [--operator NAME]
                        write everything for the city at contract end into DIR (new or empty):
                        every table as CSV, the journal as JSONL, its verification, manifest.json
  evidence DIR --from YYYY-MM-DD --to YYYY-MM-DD [--db PATH] [--operator NAME]
                        write a dated evidence package for an inspection into DIR
  acknowledge-rollback --reason TEXT --operator NAME [--db PATH]
                        let the server start on a database that is behind or off its signed
                        checkpoints (a backup restored on purpose): journals the acknowledgement,
                        keeps the old checkpoint file aside and checkpoints the head anew
  purge [--yes] [--db PATH] [--operator NAME] [--allow-without-export]
                        erase personal data at contract end (asks for confirmation unless --yes);
                        stop the server first: it refuses while another process has the database
                        open, and refuses before an export for the city has been written
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: {
      db: { type: 'string' },
      day: { type: 'string' },
      checkpoints: { type: 'string' },
      'public-key': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      operator: { type: 'string' },
      reason: { type: 'string' },
      yes: { type: 'boolean' },
      'allow-without-export': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  const env = values.db ? { ...process.env, DB_PATH: values.db } : process.env;
  switch (command) {
    case 'verify':
      return verifyCommand(env, values);
    case 'setup-link': {
      const deps = openDeps({ config: loadConfig(env) });
      try {
        const link = issueSetupLink(deps);
        console.log(`First-admin setup link (one use, expires ${link.expiresAt}):\n\n  ${link.url}\n`);
        return 0;
      } finally {
        deps.close();
      }
    }
    case 'backup':
      return backupCommand(values.db ?? loadConfig(env).dbPath, rest[0]);
    case 'restore':
      return restoreCommand(rest[0], values.to);
    case 'sweep':
      return sweepCommand(loadConfig(env));
    case 'export':
      return exportCommand(loadConfig(env), rest[0], values.operator);
    case 'evidence':
      return evidenceCommand(loadConfig(env), rest[0], values.from, values.to, values.operator);
    case 'purge':
      return purgeCommand(loadConfig(env), { yes: values.yes ?? false, operator: values.operator, allowWithoutExport: values['allow-without-export'] ?? false });
    case 'acknowledge-rollback': {
      if (!values.reason?.trim() || !values.operator?.trim()) {
        console.error('acknowledge-rollback: give --reason and --operator');
        return 2;
      }
      const deps = openDeps({ config: loadConfig(env) });
      try {
        const done = acknowledgeRollback(deps, { operator: values.operator.trim(), reason: values.reason.trim() });
        if (!done) {
          console.log('nothing to acknowledge: the journal holds every signed checkpoint');
          return 0;
        }
        console.log(`acknowledged at journal seq ${done.entrySeq}: ${done.refusal}${done.keptAs ? `\nthe old checkpoints are kept in ${done.keptAs}` : ''}\nnew checkpoint: seq ${done.checkpoint?.seq} ${done.checkpoint?.hash}`);
        return 0;
      } finally {
        deps.close();
      }
    }
    case 'demo': {
      const deps = openDeps({ config: loadConfig(env) });
      try {
        if (values.day !== undefined && !DAY_PATTERN.test(values.day)) {
          console.error('demo: --day must be YYYY-MM-DD');
          return 2;
        }
        const summary = await runDemo(deps, { day: values.day });
        console.log(summary);
        return 0;
      } finally {
        deps.close();
      }
    }
    default:
      console.error(USAGE);
      return values.help ? 0 : 2;
  }
}

function verifyCommand(env: Record<string, string | undefined>, values: { db?: string; checkpoints?: string; 'public-key'?: string }): number {
  const config = loadConfig(env);
  const path = values.db ?? config.dbPath;
  const { db, sqlite, close } = openDatabase(path, { readonly: true });
  try {
    // verify opens the file read-only and never migrates it: a database from before the row seals is
    // sealed by the server (or any read-write command) when it is first opened by this version.
    if (!(sqlite.prepare("SELECT name FROM pragma_table_info('journal')").pluck().all() as string[]).includes('row_seals')) {
      console.log(`this database predates the table seals (migration 0012): start the server on it once (or run \`npm run cli -- setup-link\`), which migrates it and seals its tables, then verify`);
      return 2;
    }
    const result = verifyJournal(db);
    if (!result.ok) {
      console.log(`FAILED at seq ${result.seq}: ${result.reason} (${result.message}); ${result.count} entries verified before it`);
      return 1;
    }
    const file = values.checkpoints ?? `${path}.checkpoints`;
    const checkpoints = readCheckpoints(file);
    let checked = 'no checkpoint file';
    if (checkpoints.length > 0) {
      const keyFile = values['public-key'] ?? (existsSync(`${config.signingKeyPath}.pub`) ? `${config.signingKeyPath}.pub` : config.signingKeyPath);
      if (!existsSync(keyFile)) {
        console.log(`FAILED: ${checkpoints.length} checkpoints in ${file} but no key to check them (give --public-key)`);
        return 1;
      }
      const problem = verifyCheckpoints(db, checkpoints, publicKeyFromFile(keyFile), result.headSeq);
      if (problem) {
        console.log(`FAILED at seq ${problem.seq}: ${problem.reason} (${problem.message})`);
        return 1;
      }
      checked = `${checkpoints.length} signed checkpoints hold (last at seq ${checkpoints.at(-1)!.seq})`;
    }
    console.log(`ok: ${result.count} entries, head seq ${result.headSeq}, head hash ${result.headHash}; ${checked}`);
    return 0;
  } finally {
    close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
