import { describe, expect, it } from 'vitest';
import { apiTime, T0, testEnv, type TestEnv } from '../support/harness.ts';
import { Client, authenticatorFor, enrol, givenPerson, setupAdmin, signIn, signedInAs, tokenOf } from '../support/client.ts';
import { issueSetupLink, ENROLMENT_LINK_TTL_MS, SETUP_LINK_TTL_MS } from '../../src/auth/enrolments.ts';
import { AppError } from '../../src/http/app-error.ts';
import { counts, credentialRow, expectError, headSeq, journalAfter, rows, sha256Hex, tokenOfCookie } from './helpers.ts';

const ADMIN = { name: '管理 一郎', kana: 'かんり いちろう', organisationName: '株式会社テスト', organisationKana: 'かぶしきがいしゃてすと' };

async function setupOptions(env: TestEnv, token: string) {
  const client = new Client(env.app);
  const options = await client.post('/api/auth/registration/options', { token, person: ADMIN });
  return { client, options };
}

describe('first-admin setup (E7: passkey-only console sign-in; E2: journaled)', () => {
  it('creates the admin, the organisation, the credential, a strict session cookie and three journal entries', async () => {
    const env = testEnv();
    const link = issueSetupLink(env.deps);
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/setup#[A-Za-z0-9_-]{43}$/);
    const afterLink = headSeq(env);
    expect(journalAfter(env, 0).map((e) => e.action)).toEqual(['enrolment.issued']);

    const { client, options } = await setupOptions(env, tokenOf(link.url));
    expect(options.status).toBe(200);
    expect(options.body.options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(options.body.options.excludeCredentials).toEqual([]);
    const authenticator = authenticatorFor(env);
    const res = await client.post('/api/auth/registration/verify', { token: tokenOf(link.url), response: authenticator.createCredential(options.body.options) });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ personId: expect.any(Number), name: ADMIN.name, roles: ['admin', 'supervisor'], credentialId: authenticator.credentials()[0]!.id, csrfToken: expect.any(String) });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ledger_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/i);

    const personId = res.body.personId;
    const [person] = rows<{ roles: string; status: string; user_handle: string; organisation_id: number }>(env, 'select * from people where id = ?', personId);
    expect(JSON.parse(person!.roles)).toEqual(['admin', 'supervisor']); // the setup default for a small site
    expect(person!.status).toBe('active');
    expect(person!.user_handle).toBe(options.body.options.user.id);
    expect(rows(env, 'select id, name, kana from organisations')).toEqual([{ id: person!.organisation_id, name: ADMIN.organisationName, kana: ADMIN.organisationKana }]);
    expect(credentialRow(env, res.body.credentialId)).toMatchObject({ person_id: personId, counter: 0, revoked_at: null, locked_at: null });
    const sessions = rows<{ id: string; person_id: number; credential_id: string; token_hash: string }>(env, 'select * from sessions');
    expect(sessions).toEqual([expect.objectContaining({ person_id: personId, credential_id: res.body.credentialId, token_hash: sha256Hex(tokenOfCookie(client)) })]);
    expect(rows(env, 'select used_at from enrolments where id = ?', link.id)).toEqual([{ used_at: T0 }]);

    const entries = journalAfter(env, afterLink);
    expect(entries.map((e) => e.action)).toEqual(['organisation.created', 'person.created', 'credential.registered']);
    expect(entries.map((e) => e.actor_type)).toEqual(['system', 'system', 'person']);
    expect(entries[2]).toMatchObject({ actor_id: String(personId), entity_id: res.body.credentialId, request_id: res.headers.get('x-request-id') });
    expect(entries[2]!.data).toMatchObject({ personId, enrolmentId: link.id, sessionId: sessions[0]!.id });

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.person).toMatchObject({ id: personId, roles: ['admin', 'supervisor'] });
  });

  it('is refused with CONFLICT once an admin exists, both when issuing the link and at options', async () => {
    const env = testEnv();
    const spare = tokenOf(issueSetupLink(env.deps).url);
    await setupAdmin(env);
    const before = counts(env);

    expect(() => issueSetupLink(env.deps)).toThrow(AppError);
    expect(() => issueSetupLink(env.deps)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const { options } = await setupOptions(env, spare);
    expectError(options, 409, 'CONFLICT');
    expect(counts(env)).toEqual(before);
  });

  it('is refused with CONFLICT at verify when another admin finished first', async () => {
    const env = testEnv();
    const spare = tokenOf(issueSetupLink(env.deps).url);
    const { client, options } = await setupOptions(env, spare);
    expect(options.status).toBe(200);
    await setupAdmin(env);
    const before = counts(env);

    const res = await client.post('/api/auth/registration/verify', { token: spare, response: authenticatorFor(env).createCredential(options.body.options) });
    expectError(res, 409, 'CONFLICT');
    expect(counts(env)).toEqual(before);
    expect(rows(env, 'select used_at from enrolments where token_hash = ?', sha256Hex(spare))).toEqual([{ used_at: null }]);
  });

  it('a used link cannot be used again (401), neither for options nor by replaying the verify', async () => {
    const env = testEnv();
    const token = tokenOf(issueSetupLink(env.deps).url);
    const { client, options } = await setupOptions(env, token);
    const verifyBody = { token, response: authenticatorFor(env).createCredential(options.body.options) };
    expect((await client.post('/api/auth/registration/verify', verifyBody)).status).toBe(201);
    const before = counts(env);

    expectError((await setupOptions(env, token)).options, 401, 'UNAUTHENTICATED');
    expectError(await new Client(env.app).post('/api/auth/registration/verify', verifyBody), 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
  });

  it('an expired setup link (24 h) is refused at options and at verify', async () => {
    const env = testEnv();
    const token = tokenOf(issueSetupLink(env.deps).url);
    env.clock.advance(SETUP_LINK_TTL_MS - 60_000);
    const { client, options } = await setupOptions(env, token);
    expect(options.status).toBe(200);
    env.clock.advance(60_000); // the challenge (5 min) is still fresh; the link is not
    const before = counts(env);

    const res = await client.post('/api/auth/registration/verify', { token, response: authenticatorFor(env).createCredential(options.body.options) });
    expectError(res, 401, 'UNAUTHENTICATED');
    expectError((await setupOptions(env, token)).options, 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
    expect(counts(env).people).toBe(0);
  });

  it('setup options require the new admin’s details and name the missing field', async () => {
    const env = testEnv();
    const token = tokenOf(issueSetupLink(env.deps).url);
    const res = await new Client(env.app).post('/api/auth/registration/options', { token });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details.issues).toEqual([{ path: 'body.person', message: expect.any(String) }]);
  });
});

describe('enrolment links (E7: only admins issue them; E2: journaled)', () => {
  it('lets a roster person register a passkey and signs them in', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client, { roles: ['guard'] });
    const seq = headSeq(env);

    const link = await admin.client.post(`/api/people/${person.id}/enrolments`);
    expect(link.status).toBe(201);
    expect(link.body).toEqual({ id: expect.any(Number), url: expect.stringMatching(/^http:\/\/localhost:3000\/enrol#/), expiresAt: apiTime(T0 + ENROLMENT_LINK_TTL_MS) });
    const issued = journalAfter(env, seq);
    expect(issued.map((e) => [e.action, e.actor_id])).toEqual([['enrolment.issued', String(admin.personId)]]);
    expect(issued[0]!.data).toMatchObject({ id: link.body.id, kind: 'enrol', personId: person.id, createdBy: admin.personId, usedAt: null });

    const client = new Client(env.app);
    const token = tokenOf(link.body.url);
    const options = await client.post('/api/auth/registration/options', { token, credentialName: '青い鍵' });
    expect(options.status).toBe(200);
    const [stored] = rows<{ user_handle: string }>(env, 'select user_handle from people where id = ?', person.id);
    expect(options.body.options.user).toMatchObject({ id: stored!.user_handle, name: person.name });
    expect(options.body.options.excludeCredentials).toEqual([]);

    const authenticator = authenticatorFor(env);
    const res = await client.post('/api/auth/registration/verify', { token, response: authenticator.createCredential(options.body.options) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personId: person.id, roles: ['guard'], credentialId: authenticator.credentials()[0]!.id });
    expect(credentialRow(env, res.body.credentialId)).toMatchObject({ person_id: person.id, name: '青い鍵' });
    expect(rows(env, 'select person_id from sessions where person_id = ?', person.id)).toHaveLength(1);
    expect(journalAfter(env, seq + 1).map((e) => [e.action, e.actor_id])).toEqual([['credential.registered', String(person.id)]]);
    expect((await client.get('/api/auth/me')).body.person.id).toBe(person.id);
  });

  it('a person may hold two credentials; the second ceremony excludes the first', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client);
    const first = await enrol(env, admin.client, person.id);
    const firstId = first.authenticator.credentials()[0]!.id;

    const link = await admin.client.post(`/api/people/${person.id}/enrolments`);
    const token = tokenOf(link.body.url);
    const client = new Client(env.app);
    const options = await client.post('/api/auth/registration/options', { token });
    expect(options.body.options.excludeCredentials).toEqual([expect.objectContaining({ id: firstId, type: 'public-key' })]);
    const second = authenticatorFor(env);
    expect((await client.post('/api/auth/registration/verify', { token, response: second.createCredential(options.body.options) })).status).toBe(201);

    expect(rows(env, 'select id from credentials where person_id = ? order by id', person.id)).toHaveLength(2);
    expect((await signIn(env, first.authenticator)).status).toBe(200);
    expect((await signIn(env, second)).status).toBe(200);
    const mine = await client.get('/api/auth/me/passkeys');
    expect(mine.body.passkeys.map((p: { id: string }) => p.id).sort()).toEqual([firstId, second.credentials()[0]!.id].sort());
  });

  it('an expired enrolment link (72 h) is refused and writes nothing', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client);
    const link = await admin.client.post(`/api/people/${person.id}/enrolments`);
    env.clock.advance(ENROLMENT_LINK_TTL_MS);
    const before = counts(env);

    const res = await new Client(env.app).post('/api/auth/registration/options', { token: tokenOf(link.body.url) });
    expectError(res, 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
  });

  it('only admins issue links: 403 for other roles, 401 without a session, nothing written', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client);
    const supervisor = await signedInAs(env, admin.client, ['supervisor', 'guard', 'auditor', 'worker']);
    const before = counts(env);

    expectError(await supervisor.client.post(`/api/people/${person.id}/enrolments`), 403, 'FORBIDDEN');
    expectError(await new Client(env.app).post(`/api/people/${person.id}/enrolments`), 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
  });

  it('puts the token only in the URL fragment and stores only its SHA-256', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const person = await givenPerson(admin.client);
    const seq = headSeq(env);
    const link = await admin.client.post(`/api/people/${person.id}/enrolments`);

    const url = new URL(link.body.url);
    const token = tokenOf(link.body.url);
    expect(url.hash).toBe(`#${token}`);
    expect(url.pathname + url.search).toBe('/enrol');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.body).not.toHaveProperty('token');

    const stored = rows<{ token_hash: string }>(env, 'select * from enrolments where id = ?', link.body.id);
    expect(stored[0]!.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(rows(env, 'select * from enrolments'))).not.toContain(token);
    const journalText = JSON.stringify(rows(env, 'select * from journal where seq > ?', seq));
    expect(journalText).not.toContain(token);
    expect(journalText).not.toContain(sha256Hex(token));
  });
});
