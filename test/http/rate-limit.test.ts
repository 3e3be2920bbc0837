import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { Client } from '../support/client.ts';
import { RateLimiter } from '../../src/http/rate-limit.ts';

describe('rate limits (429) on guessing and flooding', () => {
  it('caps sign-in challenges per address', async () => {
    const env = testEnv();
    const anon = new Client(env.app);
    const statuses = [];
    for (let i = 0; i < 32; i++) statuses.push((await anon.post('/api/auth/login/options')).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const refused = await anon.post('/api/auth/login/options');
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toBe('60');
    const stored = env.deps.sqlite.prepare('select count(*) n from challenges').get() as { n: number };
    expect(stored.n).toBe(30);
  });

  it('caps kiosk enrolment code guesses', async () => {
    const env = testEnv();
    const anon = new Client(env.app);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await anon.post('/api/kiosk/enrol', { code: `AAAAA-BBBB${i % 10}` })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  // Repeated refusals at a kiosk are not a rate limit any more: they slow down their source
  // (test/access/kiosk-throttle.test.ts).

  it('a window passes and the key is allowed again', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect([limiter.hit('k'), limiter.hit('k'), limiter.hit('k')]).toEqual([true, true, false]);
    now = 1000;
    expect(limiter.hit('k')).toBe(true);
  });
});
