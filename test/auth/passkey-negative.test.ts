import { describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { Client, authenticatorFor, enrol, givenPerson, setupAdmin, tokenOf, type SignedIn } from '../support/client.ts';
import type { CreateCredentialOpts, GetAssertionOpts } from '../support/soft-authenticator.ts';
import { CHALLENGE_TTL_MS } from '../../src/auth/challenges.ts';
import { assertion, counts, credentialRow, expectChallengeRefused, expectError, headSeq, journalAfter, login, rows } from './helpers.ts';

/** An admin and a worker with one enrolled passkey. */
async function world() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const person = await givenPerson(admin.client, { roles: ['worker'] });
  const worker = await enrol(env, admin.client, person.id);
  return { env, admin, worker, credentialId: worker.authenticator.credentials()[0]!.id };
}

/** Registration options for a fresh enrolment link of `personId`. */
async function registrationStart(env: TestEnv, admin: SignedIn, personId: number) {
  const link = await admin.client.post(`/api/people/${personId}/enrolments`);
  const token = tokenOf(link.body.url);
  const client = new Client(env.app);
  const options = await client.post('/api/auth/registration/options', { token });
  expect(options.status).toBe(200);
  return { client, token, options: options.body.options, linkId: link.body.id as number };
}

/** Nothing a registration writes: no credential, session, journal entry; the link still open. */
function expectRegistrationWroteNothing(env: TestEnv, before: ReturnType<typeof counts>, linkId: number) {
  expect(counts(env)).toEqual(before);
  expect(rows(env, 'select used_at from enrolments where id = ?', linkId)).toEqual([{ used_at: null }]);
}

const badRegistrations: [string, CreateCredentialOpts][] = [
  ['a wrong origin', { origin: 'https://evil.example' }],
  ['a wrong RP ID', { rpId: 'evil.example' }],
  ['no user verification', { userVerified: false }],
  ['no user presence', { userPresent: false }],
];

describe('passkey registration is refused and writes nothing (E7)', () => {
  it.each(badRegistrations)('for %s', async (_label, opts) => {
    const { env, admin, worker } = await world();
    const { client, token, options, linkId } = await registrationStart(env, admin, worker.personId);
    const before = counts(env);

    const res = await client.post('/api/auth/registration/verify', { token, response: authenticatorFor(env).createCredential(options, opts) });
    expectError(res, 401, 'UNAUTHENTICATED');
    expectRegistrationWroteNothing(env, before, linkId);
  });

  it('for a reused challenge: a refused attempt uses it up, and a replayed success is refused', async () => {
    const { env, admin, worker } = await world();
    const { client, token, options, linkId } = await registrationStart(env, admin, worker.personId);
    const authenticator = authenticatorFor(env);
    const before = counts(env);
    const wrong = await client.post('/api/auth/registration/verify', { token, response: authenticator.createCredential(options, { origin: 'https://evil.example' }) });
    expectError(wrong, 401, 'UNAUTHENTICATED');
    const again = await client.post('/api/auth/registration/verify', { token, response: authenticator.createCredential(options) });
    expectChallengeRefused(again);
    expect(again.body.error.message).toMatch(/challenge/);
    expectRegistrationWroteNothing(env, before, linkId);

    const second = await registrationStart(env, admin, worker.personId);
    const body = { token: second.token, response: authenticator.createCredential(second.options) };
    expect((await second.client.post('/api/auth/registration/verify', body)).status).toBe(201);
    const afterSuccess = counts(env);
    expectError(await new Client(env.app).post('/api/auth/registration/verify', body), 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(afterSuccess);
  });

  it('for a challenge issued for another link', async () => {
    const { env, admin, worker } = await world();
    const a = await registrationStart(env, admin, worker.personId);
    const b = await registrationStart(env, admin, worker.personId);
    const before = counts(env);

    const res = await b.client.post('/api/auth/registration/verify', { token: b.token, response: authenticatorFor(env).createCredential(a.options) });
    expectChallengeRefused(res);
    expectRegistrationWroteNothing(env, before, a.linkId);
    expectRegistrationWroteNothing(env, before, b.linkId);
  });

  it('for an expired challenge (over 5 min)', async () => {
    const { env, admin, worker } = await world();
    const { client, token, options, linkId } = await registrationStart(env, admin, worker.personId);
    env.clock.advance(CHALLENGE_TTL_MS + 1);
    const before = counts(env);

    const res = await client.post('/api/auth/registration/verify', { token, response: authenticatorFor(env).createCredential(options) });
    expectChallengeRefused(res);
    expectRegistrationWroteNothing(env, before, linkId);
  });
});

const badAssertions: [string, GetAssertionOpts][] = [
  ['a wrong origin', { origin: 'https://evil.example' }],
  ['a wrong RP ID', { rpId: 'evil.example' }],
  ['no user verification', { userVerified: false }],
  ['a signature from another key', { signWithOtherKey: true }],
];

describe('passkey sign-in is refused and writes nothing (E7)', () => {
  it.each(badAssertions)('for %s', async (_label, opts) => {
    const { env, worker, credentialId } = await world();
    const before = counts(env);
    const { reply } = await login(env, worker.authenticator, opts);
    expectError(reply, 401, 'UNAUTHENTICATED');
    expect(reply.headers.get('set-cookie')).toBeNull();
    expect(counts(env)).toEqual(before);
    expect(credentialRow(env, credentialId)).toMatchObject({ counter: 0, last_used_at: null, locked_at: null });
  });

  it('for a replayed assertion: the second use of the same response is refused', async () => {
    const { env, worker } = await world();
    const { client, response } = await assertion(env, worker.authenticator);
    expect((await client.post('/api/auth/login/verify', { response })).status).toBe(200);
    const before = counts(env);

    const replay = await new Client(env.app).post('/api/auth/login/verify', { response });
    expectChallengeRefused(replay);
    expect(counts(env)).toEqual(before);
  });

  it('for an expired challenge (over 5 min)', async () => {
    const { env, worker } = await world();
    const { client, response } = await assertion(env, worker.authenticator);
    env.clock.advance(CHALLENGE_TTL_MS + 1);
    const before = counts(env);
    expectChallengeRefused(await client.post('/api/auth/login/verify', { response }));
    expect(counts(env)).toEqual(before);
  });

  it('for a revoked credential', async () => {
    const { env, worker, credentialId } = await world();
    expect((await worker.client.post(`/api/passkeys/${credentialId}/revoke`)).status).toBe(200);
    const before = counts(env);
    const { reply } = await login(env, worker.authenticator);
    expectError(reply, 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
  });

  it('for a suspended person (403: the passkey is valid, the person may not sign in)', async () => {
    const { env, admin, worker, credentialId } = await world();
    expect((await admin.client.post(`/api/people/${worker.personId}/suspend`, { reason: '契約終了' })).status).toBe(200);
    const before = counts(env);
    const { reply } = await login(env, worker.authenticator);
    expectError(reply, 403, 'FORBIDDEN');
    expect(counts(env)).toEqual(before);
    expect(credentialRow(env, credentialId)).toMatchObject({ counter: 0, last_used_at: null });
  });
});

describe('signature counter regression locks the credential (E7, E2)', () => {
  it.each([
    ['equal to', 1],
    ['below', 0],
  ])('an assertion with a counter %s the stored one is refused, locks the passkey and is journaled', async (_label, presented) => {
    const { env, admin, worker, credentialId } = await world();
    expect((await login(env, worker.authenticator)).reply.status).toBe(200);
    expect(credentialRow(env, credentialId)!.counter).toBe(1);
    const before = counts(env);
    const seq = headSeq(env);

    const { reply } = await login(env, worker.authenticator, { counter: presented });
    expectError(reply, 401, 'UNAUTHENTICATED');
    expect(credentialRow(env, credentialId)).toMatchObject({ counter: 1, locked_at: env.clock.now() });
    expect(counts(env)).toEqual({ ...before, journal: before.journal + 1 });
    const entries = journalAfter(env, seq);
    expect(entries.map((e) => [e.action, e.entity_type, e.entity_id, e.actor_type])).toEqual([['credential.locked', 'credential', credentialId, 'system']]);
    // Both sessions opened with this key (at enrolment and at the first login) end with the lock.
    expect(entries[0]!.data).toEqual({ credentialId, personId: worker.personId, storedCounter: 1, presentedCounter: presented, reason: 'counter_regression', sessionsRevoked: 2 });
    expect((await worker.client.get('/api/auth/me')).status).toBe(401);
    expect(entries[0]!.request_id).toBe(reply.headers.get('x-request-id'));

    const later = await login(env, worker.authenticator); // the authenticator's own counter moves on to 2
    expectError(later.reply, 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual({ ...before, journal: before.journal + 1 });
    const listed = await admin.client.get(`/api/people/${worker.personId}/passkeys`);
    expect(listed.body.passkeys).toEqual([expect.objectContaining({ id: credentialId, status: 'locked' })]);
  });

  it('two concurrent assertions presenting the same counter (a cloned authenticator) give one session and a lock', async () => {
    const { env, worker, credentialId } = await world();
    const a = await assertion(env, worker.authenticator, { counter: 5 });
    const b = await assertion(env, worker.authenticator, { counter: 5 });
    const before = counts(env);
    const seq = headSeq(env);

    // Both verify their signatures before either writes: the counter must be re-checked where it is written.
    const replies = await Promise.all([a, b].map((x) => x.client.post('/api/auth/login/verify', { response: x.response })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401]);
    expectError(replies.find((r) => r.status === 401)!, 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual({ ...before, sessions: before.sessions + 1, journal: before.journal + 2 });
    expect(journalAfter(env, seq).map((e) => e.action).sort()).toEqual(['credential.locked', 'session.created']);
    expect(credentialRow(env, credentialId)).toMatchObject({ counter: 5, locked_at: env.clock.now() });
  });
});
