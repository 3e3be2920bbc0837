import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readdirSync, readlinkSync } from 'node:fs';
import { testEnv } from '../support/harness.ts';
import { transact } from '../../src/db/client.ts';
import { organisations } from '../../src/db/schema/roster.ts';
import { createOrganisation } from '../../src/roster/service.ts';
import { SYSTEM } from '../../src/actor.ts';
import { verifyJournal } from '../../src/journal/verify.ts';

describe('group commit: many requests, one transaction, each in its own savepoint', () => {
  it('commits a batch together, rolls back only the unit that failed, and answers after the commit', async () => {
    const env = testEnv();
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: 'gc' };
    const other = new Database(env.dbPath, { readonly: true });
    const committedWhenAnswered: boolean[] = [];
    const names = Array.from({ length: 20 }, (_, i) => `組織${i}`);
    const results = await Promise.allSettled(
      names.map((name, i) =>
        env.deps.groupCommit
          .submit(() => {
            if (i === 7) {
              transact(env.deps.db, (tx) => tx.insert(organisations).values({ name: 'half-written', kana: 'はんぱ', createdAt: 0, updatedAt: 0 }).run());
              throw new Error('unit 7 fails after writing');
            }
            return createOrganisation(ctx, { name, kana: 'そしき' });
          })
          .then((org) => {
            committedWhenAnswered.push(other.prepare('select 1 from organisations where id = ?').get(org.id) !== undefined);
            return org;
          }),
      ),
    );
    other.close();
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(committedWhenAnswered).toHaveLength(19);
    expect(committedWhenAnswered.every(Boolean)).toBe(true);
    const stored = env.deps.sqlite.prepare('select name from organisations order by id').all() as { name: string }[];
    expect(stored.map((r) => r.name)).toEqual(names.filter((_, i) => i !== 7));
    expect(verifyJournal(env.deps.db)).toMatchObject({ ok: true, count: 19 });
  });

  it('a unit that writes outside transact and throws is still rolled back alone', async () => {
    const env = testEnv();
    const bad = env.deps.groupCommit.submit(() => {
      env.deps.db.insert(organisations).values({ name: 'stray', kana: 'すとれい', createdAt: 0, updatedAt: 0 }).run();
      throw new Error('boom');
    });
    const good = env.deps.groupCommit.submit(() => createOrganisation({ deps: env.deps, actor: SYSTEM, requestId: null }, { name: 'ok', kana: 'おーけー' }));
    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toMatchObject({ name: 'ok' });
    expect((env.deps.sqlite.prepare('select name from organisations').all() as { name: string }[]).map((r) => r.name)).toEqual(['ok']);
  });

  it('waits a loop turn while requests keep arriving, so units submitted over a few turns share one commit', async () => {
    const env = testEnv();
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: 'gc' };
    const other = new Database(env.dbPath, { readonly: true });
    const committedBefore: number[] = [];
    const unit = (name: string) =>
      env.deps.groupCommit.submit(() => {
        committedBefore.push((other.prepare('select count(*) n from organisations').get() as { n: number }).n);
        return createOrganisation(ctx, { name, kana: 'そしき' });
      });
    const turn = () => new Promise<void>((r) => setImmediate(r));
    const pending = [unit('a'), unit('b')];
    await turn();
    pending.push(unit('c'));
    await turn();
    pending.push(unit('d'), unit('e'));
    await Promise.all(pending);
    other.close();
    // Had the first two been committed alone, the later units would have seen them from the other connection.
    expect(committedBefore).toEqual([0, 0, 0, 0, 0]);
  });

  it('does not wait for ever: with a unit arriving every turn, the first is committed after a few turns', async () => {
    const env = testEnv();
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: null };
    let first: Promise<unknown> | null = null;
    let firstDone = false;
    let submitted = 0;
    let submittedWhenFirstDone = 0;
    for (let i = 0; i < 20; i++) {
      const p = env.deps.groupCommit.submit(() => createOrganisation(ctx, { name: `組織${i}`, kana: 'そしき' }));
      submitted += 1;
      if (!first) first = p.then(() => ((firstDone = true), (submittedWhenFirstDone = submitted)));
      await new Promise<void>((r) => setImmediate(r));
      if (firstDone) break;
    }
    await first;
    expect(submittedWhenFirstDone).toBeGreaterThan(1);
    expect(submittedWhenFirstDone).toBeLessThanOrEqual(8);
  });

  it("keeps a unit's savepoint journal in memory: a request writes no temporary file", async () => {
    const env = testEnv();
    const sqlite = env.deps.sqlite;
    sqlite.exec('CREATE TABLE scratch_pages (id INTEGER PRIMARY KEY, filler TEXT NOT NULL)');
    const fill = sqlite.prepare('INSERT INTO scratch_pages (filler) VALUES (?)');
    // ~100 pages of 2 KB rows: a unit that changes them all journals ~400 KB of originals, far past
    // the 64 KB at which SQLite spills a sub-journal to a file when temp_store is FILE.
    sqlite.transaction(() => {
      for (let i = 0; i < 200; i++) fill.run('x'.repeat(2000));
    })();
    // SQLite unlinks its temporary files as it opens them; the open descriptor still names them.
    const openTempFiles = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((target) => target.includes('etilqs_'));
    const seen = await env.deps.groupCommit.submit(() => {
      sqlite.prepare('UPDATE scratch_pages SET filler = ?').run('y'.repeat(2000));
      return openTempFiles();
    });
    expect(seen).toEqual([]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM scratch_pages WHERE filler LIKE 'y%'").get()).toEqual({ n: 200 });
  });
});
