import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { TestEnv } from '../support/harness.ts';
import { Client, type Reply } from '../support/client.ts';
import type { GetAssertionOpts, SoftAuthenticator } from '../support/soft-authenticator.ts';

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The one error envelope, with the request id the response header carries. */
/**
 * A ceremony's challenge refused (unknown, expired, used, or issued for something else): a stale step,
 * not a failed authentication, so 409 naming the field that carries the challenge (issue 18 item 3).
 */
export function expectChallengeRefused(res: Reply): void {
  expectError(res, 409, 'CONFLICT');
  expect(res.body.error.details.issues).toEqual([{ path: 'body.response.response.clientDataJSON', message: expect.stringMatching(/challenge/) }]);
}

export function expectError(res: Reply, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message', 'requestId']);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toEqual(expect.any(String));
  expect(res.body.error.requestId).toEqual(expect.any(String));
  expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
}

const COUNTED = ['credentials', 'sessions', 'journal', 'people', 'organisations', 'enrolments'] as const;

/** Row counts of the tables an auth flow may write; compare before and after to assert "nothing written". */
export function counts(env: TestEnv): Record<(typeof COUNTED)[number], number> {
  const out = {} as Record<(typeof COUNTED)[number], number>;
  for (const t of COUNTED) out[t] = (env.deps.sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
  return out;
}

export interface JournalEntry {
  seq: number;
  action: string;
  actor_type: string;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  data: any;
}

export function headSeq(env: TestEnv): number {
  return (env.deps.sqlite.prepare('select coalesce(max(seq), 0) as s from journal').get() as { s: number }).s;
}

/** Journal entries written after `seq`, oldest first, with `data` parsed. */
export function journalAfter(env: TestEnv, seq: number): JournalEntry[] {
  const rows = env.deps.sqlite
    .prepare('select seq, action, actor_type, actor_id, entity_type, entity_id, request_id, data from journal where seq > ? order by seq')
    .all(seq) as (Omit<JournalEntry, 'data'> & { data: string | null })[];
  return rows.map((r) => ({ ...r, data: r.data === null ? null : JSON.parse(r.data) }));
}

export function rows<T = Record<string, unknown>>(env: TestEnv, sql: string, ...params: unknown[]): T[] {
  return env.deps.sqlite.prepare(sql).all(...params) as T[];
}

/** The plaintext session token a client holds in its cookie. */
export function tokenOfCookie(client: Client): string {
  if (!client.cookie) throw new Error('client holds no cookie');
  return client.cookie.slice(client.cookie.indexOf('=') + 1);
}

/** A second client that presents the same cookie (and, unless told otherwise, the same CSRF token). */
export function cloneClient(env: TestEnv, from: Client, opts: { csrf?: string | null } = {}): Client {
  const c = new Client(env.app);
  c.cookie = from.cookie;
  c.csrf = opts.csrf === undefined ? from.csrf : opts.csrf;
  return c;
}

/** Login options and an assertion built with `opts`, on a fresh client; nothing is verified yet. */
export async function assertion(env: TestEnv, authenticator: SoftAuthenticator, opts: GetAssertionOpts = {}) {
  const client = new Client(env.app);
  const options = await client.post('/api/auth/login/options');
  expect(options.status).toBe(200);
  return { client, response: authenticator.getAssertion(options.body.options, opts) };
}

/** Runs a whole login with `opts`; returns the reply and the client that made it. */
export async function login(env: TestEnv, authenticator: SoftAuthenticator, opts: GetAssertionOpts = {}) {
  const { client, response } = await assertion(env, authenticator, opts);
  const reply = await client.post('/api/auth/login/verify', { response });
  return { client, reply, response };
}

export function credentialRow(env: TestEnv, id: string) {
  return env.deps.sqlite.prepare('select * from credentials where id = ?').get(id) as
    | { id: string; person_id: number; counter: number; name: string; revoked_at: number | null; locked_at: number | null; last_used_at: number | null }
    | undefined;
}
