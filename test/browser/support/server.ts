import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import type { ServerType } from '@hono/node-server';
import { serveApp } from '../../../src/http/node-server.ts';
import { inject } from 'vitest';
import { openDatabase } from '../../../src/db/client.ts';
import { loadConfig } from '../../../src/config.ts';
import { systemClock } from '../../../src/clock.ts';
import { createLogger } from '../../../src/logger.ts';
import { signingKeyFromPem } from '../../../src/crypto/signing-key.ts';
import { GroupCommitter } from '../../../src/db/group-commit.ts';
import { LedgerIntegrity } from '../../../src/journal/integrity.ts';
import { createApp } from '../../../src/app.ts';
import type { Deps } from '../../../src/deps.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  origin: string;
  deps: Deps;
  dbPath: string;
  logs: string[];
  /** Stops listening (the database stays open): the kiosk sees the server as unreachable. */
  stop(): Promise<void>;
  /** Listens again on the same port and database. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app on a temporary copy of the migrated database, listening on 127.0.0.1. The browser opens
 * it as http://localhost:PORT, the WebAuthn origin in the config (localhost is a secure context).
 */
export async function startServer(opts: { cityPermissionDefault?: 'all' | 'none' } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-browser-'));
  const dbPath = join(dir, 'ledger.db');
  copyFileSync(inject('templateDb'), dbPath);
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const config = loadConfig({ DB_PATH: dbPath, SIGNING_KEY_PATH: join(dir, 'key.pem'), PORT: String(port), RP_ORIGIN: origin, LOG_LEVEL: 'warn', CITY_PERMISSION_DEFAULT: opts.cityPermissionDefault ?? 'none' });
  const { db, sqlite, close } = openDatabase(dbPath);
  const logs: string[] = [];
  const key = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const deps: Deps = { db, sqlite, clock: systemClock, config, signingKey: key, log: createLogger('warn', (l) => logs.push(l)), groupCommit: new GroupCommitter(sqlite), integrity: new LedgerIntegrity() };
  const app = createApp(deps);
  let server: ServerType | null = null;
  const start = () =>
    new Promise<void>((resolve) => {
      server = serveApp(app.fetch, port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const s = server;
      server = null;
      s.close(() => resolve());
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  await start();
  return {
    origin,
    deps,
    dbPath,
    logs,
    start,
    stop,
    close: async () => {
      await stop();
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
