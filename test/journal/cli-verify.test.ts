import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURE_ENTRIES, journalFile, rawRows, tamper } from './journal-fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The real CLI in a child process, as an operator runs it. */
function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('E2 `cli verify`: the command that pinpoints the first altered record', () => {
  it('exits 0 on an intact file and 1 naming the seq and reason on a tampered copy', () => {
    const { dbPath } = journalFile();
    const head = rawRows(dbPath).at(-1)!;
    const tampered = join(tempDir(), 'tampered.db');
    copyFileSync(dbPath, tampered);
    tamper(tampered, (db) => db.prepare('DELETE FROM journal WHERE seq = 5').run());

    const intact = cli(['verify', '--db', dbPath]);
    expect(intact.stderr).toBe('');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toContain(`${FIXTURE_ENTRIES} entries`);
    expect(intact.stdout).toContain(`head seq ${head.seq}`);
    expect(intact.stdout).toContain(head.hash);

    const broken = cli(['verify', '--db', tampered]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/FAILED at seq 5: gap\b/);
    expect(broken.stdout).toContain('4 entries verified before it');
    expect(broken.stdout).not.toContain(head.hash);
  });

  it('fills an empty database with `demo`, which then verifies, and refuses a second `demo`', () => {
    const dir = tempDir();
    const env = { DB_PATH: join(dir, 'demo.db'), SIGNING_KEY_PATH: join(dir, 'keys', 'signing-key.pem') };

    const demo = cli(['demo'], env);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/^demo: 2 organisations, 30 people/);
    expect(existsSync(env.SIGNING_KEY_PATH)).toBe(true);

    // One entry per change: 2 organisations, a site, 2 areas, 30 people and the authorizations.
    const grants = Number(/(\d+) authorizations/.exec(demo.stdout)?.[1]);
    expect(grants).toBeGreaterThan(0);
    const rows = rawRows(env.DB_PATH);
    expect(rows).toHaveLength(2 + 1 + 2 + 30 + grants);
    // The command left a checkpoint of what it wrote (issue 14: the server refuses a journal it has none of).
    const verify = cli(['verify', '--db', env.DB_PATH], env);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toBe(`ok: ${rows.length} entries, head seq ${rows.length}, head hash ${rows.at(-1)!.hash}; 1 signed checkpoints hold (last at seq ${rows.length})\n`);

    const again = cli(['demo'], env);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('empty database only');
    expect(rawRows(env.DB_PATH)).toHaveLength(rows.length);
  });
});
