import type { App } from '../../src/app.ts';
import type { Role } from '../../src/db/schema/roster.ts';
import { issueSetupLink } from '../../src/auth/enrolments.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';
import type { TestEnv } from './harness.ts';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like HTTP client on the app: keeps the session cookie and echoes the CSRF token. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(private readonly app: App) {}

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && typeof body !== 'string') h['content-type'] ??= 'application/json';
    if (this.cookie) h.cookie ??= this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    const res = await this.app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }
}

export function authenticatorFor(env: TestEnv): SoftAuthenticator {
  return new SoftAuthenticator({ rpId: env.deps.config.rpId, origin: env.deps.config.rpOrigin });
}

export function tokenOf(url: string): string {
  return url.slice(url.indexOf('#') + 1);
}

export interface SignedIn {
  client: Client;
  authenticator: SoftAuthenticator;
  personId: number;
}

/** Runs the real first-admin ceremony: setup link, registration options, soft authenticator, verify. */
export async function setupAdmin(env: TestEnv, name = '管理 一郎'): Promise<SignedIn> {
  const token = tokenOf(issueSetupLink(env.deps).url);
  const client = new Client(env.app);
  const authenticator = authenticatorFor(env);
  const options = await client.post('/api/auth/registration/options', {
    token,
    // Admin only: the tests decide who else approves, so the setup default (admin + supervisor) is not used here.
    person: { name, kana: 'かんり いちろう', organisationName: '株式会社テスト', organisationKana: 'かぶしきがいしゃてすと', roles: ['admin'] },
  });
  if (options.status !== 200) throw new Error(`setup options: ${options.status} ${JSON.stringify(options.body)}`);
  const verify = await client.post('/api/auth/registration/verify', { token, response: authenticator.createCredential(options.body.options) });
  if (verify.status !== 201) throw new Error(`setup verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return { client, authenticator, personId: verify.body.personId };
}

let counter = 0;

/** Creates a roster person through the admin API. */
export async function givenPerson(admin: Client, fields: { roles?: Role[]; name?: string; kana?: string; [k: string]: unknown } = {}) {
  const orgs = await admin.get('/api/organisations');
  const organisationId = orgs.body.organisations[0].id;
  counter += 1;
  const res = await admin.post('/api/people', { name: `試験 ${counter}号`, kana: 'しけん', organisationId, roles: ['worker'], ...fields });
  if (res.status !== 201) throw new Error(`givenPerson: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: number; name: string; roles: Role[] };
}

/** Enrols a passkey for a roster person through an admin-issued link, leaving them signed in. */
export async function enrol(env: TestEnv, admin: Client, personId: number): Promise<SignedIn> {
  const link = await admin.post(`/api/people/${personId}/enrolments`);
  if (link.status !== 201) throw new Error(`enrolment link: ${link.status} ${JSON.stringify(link.body)}`);
  const token = tokenOf(link.body.url);
  const client = new Client(env.app);
  const authenticator = authenticatorFor(env);
  const options = await client.post('/api/auth/registration/options', { token });
  const verify = await client.post('/api/auth/registration/verify', { token, response: authenticator.createCredential(options.body.options) });
  if (verify.status !== 201) throw new Error(`enrol verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return { client, authenticator, personId };
}

/** A signed-in person holding `roles`, created by `admin`. */
export async function signedInAs(env: TestEnv, admin: Client, roles: Role[]): Promise<SignedIn> {
  const person = await givenPerson(admin, { roles });
  return enrol(env, admin, person.id);
}

/** Signs in again with an existing authenticator (a fresh session). */
export async function signIn(env: TestEnv, authenticator: SoftAuthenticator): Promise<Reply & { client: Client }> {
  const client = new Client(env.app);
  const options = await client.post('/api/auth/login/options');
  const res = await client.post('/api/auth/login/verify', { response: authenticator.getAssertion(options.body.options) });
  return Object.assign(res, { client });
}
