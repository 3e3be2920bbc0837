import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { testEnv } from '../support/harness.ts';
import { SYSTEM } from '../../src/actor.ts';
import { createOrganisation } from '../../src/roster/service.ts';
import { readCheckpoints, verifyCheckpoints, writeCheckpoint, checkpointForDay } from '../../src/journal/checkpoints.ts';
import { verifyJournal } from '../../src/journal/verify.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

function cliVerify(dbPath: string, publicKeyPem: string) {
  const keyFile = join(dirname(dbPath), 'public.pem');
  writeFileSync(keyFile, publicKeyPem);
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'verify', '--db', dbPath, '--public-key', keyFile], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
}

describe('signed checkpoints: tamper evidence beyond the database file', () => {
  it('are signed, appended beside the database, and checked by verify', () => {
    const env = testEnv();
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: null };
    const file = env.deps.config.checkpointPath;
    expect(file).toBe(`${env.dbPath}.checkpoints`);
    createOrganisation(ctx, { name: 'A', kana: 'えー' });
    const first = writeCheckpoint(env.deps.db, env.deps.signingKey, file, 'manual', env.clock.now())!;
    expect(writeCheckpoint(env.deps.db, env.deps.signingKey, file, 'interval', env.clock.now())).toBeNull();
    createOrganisation(ctx, { name: 'B', kana: 'びー' });
    writeCheckpoint(env.deps.db, env.deps.signingKey, file, 'interval', env.clock.now());
    const all = readCheckpoints(file);
    expect(all.map((c) => c.seq)).toEqual([first.seq, first.seq + 1]);
    const head = verifyJournal(env.deps.db);
    expect(head.ok && verifyCheckpoints(env.deps.db, all, env.deps.signingKey.publicKey, head.headSeq)).toBeNull();

    const forged = [{ ...all[0]!, hash: 'f'.repeat(64) }];
    expect(verifyCheckpoints(env.deps.db, forged, env.deps.signingKey.publicKey, 99)).toMatchObject({ reason: 'checkpoint_forged' });
  });

  it('detect a restored older copy of the database as a rollback, and a rewritten chain as a mismatch', () => {
    const env = testEnv();
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: null };
    const file = env.deps.config.checkpointPath;
    createOrganisation(ctx, { name: 'A', kana: 'えー' });
    env.deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const old = `${env.dbPath}.old`;
    copyFileSync(env.dbPath, old);
    createOrganisation(ctx, { name: 'B', kana: 'びー' });
    createOrganisation(ctx, { name: 'C', kana: 'しー' });
    writeCheckpoint(env.deps.db, env.deps.signingKey, file, 'manual', env.clock.now());
    env.deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pem = env.deps.signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    const intact = cliVerify(env.dbPath, pem);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain('1 signed checkpoints hold (last at seq 3)');

    // The older copy put back in place, next to the checkpoint file that saw more.
    const restored = join(dirname(env.dbPath), 'restored.db');
    copyFileSync(old, restored);
    copyFileSync(file, `${restored}.checkpoints`);
    const rollback = cliVerify(restored, pem);
    expect(rollback.status).toBe(1);
    expect(rollback.stdout).toContain('FAILED at seq 3: rollback');
    expect(existsSync(`${restored}.checkpoints`)).toBe(true);

    // Someone with the file rewrites the whole chain consistently: the chain verifies, the checkpoint does not.
    const other = testEnv();
    const octx = { deps: other.deps, actor: SYSTEM, requestId: null };
    for (const n of ['X', 'Y', 'Z']) createOrganisation(octx, { name: n, kana: 'かな' });
    other.deps.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const rewritten = join(dirname(env.dbPath), 'rewritten.db');
    copyFileSync(other.dbPath, rewritten);
    copyFileSync(file, `${rewritten}.checkpoints`);
    const mismatch = cliVerify(rewritten, pem);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stdout).toContain('FAILED at seq 3: checkpoint_mismatch');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('picks the checkpoint that closes a working day', () => {
    const cps = [
      { seq: 1, hash: 'a', at: '2026-11-20T10:00:00.000Z', keyId: 'k', reason: 'interval' as const, sig: '' },
      { seq: 5, hash: 'b', at: '2026-11-20T15:00:01.000Z', keyId: 'k', reason: 'day_close' as const, sig: '' },
    ];
    const start = Date.parse('2026-11-19T15:00:00Z');
    const end = Date.parse('2026-11-20T15:00:00Z');
    expect(checkpointForDay(cps, start, end)?.seq).toBe(5);
    expect(checkpointForDay(cps.slice(0, 1), start, end)?.seq).toBe(1);
  });
});

describe('the printed daily ledger carries the checkpoint that closed its day', () => {
  it('shows seq, time and hash of the day-close checkpoint', async () => {
    const { setupAdmin, signedInAs } = await import('../support/client.ts');
    const { givenSite } = await import('../support/world.ts');
    const { T0 } = await import('../support/harness.ts');
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const supervisor = await signedInAs(env, admin.client, ['supervisor']);
    const before = await supervisor.client.get(`/api/areas/${site.general.id}/ledger?date=2026-11-20&format=html`);
    expect(before.body).toContain('日次チェックポイント: まだありません');
    // 2026-11-20 ends at 15:00Z in Tokyo; T0 is 00:00Z that day.
    const cp = writeCheckpoint(env.deps.db, env.deps.signingKey, env.deps.config.checkpointPath, 'day_close', T0 + 15 * 3600_000 + 1000)!;
    const page = await supervisor.client.get(`/api/areas/${site.general.id}/ledger?date=2026-11-20&format=html`);
    expect(page.body).toContain(`操作履歴 ${cp.seq} 件目まで`);
    expect(page.body).toContain(cp.hash);
  });
});
