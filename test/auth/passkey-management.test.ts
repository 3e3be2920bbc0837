import { describe, expect, it } from 'vitest';
import { apiTime, T0, testEnv } from '../support/harness.ts';
import { Client, setupAdmin, signedInAs } from '../support/client.ts';
import { counts, credentialRow, expectError, headSeq, journalAfter } from './helpers.ts';

/** An admin and two guards, each with one passkey and a live session. */
async function world() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const alice = await signedInAs(env, admin.client, ['guard']);
  const bob = await signedInAs(env, admin.client, ['guard']);
  const idOf = (s: typeof alice) => s.authenticator.credentials()[0]!.id;
  return { env, admin, alice, bob, aliceKey: idOf(alice), bobKey: idOf(bob) };
}

/** The journal entries a request wrote: exactly one, with this action, on this credential, by this person. */
function expectOneEntry(env: ReturnType<typeof testEnv>, seq: number, action: string, credentialId: string, actorId: number) {
  const entries = journalAfter(env, seq);
  expect(entries.map((e) => [e.action, e.entity_type, e.entity_id, e.actor_type, e.actor_id])).toEqual([
    [action, 'credential', credentialId, 'person', String(actorId)],
  ]);
  expect(entries[0]!.data).not.toHaveProperty('privateKey');
  return entries[0]!;
}

describe('admins manage anyone’s passkeys (E7, E2)', () => {
  it('lists a person’s passkeys without their key material', async () => {
    const { env, admin, alice, aliceKey } = await world();
    const res = await admin.client.get(`/api/people/${alice.personId}/passkeys`);
    expect(res.status).toBe(200);
    expect(res.body.passkeys).toEqual([
      {
        id: aliceKey,
        personId: alice.personId,
        name: 'セキュリティキー',
        transports: ['usb'],
        createdAt: apiTime(T0),
        lastUsedAt: null,
        revokedAt: null,
        lockedAt: null,
        status: 'active',
      },
    ]);
    expectError(await admin.client.get('/api/people/9999/passkeys'), 404, 'NOT_FOUND');
    expect(credentialRow(env, aliceKey)).toBeDefined();
  });

  it('renames a passkey with one credential.renamed entry; a bad name is refused naming the field', async () => {
    const { env, admin, alice, aliceKey } = await world();
    const seq = headSeq(env);
    const res = await admin.client.patch(`/api/passkeys/${aliceKey}`, { name: '  予備の鍵  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: aliceKey, personId: alice.personId, name: '予備の鍵', status: 'active' });
    expect(credentialRow(env, aliceKey)!.name).toBe('予備の鍵');
    const entry = expectOneEntry(env, seq, 'credential.renamed', aliceKey, admin.personId);
    expect(entry.data).toMatchObject({ id: aliceKey, name: '予備の鍵', personId: alice.personId });

    const before = counts(env);
    const bad = await admin.client.patch(`/api/passkeys/${aliceKey}`, { name: '' });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.error.details.issues).toEqual([{ path: 'body.name', message: expect.any(String) }]);
    expect(counts(env)).toEqual(before);
    expect(credentialRow(env, aliceKey)!.name).toBe('予備の鍵');
  });

  it('revokes a passkey with one credential.revoked entry; revoking it again is a CONFLICT', async () => {
    const { env, admin, alice, aliceKey } = await world();
    const seq = headSeq(env);
    const res = await admin.client.post(`/api/passkeys/${aliceKey}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: aliceKey, status: 'revoked', revokedAt: apiTime(T0) });
    expect(credentialRow(env, aliceKey)!.revoked_at).toBe(T0);
    expectOneEntry(env, seq, 'credential.revoked', aliceKey, admin.personId);

    const before = counts(env);
    expectError(await admin.client.post(`/api/passkeys/${aliceKey}/revoke`), 409, 'CONFLICT');
    expect(counts(env)).toEqual(before);
    const listed = await admin.client.get(`/api/people/${alice.personId}/passkeys`);
    expect(listed.body.passkeys).toEqual([expect.objectContaining({ id: aliceKey, status: 'revoked' })]);
  });

  it('answers 404 for an unknown passkey and writes nothing', async () => {
    const { env, admin } = await world();
    const before = counts(env);
    expectError(await admin.client.patch('/api/passkeys/AAAAAAAAAAAAAAAAAAAAAA', { name: '鍵' }), 404, 'NOT_FOUND');
    expectError(await admin.client.post('/api/passkeys/AAAAAAAAAAAAAAAAAAAAAA/revoke'), 404, 'NOT_FOUND');
    expect(counts(env)).toEqual(before);
  });
});

describe('a person manages their own passkeys only (E7, E2)', () => {
  it('lists, renames and revokes their own, one journal entry per change', async () => {
    const { env, alice, aliceKey } = await world();
    const mine = await alice.client.get('/api/auth/me/passkeys');
    expect(mine.status).toBe(200);
    expect(mine.body.passkeys).toEqual([expect.objectContaining({ id: aliceKey, personId: alice.personId, status: 'active' })]);

    let seq = headSeq(env);
    const renamed = await alice.client.patch(`/api/passkeys/${aliceKey}`, { name: '家の鍵' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('家の鍵');
    expect(credentialRow(env, aliceKey)!.name).toBe('家の鍵');
    expectOneEntry(env, seq, 'credential.renamed', aliceKey, alice.personId);

    seq = headSeq(env);
    const revoked = await alice.client.post(`/api/passkeys/${aliceKey}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    expect(credentialRow(env, aliceKey)!.revoked_at).toBe(T0);
    expectOneEntry(env, seq, 'credential.revoked', aliceKey, alice.personId);
  });

  it('gets 404 for someone else’s passkey and 403 for the admin listing; nothing is written', async () => {
    const { env, alice, bob, bobKey } = await world();
    const before = counts(env);

    expectError(await alice.client.patch(`/api/passkeys/${bobKey}`, { name: '盗んだ鍵' }), 404, 'NOT_FOUND');
    expectError(await alice.client.post(`/api/passkeys/${bobKey}/revoke`), 404, 'NOT_FOUND');
    expectError(await alice.client.get(`/api/people/${bob.personId}/passkeys`), 403, 'FORBIDDEN');
    expect(counts(env)).toEqual(before);
    expect(credentialRow(env, bobKey)).toMatchObject({ name: 'セキュリティキー', revoked_at: null });
    const own = await alice.client.get('/api/auth/me/passkeys');
    expect(own.body.passkeys.map((p: { id: string }) => p.id)).not.toContain(bobKey);
  });

  it('needs a session for every passkey route (401)', async () => {
    const { env, alice, aliceKey } = await world();
    const anon = new Client(env.app);
    const before = counts(env);
    expectError(await anon.get('/api/auth/me/passkeys'), 401, 'UNAUTHENTICATED');
    expectError(await anon.get(`/api/people/${alice.personId}/passkeys`), 401, 'UNAUTHENTICATED');
    expectError(await anon.patch(`/api/passkeys/${aliceKey}`, { name: '鍵' }), 401, 'UNAUTHENTICATED');
    expectError(await anon.post(`/api/passkeys/${aliceKey}/revoke`), 401, 'UNAUTHENTICATED');
    expect(counts(env)).toEqual(before);
  });
});

describe('a revoked passkey ends the sessions opened with it (E7)', () => {
  it('signs out everywhere that key signed in, and only there', async () => {
    const { env, admin, alice, bob, aliceKey } = await world();
    const res = await admin.client.post(`/api/passkeys/${aliceKey}/revoke`);
    expect(res.status).toBe(200);
    expect((await alice.client.get('/api/auth/me')).status).toBe(401);
    expect((await bob.client.get('/api/auth/me')).status).toBe(200);
    expect((await admin.client.get('/api/auth/me')).status).toBe(200);
    const entry = env.deps.sqlite.prepare("select data from journal where action = 'credential.revoked' order by seq desc limit 1").get() as { data: string };
    expect(JSON.parse(entry.data).sessionsRevoked).toBe(1);
  });
});
