import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { openDatabase } from './db/client.ts';
import { verifyJournal } from './journal/verify.ts';
import { issueSetupLink } from './auth/enrolments.ts';
import { runDemo } from './demo/demo.ts';
import { DAY_PATTERN } from './time.ts';

const USAGE = `usage: npm run cli -- <command> [options]

  setup-link            print a fresh one-time link for the first admin
  verify [--db PATH]    walk the journal's hash chain; exit 1 naming the first bad entry
  backup FILE [--db PATH]
                        copy the live database to FILE with SQLite's online backup
  demo [--day YYYY-MM-DD]
                        fill an empty database with a realistic sample (through the services);
                        with --day, also a working day of entries, exits, a visitor and a refusal
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' }, day: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [command, ...rest] = positionals;
  const env = values.db ? { ...process.env, DB_PATH: values.db } : process.env;
  switch (command) {
    case 'verify': {
      const path = values.db ?? loadConfig(env).dbPath;
      const { db, close } = openDatabase(path, { readonly: true });
      const result = verifyJournal(db);
      close();
      if (result.ok) {
        console.log(`ok: ${result.count} entries, head seq ${result.headSeq}, head hash ${result.headHash}`);
        return 0;
      }
      console.log(`FAILED at seq ${result.seq}: ${result.reason} (${result.message}); ${result.count} entries verified before it`);
      return 1;
    }
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
    case 'backup': {
      const file = rest[0];
      if (!file) {
        console.error('backup: name the FILE to write');
        return 2;
      }
      const path = values.db ?? loadConfig(env).dbPath;
      const { sqlite, close } = openDatabase(path, { readonly: true });
      try {
        const { totalPages } = await sqlite.backup(file);
        console.log(`backup written to ${file} (${totalPages} pages)`);
        return 0;
      } finally {
        close();
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
