import { describe, expect, it } from 'vitest';
import { apiTime, T0, testEnv, type TestEnv } from '../support/harness.ts';
import { Client, authenticatorFor, enrol, givenPerson, setupAdmin, tokenOf } from '../support/client.ts';
import { ENROLMENT_LINK_TTL_MS, issueSetupLink, SETUP_LINK_TTL_MS } from '../../src/auth/enrolments.ts';
import { headSeq } from './helpers.ts';

const lookUp = (env: TestEnv, token: string) => new Client(env.app).call('GET', '/api/auth/enrolment', undefined, { 'x-enrolment-token': token });

async function givenLink(env: TestEnv) {
  const admin = await setupAdmin(env);
  const person = await givenPerson(admin.client, { name: '入場 花子', kana: 'にゅうじょう はなこ', contact: '090-1234-5678', nationality: '日本', position: '主任' });
  const link = await admin.client.post(`/api/people/${person.id}/enrolments`);
  return { admin, person, token: tokenOf(link.body.url) };
}

describe('GET /api/auth/enrolment: whose link it is, before registration (issue 17)', () => {
  it('names the person and the expiry, and nothing else about them, without a session', async () => {
    const env = testEnv();
    const { token } = await givenLink(env);
    const before = headSeq(env);
    const res = await lookUp(env, token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'enrol', name: '入場 花子', expiresAt: apiTime(T0 + ENROLMENT_LINK_TTL_MS) });
    expect(JSON.stringify(res.body)).not.toMatch(/090|日本|主任|にゅうじょう/);
    expect(headSeq(env)).toBe(before); // a look-up changes nothing
  });

  it('answers a setup link with no name (the admin does not exist yet) and its expiry', async () => {
    const env = testEnv();
    const link = issueSetupLink(env.deps);
    const res = await lookUp(env, tokenOf(link.url));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'setup', name: null, expiresAt: apiTime(T0 + SETUP_LINK_TTL_MS) });
  });

  it('says an expired link expired, with when, and no name', async () => {
    const env = testEnv();
    const { token } = await givenLink(env);
    env.clock.advance(ENROLMENT_LINK_TTL_MS);
    const res = await lookUp(env, token);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'expired', at: apiTime(T0 + ENROLMENT_LINK_TTL_MS) } });
    expect(JSON.stringify(res.body)).not.toContain('入場');
  });

  it('says a used link was used, and no name', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client, { name: '入場 次郎' });
    await enrol(env, admin.client, person.id);
    const link = await admin.client.post(`/api/people/${person.id}/enrolments`);
    const token = tokenOf(link.body.url);
    // This second link is used up through the real ceremony.
    const client = new Client(env.app);
    const opts = await client.post('/api/auth/registration/options', { token });
    expect((await client.post('/api/auth/registration/verify', { token, response: authenticatorFor(env).createCredential(opts.body.options) })).status).toBe(201);
    const res = await lookUp(env, token);
    expect(res.status).toBe(401);
    expect(res.body.error.details).toEqual({ reason: 'used', at: apiTime(T0) });
    expect(JSON.stringify(res.body)).not.toContain('入場');
  });

  it('refuses an unknown token and a malformed one, naming the header', async () => {
    const env = testEnv();
    const unknown = await lookUp(env, 'A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.details).toEqual({ reason: 'unknown' });
    const malformed = await lookUp(env, 'not a token');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.issues[0].path).toBe('header.x-enrolment-token');
    const missing = await new Client(env.app).get('/api/auth/enrolment');
    expect(missing.status).toBe(400);
  });

  it('caps look-ups per address', async () => {
    const env = testEnv();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await lookUp(env, 'A'.repeat(43))).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
