import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

/**
 * The bare baseline (child process): Hono + @hono/node-server + better-sqlite3 on its own file with
 * the product's durability (WAL, synchronous=FULL), one INSERT in one transaction per request.
 * Whatever the real check-in (POST /checkin) or kiosk movement (POST /movement) costs beyond this is
 * the product's own overhead.
 *
 * With `--floor` instead of a path, the same app answers without a database: what Hono and
 * @hono/node-server alone cost per request on this machine in this run (issue 20's CPU figure is read
 * against it).
 */
interface MovementBody {
  idempotencyKey: string;
  areaId: number;
  direction: string;
  scannedCode: string;
  accessEventId: number;
}

interface Body {
  idempotencyKey: string;
  areaId: number;
  direction: string;
  identification: { payload: string };
}

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: bare-server.ts DB_PATH|--floor');
const { insertOne, insertMovementOne, close } = dbPath === '--floor' ? countOnly() : openBareDb(dbPath);

function countOnly() {
  let rows = 0;
  return { insertOne: (_row: unknown[]) => ++rows, insertMovementOne: (_row: unknown[]) => ++rows, close: () => {} };
}

function openBareDb(dbPath: string) {
  const sqlite = new Database(dbPath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  if (sqlite.pragma('synchronous', { simple: true }) !== 2) throw new Error('bare: synchronous is not FULL');
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS checkins (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      area_id INTEGER NOT NULL,
      direction TEXT NOT NULL,
      payload TEXT NOT NULL,
      idempotency_key TEXT NOT NULL,
      occurred_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS checkins_area_time_idx ON checkins (area_id, occurred_at);
    CREATE TABLE IF NOT EXISTS movements (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      area_id INTEGER NOT NULL,
      direction TEXT NOT NULL,
      scanned_code TEXT NOT NULL,
      access_event_id INTEGER NOT NULL,
      idempotency_key TEXT NOT NULL,
      occurred_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS movements_area_time_idx ON movements (area_id, occurred_at);
  `);

  const insert = sqlite.prepare('INSERT INTO checkins (area_id, direction, payload, idempotency_key, occurred_at) VALUES (?, ?, ?, ?, ?)');
  const insertOne = sqlite.transaction((row: [number, string, string, string, number]) => insert.run(...row).lastInsertRowid);

  const insertMovement = sqlite.prepare(
    'INSERT INTO movements (area_id, direction, scanned_code, access_event_id, idempotency_key, occurred_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertMovementOne = sqlite.transaction((row: [number, string, string, number, string, number]) => insertMovement.run(...row).lastInsertRowid);

  return { insertOne, insertMovementOne, close: () => sqlite.close() };
}

const app = new Hono().post('/checkin', async (c) => {
  const b = await c.req.json<Body>();
  const occurredAt = Date.now();
  const id = insertOne([b.areaId, b.direction, b.identification.payload, b.idempotencyKey, occurredAt]);
  return c.json({ id: Number(id), areaId: b.areaId, direction: b.direction, occurredAt: new Date(occurredAt).toISOString() }, 201);
}).post('/movement', async (c) => {
  // The movement baseline (custody.ts): the same body as POST /api/kiosk/movements, one INSERT.
  const b = await c.req.json<MovementBody>();
  const occurredAt = Date.now();
  const id = insertMovementOne([b.areaId, b.direction, b.scannedCode, b.accessEventId, b.idempotencyKey, occurredAt]);
  return c.json({ movement: { id: Number(id), areaId: b.areaId, direction: b.direction, result: 'accepted', occurredAt: new Date(occurredAt).toISOString() } }, 201);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ port: info.port });
});

process.once('SIGTERM', () =>
  server.close(() => {
    close();
    process.exit(0);
  }),
);
