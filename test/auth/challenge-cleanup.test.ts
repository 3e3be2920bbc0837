import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { Client, setupAdmin } from '../support/client.ts';

describe('challenges leave nothing behind (A6, E6)', () => {
  it('a used challenge is gone, and expired ones are cleared when a new one is stored', async () => {
    const env = testEnv();
    await setupAdmin(env, '消去 確認');
    const rows = env.deps.sqlite.prepare('select binding from challenges').all() as { binding: string | null }[];
    expect(rows).toEqual([]);
    const anon = new Client(env.app);
    await anon.post('/api/auth/login/options');
    expect((env.deps.sqlite.prepare('select count(*) n from challenges').get() as { n: number }).n).toBe(1);
    env.clock.advance(5 * 60_000 + 1);
    await anon.post('/api/auth/login/options');
    expect((env.deps.sqlite.prepare('select count(*) n from challenges').get() as { n: number }).n).toBe(1);
  });
});
