import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { Client, setupAdmin } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
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

  it('stops recording at a kiosk after 20 refusals in 5 minutes, and logs it', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const stranger = await givenWorker(admin.client, []);
    for (let i = 0; i < 20; i++) expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, stranger.badge, 'in'))).body.event.result).toBe('refused');
    const limited = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, stranger.badge, 'in'));
    expect(limited.status).toBe(429);
    expect((env.deps.sqlite.prepare("select count(*) n from access_events where result = 'refused'").get() as { n: number }).n).toBe(20);
    expect(env.logs.some((l) => l.includes('kiosk refusals rate-limited'))).toBe(true);
  });

  it('a window passes and the key is allowed again', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect([limiter.hit('k'), limiter.hit('k'), limiter.hit('k')]).toEqual([true, true, false]);
    expect(limiter.exceeded('k')).toBe(true);
    now = 1000;
    expect(limiter.exceeded('k')).toBe(false);
    expect(limiter.hit('k')).toBe(true);
  });
});
