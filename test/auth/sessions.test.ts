import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { apiTime, T0, testEnv } from '../support/harness.ts';
import { Client, setupAdmin, signIn, signedInAs } from '../support/client.ts';
import { cloneClient, counts, expectError, headSeq, journalAfter, login, rows, sha256Hex, tokenOfCookie } from './helpers.ts';

const MIN = 60_000;
const ORG = { name: '協力会社', kana: 'きょうりょくがいしゃ' };

describe('protected routes need a session and the right role (E7)', () => {
  it('answers 401 without a session and 403 for a wrong role, writing nothing', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const worker = await signedInAs(env, admin.client, ['worker']);
    const before = counts(env);

    expectError(await new Client(env.app).get('/api/people'), 401, 'UNAUTHENTICATED');
    expectError(await new Client(env.app).get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await new Client(env.app).post('/api/organisations', ORG), 401, 'UNAUTHENTICATED');
    expectError(await worker.client.get('/api/people'), 403, 'FORBIDDEN');
    expectError(await worker.client.post('/api/organisations', ORG), 403, 'FORBIDDEN');
    expect(counts(env)).toEqual(before);
    expect((await worker.client.get('/api/auth/me')).status).toBe(200);
  });
});

describe('sign-in issues a fresh session every time (E7: no session fixation; E2: journaled)', () => {
  it('ignores a token planted before sign-in and sets a new one', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const planted = randomBytes(32).toString('base64url');
    const client = new Client(env.app);
    client.cookie = `ledger_session=${planted}`;
    const seq = headSeq(env);

    const options = await client.post('/api/auth/login/options');
    const res = await client.post('/api/auth/login/verify', { response: admin.authenticator.getAssertion(options.body.options) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ personId: admin.personId, roles: ['admin'], csrfToken: expect.any(String), expiresAt: apiTime(T0 + 12 * 60 * MIN) });
    const issued = tokenOfCookie(client);
    expect(issued).not.toBe(planted);
    expect(rows(env, 'select id from sessions where token_hash = ?', sha256Hex(planted))).toEqual([]);

    const attacker = new Client(env.app);
    attacker.cookie = `ledger_session=${planted}`;
    expectError(await attacker.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect((await client.get('/api/auth/me')).body.person.id).toBe(admin.personId);

    const entries = journalAfter(env, seq);
    expect(entries.map((e) => [e.action, e.actor_id])).toEqual([['session.created', String(admin.personId)]]);
    expect(JSON.stringify(entries)).not.toContain(issued);
    expect(entries[0]!.data).not.toHaveProperty('tokenHash');
    expect(entries[0]!.data).not.toHaveProperty('csrfToken');
  });

  it('two sign-ins give two different tokens, CSRF tokens and sessions', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const { client: c1, reply: one } = await login(env, admin.authenticator);
    const { client: c2, reply: two } = await login(env, admin.authenticator);

    expect(tokenOfCookie(c1)).not.toBe(tokenOfCookie(c2));
    expect(one.body.csrfToken).not.toBe(two.body.csrfToken);
    const me1 = await c1.get('/api/auth/me');
    const me2 = await c2.get('/api/auth/me');
    expect(me1.body.sessionId).not.toBe(me2.body.sessionId);
    expect(rows(env, 'select id from sessions where person_id = ? and revoked_at is null', admin.personId)).toHaveLength(3);
  });
});

describe('sign-out (E7, E2)', () => {
  it('revokes the session, clears the cookie and journals session.revoked', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const old = cloneClient(env, admin.client);
    const sessionId = (await admin.client.get('/api/auth/me')).body.sessionId;
    const seq = headSeq(env);

    const res = await admin.client.post('/api/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^ledger_session=;.*Max-Age=0/);
    expect(rows(env, 'select revoked_at from sessions where id = ?', sessionId)).toEqual([{ revoked_at: T0 }]);
    const entries = journalAfter(env, seq);
    expect(entries.map((e) => [e.action, e.entity_id, e.actor_id])).toEqual([['session.revoked', sessionId, String(admin.personId)]]);
    expect(entries[0]!.data).toEqual({ sessionId, revokedAt: T0, reason: 'sign_out' });

    const after = counts(env);
    expectError(await old.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await old.post('/api/auth/logout'), 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(after);
  });

  it('on an https origin uses a __Host- Secure cookie, and sign-out clears it', async () => {
    const env = testEnv({ config: { rpOrigin: 'https://localhost' } });
    const admin = await setupAdmin(env);
    const old = cloneClient(env, admin.client);
    expect(admin.client.cookie).toMatch(/^__Host-ledger_session=/);

    const res = await admin.client.post('/api/auth/logout');
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const cleared = res.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^__Host-ledger_session=;/);
    for (const attr of ['Max-Age=0', 'Path=/', 'Secure', 'HttpOnly', 'SameSite=Strict']) expect(cleared).toContain(`; ${attr}`);
    expectError(await old.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });
});

describe('session expiry (E7)', () => {
  it('ends a session left idle for 15 minutes', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    env.clock.advance(14 * MIN);
    expect((await admin.client.get('/api/auth/me')).status).toBe(200);
    env.clock.advance(14 * MIN);
    expect((await admin.client.get('/api/auth/me')).status).toBe(200);
    expect(rows(env, 'select last_seen_at from sessions')).toEqual([{ last_seen_at: T0 + 28 * MIN }]);

    env.clock.advance(15 * MIN);
    expectError(await admin.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    env.clock.advance(1 * MIN); // a refused request does not touch the session back to life
    expectError(await admin.client.get('/api/people'), 401, 'UNAUTHENTICATED');
    expect(rows(env, 'select last_seen_at from sessions')).toEqual([{ last_seen_at: T0 + 28 * MIN }]);
  });

  it('ends a session at its absolute lifetime of 12 hours however active it is', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    expect(rows(env, 'select expires_at from sessions')).toEqual([{ expires_at: T0 + 12 * 60 * MIN }]);
    for (let elapsed = 10; elapsed < 12 * 60; elapsed += 10) {
      env.clock.set(T0 + elapsed * MIN);
      expect((await admin.client.get('/api/auth/me')).status, `at ${elapsed} min`).toBe(200);
    }
    env.clock.set(T0 + 12 * 60 * MIN);
    expectError(await admin.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
  });
});

describe('session storage (E7)', () => {
  it('stores only the SHA-256 of the cookie token', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const again = await login(env, admin.authenticator);
    for (const client of [admin.client, again.client]) {
      const token = tokenOfCookie(client);
      expect(rows(env, 'select id from sessions where token_hash = ?', sha256Hex(token))).toHaveLength(1);
      expect(JSON.stringify(rows(env, 'select * from sessions'))).not.toContain(token);
      expect(JSON.stringify(rows(env, 'select * from journal'))).not.toContain(token);
    }
  });
});

describe('CSRF on cookie-authenticated mutations (E7)', () => {
  it('refuses a POST without x-csrf-token, with a wrong one, or from another origin; writes nothing', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const before = counts(env);

    expectError(await cloneClient(env, admin.client, { csrf: null }).post('/api/organisations', ORG), 403, 'FORBIDDEN');
    expectError(await cloneClient(env, admin.client, { csrf: 'x'.repeat(43) }).post('/api/organisations', ORG), 403, 'FORBIDDEN');
    expectError(await admin.client.call('POST', '/api/organisations', ORG, { 'x-csrf-token': '' }), 403, 'FORBIDDEN');
    expectError(await admin.client.call('POST', '/api/organisations', ORG, { origin: 'https://evil.example' }), 403, 'FORBIDDEN');
    expectError(await admin.client.call('POST', '/api/organisations', ORG, { origin: 'http://localhost:3001' }), 403, 'FORBIDDEN');
    expectError(await cloneClient(env, admin.client, { csrf: null }).post('/api/auth/logout'), 403, 'FORBIDDEN');
    expect(counts(env)).toEqual(before);
    expect(rows(env, 'select revoked_at from sessions')).toEqual([{ revoked_at: null }]);

    const ok = await admin.client.call('POST', '/api/organisations', ORG, { origin: 'http://localhost:3000' });
    expect(ok.status).toBe(201);
    expect(counts(env)).toEqual({ ...before, organisations: before.organisations + 1, journal: before.journal + 1 });
  });

  it('lets a GET through without the token', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const res = await cloneClient(env, admin.client, { csrf: null }).get('/api/people');
    expect(res.status).toBe(200);
    expect(res.body.people).toHaveLength(1);
  });
});

describe('suspension ends live sessions at once (E7, E2)', () => {
  it('revokes the suspended person’s sessions, which stay ended after reactivation', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const worker = await signedInAs(env, admin.client, ['guard']);
    expect((await worker.client.get('/api/auth/me')).status).toBe(200);
    const seq = headSeq(env);

    const res = await admin.client.post(`/api/people/${worker.personId}/suspend`, { reason: '入構証紛失' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expectError(await worker.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect(rows(env, 'select revoked_at from sessions where person_id = ?', worker.personId)).toEqual([{ revoked_at: T0 }]);
    const entries = journalAfter(env, seq);
    expect(entries.map((e) => e.action)).toEqual(['person.suspended']);
    expect(entries[0]!.data).toMatchObject({ reason: '入構証紛失', sessionsRevoked: 1 });

    expect((await admin.client.post(`/api/people/${worker.personId}/reactivate`, { reason: '再発行' })).status).toBe(200);
    expectError(await worker.client.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect((await signIn(env, worker.authenticator)).status).toBe(200);
  });
});
