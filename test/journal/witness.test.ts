import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../src/db/schema/index.ts';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCheckpointing } from '../../src/journal/checkpoint-schedule.ts';
import { acknowledgeRollback, startRefusal } from '../../src/journal/start-check.ts';
import { journalHead } from '../../src/journal/read.ts';
import { badgeAt, ledgerWorld, tokyo, worker, type LedgerWorld } from '../ledger/ledger-world.ts';
import { badgeEvent } from '../support/world.ts';

/**
 * Issue 14, item 3: the tail is witnessed outside the server. Every answer carries the latest signed
 * checkpoint, within a second of any entry; the kiosk keeps the highest and presents it; a server whose
 * chain does not contain it raises the alarm, opens an incident and writes nothing more.
 */

/** A world whose server checkpoints every 100 ms, as the real one does every second. */
async function witnessedWorld() {
  const w = await ledgerWorld();
  w.env.deps.config.checkpointIntervalMs = 100;
  const stop = startCheckpointing(w.env.deps);
  const who = await worker(w);
  return { w, who, stop };
}

/** Waits until the server has checkpointed its head, then lets the kiosk read it (any answer carries it). */
async function kioskWitnessesHead(w: LedgerWorld) {
  const head = journalHead(w.env.deps.db).seq;
  await expect.poll(async () => (await w.kiosk.get('/api/kiosk/me')).headers.get('x-ledger-checkpoint') && w.kiosk.witness?.seq).toBe(head);
  return head;
}

/** The attacker, on their own connection with the triggers dropped. */
function tamper(dbPath: string, fn: (db: Database.Database) => void) {
  const db = new Database(dbPath);
  try {
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER "${t}"`);
    fn(db);
  } finally {
    db.close();
  }
}

function incidents(w: LedgerWorld) {
  return w.env.deps.sqlite.prepare('SELECT kind, title FROM incidents').all() as { kind: string; title: string }[];
}

describe('E2: the kiosk witnesses the chain (issue 14)', () => {
  it('every kiosk answer carries a signed checkpoint of the head within the interval', async () => {
    const { w, who, stop } = await witnessedWorld();
    try {
      await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
      const head = await kioskWitnessesHead(w);
      const held = JSON.parse(w.kiosk.witness!.text);
      expect(held).toMatchObject({ seq: head, hash: journalHead(w.env.deps.db).hash, keyId: w.env.deps.signingKey.keyId });
      // The kiosk presents it with its next request, and an honest server takes it without a word.
      expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'out'))).status).toBe(201);
      expect(w.env.deps.integrity.alarm).toBeNull();
    } finally {
      stop();
    }
  });

  it('entries cut off after the last checkpoint (a kill, then the tail deleted) are caught by the kiosk: alarm, incident, no more writes', async () => {
    const { w, who, stop } = await witnessedWorld();
    try {
      await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
      await badgeAt(w, who, 'out', tokyo('2026-11-20T12:00'));
      const head = await kioskWitnessesHead(w);
      stop();
      tamper(w.env.dbPath, (db) => {
        db.prepare('DELETE FROM journal WHERE seq > ?').run(head - 2);
        db.prepare('DELETE FROM access_events WHERE id = (SELECT max(id) FROM access_events)').run();
      });
      w.env.clock.set(tokyo('2026-11-20T13:00'));
      const refused = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'in'));
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('LEDGER_HALTED');
      expect(refused.headers.get('x-ledger-alarm')).toBe('rollback');
      expect(w.env.deps.integrity.alarm).toMatchObject({ reason: 'rollback', source: 'witness' });
      expect(incidents(w)).toEqual([expect.objectContaining({ kind: 'other', title: expect.stringContaining('改ざん') })]);
      // Staff writes are refused too; reads still answer, with the alarm, and sign-in stays open.
      const staffWrite = await w.admin.client.post('/api/organisations', { name: '新しい組織', kana: 'あたらしい' });
      expect(staffWrite.status).toBe(503);
      const status = await w.supervisor.client.get('/api/integrity');
      expect(status.status).toBe(200);
      expect(status.body.alarm).toMatchObject({ reason: 'rollback' });
    } finally {
      stop();
    }
  });

  it('an entry rewritten at the witnessed seq is caught as a mismatch', async () => {
    const { w, who, stop } = await witnessedWorld();
    try {
      await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
      const head = await kioskWitnessesHead(w);
      stop();
      tamper(w.env.dbPath, (db) => db.prepare('UPDATE journal SET hash = ? WHERE seq = ?').run('0'.repeat(64), head));
      const refused = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'out'));
      expect(refused.status).toBe(503);
      expect(w.env.deps.integrity.alarm).toMatchObject({ reason: 'checkpoint_mismatch' });
    } finally {
      stop();
    }
  });

  it('a staff browser is a witness too, and a checkpoint not signed by the server proves nothing', async () => {
    const { w, who, stop } = await witnessedWorld();
    try {
      await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
      await kioskWitnessesHead(w);
      const held = JSON.parse(w.kiosk.witness!.text);
      const forged = JSON.stringify({ ...held, seq: held.seq + 50 });
      expect((await w.supervisor.client.call('GET', '/api/integrity', undefined, { 'x-ledger-witness': forged })).status).toBe(200);
      expect(w.env.deps.integrity.alarm).toBeNull();
      stop();
      tamper(w.env.dbPath, (db) => db.prepare('DELETE FROM journal WHERE seq = ?').run(held.seq));
      const res = await w.supervisor.client.call('GET', '/api/integrity', undefined, { 'x-ledger-witness': w.kiosk.witness!.text });
      expect(res.headers.get('x-ledger-alarm')).toBe('rollback');
      expect(res.body.alarm).toMatchObject({ reason: 'rollback', source: 'witness' });
    } finally {
      stop();
    }
  });
});

describe('E2: a restored older copy is refused at start, or caught by the first kiosk (issue 14)', () => {
  it('behind its checkpoint file, or without one, the server refuses to start until an admin acknowledges it (journaled)', async () => {
    const { w, who, stop } = await witnessedWorld();
    const { dbPath } = w.env;
    const file = w.env.deps.config.checkpointPath;
    await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    w.env.deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(dbPath, `${dbPath}.backup`);
    await badgeAt(w, who, 'out', tokyo('2026-11-20T12:00'));
    await kioskWitnessesHead(w);
    stop();
    w.env.deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const { db, signingKey } = w.env.deps;
    expect(startRefusal(db, signingKey, file)).toBeNull();

    // The backup put back over the database, the checkpoint file left as it was: refused.
    w.env.deps.sqlite.close();
    copyFileSync(`${dbPath}.backup`, dbPath);
    rmSync(`${dbPath}-wal`, { force: true });
    const restored = new Database(dbPath);
    const rdb = drizzle(restored, { schema });
    expect(startRefusal(rdb, signingKey, file)).toMatch(/an older copy was restored or entries were cut off/);
    // The checkpoint file deleted with it: refused too.
    const kept = readFileSync(file, 'utf8');
    rmSync(file);
    expect(startRefusal(rdb, signingKey, file)).toMatch(/no checkpoint file/);

    // The file trimmed to what the backup holds passes at start; the kiosk's checkpoint does not (above).
    const lines = kept.trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    const backupHead = (restored.prepare('SELECT max(seq) FROM journal').pluck().get() as number);
    writeFileSync(file, kept.trim().split('\n').filter((_, i) => lines[i]!.seq <= backupHead).join('\n') + '\n');
    expect(startRefusal(rdb, signingKey, file)).toBeNull();
    writeFileSync(file, kept);

    // Acknowledged on purpose: journaled, the old file kept aside, the head checkpointed anew.
    const ack = acknowledgeRollback({ db: rdb, signingKey, clock: w.env.clock, config: w.env.deps.config }, { operator: '管理 太郎', reason: 'ディスク障害のためバックアップから復元' });
    expect(ack).toMatchObject({ refusal: expect.stringMatching(/older copy/), entrySeq: backupHead + 1 });
    expect(existsSync(ack!.keptAs!)).toBe(true);
    expect(startRefusal(rdb, signingKey, file)).toBeNull();
    const entry = restored.prepare('SELECT action, data FROM journal WHERE seq = ?').get(ack!.entrySeq) as { action: string; data: string };
    expect(entry.action).toBe('journal.rollback_acknowledged');
    expect(JSON.parse(entry.data)).toMatchObject({ reason: 'ディスク障害のためバックアップから復元', previousCheckpoint: { seq: expect.any(Number) } });
    restored.close();
  });
});

describe('E2, E9: the server verifies its own ledger, tables included (issue 14)', () => {
  it('a row edited under the running server is named by GET /api/journal/verify, which raises the alarm and stops writes', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const entry = await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
    expect((await w.admin.client.get('/api/journal/verify')).body).toMatchObject({ ok: true });
    tamper(w.env.dbPath, (db) => db.prepare('UPDATE access_events SET occurred_at = occurred_at - 3600000 WHERE id = ?').run(entry.id));
    const found = await w.admin.client.get('/api/journal/verify');
    expect(found.body).toMatchObject({ ok: false, reason: 'row_altered', table: 'access_events', id: String(entry.id) });
    expect(w.env.deps.integrity.alarm).toMatchObject({ reason: 'row_altered', source: 'verify' });
    expect(incidents(w)).toHaveLength(1);
    expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'out'))).status).toBe(503);
  });
});
