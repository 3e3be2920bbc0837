import { ConfigError } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { createApp } from './app.ts';
import { serveApp } from './http/node-server.ts';
import { hasUsableAdmin, issueSetupLink } from './auth/enrolments.ts';
import { startCheckpointing } from './journal/checkpoint-schedule.ts';
import { checkpointWalInBackground } from './db/wal-checkpoints.ts';
import { startLedgerChecks } from './journal/ledger-check.ts';
import { startRefusal } from './journal/start-check.ts';
import { webauthn } from './auth/webauthn.ts';

function start() {
  let deps;
  try {
    deps = openDeps();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { config, log } = deps;
  const refusal = startRefusal(deps.db, deps.signingKey, config.checkpointPath);
  if (refusal) {
    console.error(`refusing to serve ${config.dbPath}: ${refusal}.\nIf this database is to be served anyway (a backup restored on purpose), record why first:\n  npm run cli -- acknowledge-rollback --reason "..." --operator "your name"`);
    deps.close();
    process.exit(3);
  }
  const stopCheckpointing = startCheckpointing(deps);
  const stopWalCheckpoints = checkpointWalInBackground(deps.sqlite, { onResult: (r) => 'error' in r && log.warn('WAL checkpoint failed', { error: r.error }) });
  const stopLedgerChecks = startLedgerChecks(deps);
  const server = serveApp(createApp(deps).fetch, config.port, config.host, (info) => {
    void webauthn();
    // The printed address is the passkey origin, not the bound socket: passkeys refuse any other address
    // (127.0.0.1 is "an invalid domain" to a browser), so the address a new user copies must be this one.
    log.info('listening', { url: config.rpOrigin, host: info.address, port: info.port, db: config.dbPath, timeZone: config.timeZone });
    console.log(`入退室・持込持出管理 listening on ${config.rpOrigin} (database ${config.dbPath})`);
    if (!hasUsableAdmin(deps.db, deps.clock.now())) {
      const link = issueSetupLink(deps);
      console.log(`\nNo admin yet. Open this one-time link to set up the first admin (expires ${link.expiresAt}):\n\n  ${link.url}\n`);
    }
  });
  const stop = () => {
    server.close(async () => {
      stopLedgerChecks();
      stopCheckpointing();
      await stopWalCheckpoints();
      deps.close();
      process.exit(0);
    });
    // Kiosks keep their connections alive; close them so that the stop does not wait for them.
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

start();
