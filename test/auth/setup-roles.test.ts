import { describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { Client, authenticatorFor, tokenOf } from '../support/client.ts';
import { issueSetupLink } from '../../src/auth/enrolments.ts';
import { counts, expectError, headSeq, journalAfter, rows } from './helpers.ts';

const ADMIN = { name: '管理 一郎', kana: 'かんり いちろう', organisationName: '株式会社テスト', organisationKana: 'かぶしきがいしゃてすと' };

/** The whole setup ceremony with `person` as sent; the verify reply and the journal entries it wrote. */
async function setUp(env: TestEnv, person: Record<string, unknown>) {
  const token = tokenOf(issueSetupLink(env.deps).url);
  const client = new Client(env.app);
  const options = await client.post('/api/auth/registration/options', { token, person });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const since = headSeq(env);
  const res = await client.post('/api/auth/registration/verify', { token, response: authenticatorFor(env).createCredential(options.body.options) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, res, entries: journalAfter(env, since) };
}

function storedRoles(env: TestEnv, personId: number): string[] {
  const [row] = rows<{ roles: string }>(env, 'select roles from people where id = ?', personId);
  return JSON.parse(row!.roles) as string[];
}

describe('the first admin’s roles at setup (issue 17)', () => {
  it('default to admin and supervisor, recorded in the person.created entry', async () => {
    const env = testEnv();
    const { client, res, entries } = await setUp(env, ADMIN);
    expect(res.body.roles).toEqual(['admin', 'supervisor']);
    expect(storedRoles(env, res.body.personId)).toEqual(['admin', 'supervisor']);
    const created = entries.filter((e) => e.action === 'person.created');
    expect(created).toHaveLength(1);
    expect(created[0]!.data).toMatchObject({ id: res.body.personId, roles: ['admin', 'supervisor'] });
    expect((await client.get('/api/auth/me')).body.person.roles).toEqual(['admin', 'supervisor']);
  });

  it('are the ones chosen, and the new session holds them', async () => {
    const env = testEnv();
    const { client, res, entries } = await setUp(env, { ...ADMIN, roles: ['admin', 'guard'] });
    expect(storedRoles(env, res.body.personId)).toEqual(['admin', 'guard']);
    expect(entries.find((e) => e.action === 'person.created')!.data).toMatchObject({ roles: ['admin', 'guard'] });
    expect((await client.get('/api/auth/me')).body.person.roles).toEqual(['admin', 'guard']);
    // Held as chosen: a guard-admin may not sign the daily ledger (supervisor only).
    const signoff = await client.post('/api/areas/1/ledger/2026-01-01/signoff/options');
    expectError(signoff, 403, 'FORBIDDEN');
    expect(signoff.body.error.message).toBe('requires one of: supervisor');
  });

  it('may be admin alone', async () => {
    const env = testEnv();
    const { res } = await setUp(env, { ...ADMIN, roles: ['admin'] });
    expect(storedRoles(env, res.body.personId)).toEqual(['admin']);
  });

  const refused: [string, unknown, string][] = [
    ['an unknown role', ['admin', 'janitor'], 'body.person.roles.1'],
    ['roles without admin', ['supervisor'], 'body.person.roles'],
    ['no roles at all', [], 'body.person.roles'],
    ['a role twice', ['admin', 'supervisor', 'supervisor'], 'body.person.roles'],
    ['not a list', 'admin', 'body.person.roles'],
  ];
  it.each(refused)('refuses %s with a 400 naming the field, and writes nothing', async (_what, roles, path) => {
    const env = testEnv();
    const token = tokenOf(issueSetupLink(env.deps).url);
    const before = counts(env);
    const res = await new Client(env.app).post('/api/auth/registration/options', { token, person: { ...ADMIN, roles } });
    expectError(res, 400, 'VALIDATION_FAILED');
    const issues = res.body.error.details.issues as { path: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.path)).toEqual(issues.map(() => path));
    expect(counts(env)).toEqual(before);
    expect(rows(env, 'select count(*) as n from challenges')).toEqual([{ n: 0 }]);
  });
});
