import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { issueSetupLink } from '../../src/auth/enrolments.ts';
import { buildFuzzWorld, callerFor, paramsFor, queryFor, sessionOf, type FuzzWorld } from '../fuzz/support/world.ts';
import { bodyTemplate } from '../fuzz/support/templates.ts';
import { BODYLESS, fill, isMutation, matrixRoutes, needsSession, type RouteSpec } from '../fuzz/support/routes.ts';
import { type Caller, type SendOpts } from '../fuzz/support/http.ts';
import { expectNone, probe } from '../fuzz/support/probe.ts';
import { Client, enrol, givenPerson, signedInAs, signIn, tokenOf, authenticatorFor } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenPasskeyWorker, givenSite, KioskClient, passkeyEvent } from '../support/world.ts';
import { givenAsset, requestBody } from '../support/custody.ts';

/**
 * Sessions and kiosks (issue 7, item 5), for every route where test/auth and test/access check one:
 * CSRF on every cookie-authenticated mutation, a kiosk acting for an area it does not serve, a revoked
 * kiosk token and a signed-out session on every route they could reach. Each refusal writes nothing.
 */
const ROUTES = matrixRoutes();
const KIOSK_ROUTES = ROUTES.filter((r) => r.access === 'kiosk');

let w: FuzzWorld;
let elsewhere: { kiosk: KioskClient; entryId: number; exitId: number; requestId: number; assetId: number };
beforeAll(async () => {
  w = await buildFuzzWorld();
  // The third area, served by a kiosk of its own: a stay and a submitted carry-in there.
  const kiosk = await givenKiosk(w.env, w.admin.client, [w.otherAreaId]);
  const worker = await givenPasskeyWorker(w.env, w.admin.client, [w.otherAreaId]);
  const entry = await kiosk.post('/api/kiosk/events', badgeEvent(w.otherAreaId, worker.badge, 'in'));
  const asset = await givenAsset(w.admin.client);
  const request = await worker.client.post('/api/custody/requests', requestBody('carry_in', w.otherAreaId, [asset]));
  const submitted = await worker.client.post(`/api/custody/requests/${request.body.id}/submit`);
  // The worker then leaves: the exit whose visit a foreign kiosk must not read.
  const exit = await kiosk.post('/api/kiosk/events', badgeEvent(w.otherAreaId, worker.badge, 'out'));
  if (entry.status !== 201 || submitted.status !== 200 || exit.status !== 201) throw new Error(`other area: ${JSON.stringify([entry.body, submitted.body, exit.body])}`);
  elsewhere = { kiosk, entryId: entry.body.event.id, exitId: exit.body.event.id, requestId: request.body.id, assetId: asset.id };
});

/** The route called with its real params, query and a good body: only the credential is wrong. */
function request(r: RouteSpec): { path: string; opts: SendOpts } {
  const query = queryFor(w, r);
  const path = fill(r.path, paramsFor(w, r));
  const body = isMutation(r) && !BODYLESS.has(r.route) ? { contentType: 'application/json', body: JSON.stringify(bodyTemplate(w, r.route)) } : {};
  return { path: query ? `${path}?${query}` : path, opts: body };
}

async function refused(caller: Caller, r: RouteSpec, status: number, code: string, extra: SendOpts = {}): Promise<string[]> {
  const { path, opts } = request(r);
  const { res, problems } = await probe(w, caller, r.method, path, { ...opts, ...extra }, { status: [status] });
  if (res.status === status && res.json?.error?.code !== code) problems.push(`code ${res.json?.error?.code}, expected ${code}`);
  return problems;
}

describe('CSRF: every cookie-authenticated mutation needs the session’s own x-csrf-token and our Origin', () => {
  for (const r of ROUTES.filter((x) => isMutation(x) && needsSession(x)))
    it(r.route, async () => {
      const caller = callerFor(w, r) as Extract<Caller, { kind: 'session' }>;
      const otherSession = sessionOf((caller.csrf === w.auditor.client.csrf ? w.guard : w.auditor).client);
      const cases: [string, SendOpts][] = [
        ['without x-csrf-token', { csrf: false }],
        ['with a made-up token', { headers: { 'x-csrf-token': randomBytes(32).toString('base64url') } }],
        ['with another session’s token', { headers: { 'x-csrf-token': otherSession.kind === 'session' ? otherSession.csrf : '' } }],
        ['from another origin', { headers: { origin: 'https://evil.example' } }],
      ];
      const problems: string[] = [];
      for (const [what, extra] of cases) problems.push(...(await refused(caller, r, 403, 'FORBIDDEN', extra)).map((p) => `${what}: ${p}`));
      // Control: with its own token the same caller gets past the check (to a harmless 400 where one exists).
      if (r.route !== 'POST /api/auth/logout') {
        const harmless = !BODYLESS.has(r.route) ? { path: request(r).path, opts: json('{') } : r.params.length > 0 ? { path: fill(r.path, { ...paramsFor(w, r), [r.params[0]!]: 'x' }), opts: {} } : request(r);
        const { res } = await probe(w, caller, r.method, harmless.path, harmless.opts);
        if (res.status === 403 && /csrf|origin/i.test(res.json?.error?.message ?? '')) problems.push(`refused even with its own token: ${res.text}`);
      }
      expectNone(problems);
    });
});

describe('a kiosk acting for an area it does not serve is refused (403) and writes nothing', () => {
  // Kiosk routes without an area (the kiosk's profile, identification options) and the ones test/access covers.
  const AREALESS = ['GET /api/kiosk/me', 'POST /api/kiosk/identify/options'];
  const COVERED = ['POST /api/kiosk/events', 'POST /api/kiosk/identify/badge'];
  const other = (): Record<string, () => Promise<[string, SendOpts]>> => ({
    'POST /api/kiosk/movements': async () => ['/api/kiosk/movements', json({ ...(bodyTemplate(w, 'POST /api/kiosk/movements') as object), areaId: w.otherAreaId, accessEventId: elsewhere.entryId })],
    'POST /api/kiosk/approvals/options': async () => ['/api/kiosk/approvals/options', json({ requestId: elsewhere.requestId })],
    'POST /api/kiosk/approvals': async () => {
      // A genuine guard signature over a challenge the area's own kiosk obtained for this request.
      const options = await elsewhere.kiosk.post('/api/kiosk/approvals/options', { requestId: elsewhere.requestId });
      expect(options.status, JSON.stringify(options.body)).toBe(200);
      return ['/api/kiosk/approvals', json({ requestId: elsewhere.requestId, response: w.guard.authenticator.getAssertion(options.body.options) })];
    },
    'GET /api/kiosk/visits/:entryEventId/assets': async () => [`/api/kiosk/visits/${elsewhere.entryId}/assets`, {}],
    'POST /api/kiosk/visits/:entryEventId/confirmations': async () => [`/api/kiosk/visits/${elsewhere.entryId}/confirmations`, json({ answers: [{ assetId: elsewhere.assetId, answer: 'left_on_purpose' }] })],
    'GET /api/kiosk/exits/:exitEventId/visit': async () => [`/api/kiosk/exits/${elsewhere.exitId}/visit`, {}],
    'POST /api/kiosk/keyed-movements/options': async () => ['/api/kiosk/keyed-movements/options', json({ areaId: w.otherAreaId, direction: 'in', assetNumber: 'A2026-00001', accessEventId: elsewhere.entryId })],
    // The area is checked before the passkey is even looked at: a well-formed response is enough.
    'POST /api/kiosk/keyed-movements': async () => [
      '/api/kiosk/keyed-movements',
      json({
        idempotencyKey: randomBytes(16).toString('hex'),
        areaId: w.otherAreaId,
        direction: 'in',
        assetNumber: 'A2026-00001',
        accessEventId: elsewhere.entryId,
        response: { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' }, clientExtensionResults: {} },
      }),
    ],
  });

  it('covers every kiosk route', () => {
    expect([...Object.keys(other()), ...AREALESS, ...COVERED].sort()).toEqual(KIOSK_ROUTES.map((r) => r.route).sort());
  });

  // The approval's challenge is bound to the kiosk that asked for it, and that binding is checked
  // before the area: a foreign kiosk meets 409 there. Its options call (the only way to a binding of
  // its own) is the 403 above.
  const statuses: Record<string, number[]> = { 'POST /api/kiosk/approvals': [403, 409] };
  for (const [route, make] of Object.entries(other()))
    it(route, async () => {
      const [path, opts] = await make();
      const { res, problems } = await probe(w, { kind: 'kiosk', token: w.kiosk.token }, route.split(' ')[0]!, path, opts, { status: statuses[route] ?? [403] });
      expectNone(problems);
    });
});

describe('a revoked kiosk token is refused (401) on every kiosk route and writes nothing', () => {
  let revoked: KioskClient;
  beforeAll(async () => {
    revoked = await givenKiosk(w.env, w.admin.client, [w.site.general.id, w.site.secure.id]);
    const res = await w.admin.client.post(`/api/kiosks/${revoked.id}/revoke`);
    if (res.status !== 200) throw new Error(`revoke kiosk: ${JSON.stringify(res.body)}`);
  });
  for (const r of KIOSK_ROUTES) it(r.route, async () => expectNone(await refused({ kind: 'kiosk', token: revoked.token }, r, 401, 'UNAUTHENTICATED')));
});

describe('a signed-out session is refused (401) on every route that needs one and writes nothing', () => {
  let ghost: Caller;
  beforeAll(async () => {
    // Holding every role: were the session still alive, every route would let it through.
    const all = await signedInAs(w.env, w.admin.client, ['admin', 'supervisor', 'guard', 'worker', 'auditor']);
    ghost = sessionOf(all.client);
    const out = await all.client.post('/api/auth/logout');
    if (out.status !== 204) throw new Error(`logout: ${out.status}`);
  });
  for (const r of ROUTES.filter(needsSession)) it(r.route, async () => expectNone(await refused(ghost, r, 401, 'UNAUTHENTICATED')));
});

function json(body: unknown): SendOpts {
  return { contentType: 'application/json', body: JSON.stringify(body) };
}

describe('secrets never reach the logs', () => {
  it('through setup, enrolment, kiosk enrolment, badge and passkey entries, sign-in, refusals and sign-out', async () => {
    const env = testEnv();
    const secrets = new Map<string, string>();
    const keep = (what: string, value: string | null | undefined) => {
      if (!value || value.length < 8) throw new Error(`no ${what} to look for`);
      secrets.set(what, value);
    };
    const cookieToken = (c: Client) => c.cookie!.slice(c.cookie!.indexOf('=') + 1);

    // First-admin setup through its link.
    const setupToken = tokenOf(issueSetupLink(env.deps).url);
    keep('setup link token', setupToken);
    const admin = new Client(env.app);
    const adminKey = authenticatorFor(env);
    const options = await admin.post('/api/auth/registration/options', { token: setupToken, person: { name: '管理 一郎', kana: 'かんり', organisationName: '株式会社テスト', organisationKana: 'かぶしきがいしゃてすと' } });
    expect((await admin.post('/api/auth/registration/verify', { token: setupToken, response: adminKey.createCredential(options.body.options) })).status).toBe(201);
    keep('admin session token', cookieToken(admin));
    keep('admin CSRF token', admin.csrf);

    // An enrolment link, used.
    const guardPerson = await givenPerson(admin, { roles: ['guard'] });
    const link = await admin.post(`/api/people/${guardPerson.id}/enrolments`);
    keep('enrolment token', tokenOf(link.body.url));
    const guard = await enrol(env, admin, guardPerson.id);
    keep('guard session token', cookieToken(guard.client));
    keep('guard CSRF token', guard.client.csrf);

    // A kiosk enrolled with its code; a wrong code tried too.
    const site = await givenSite(admin);
    const created = await admin.post('/api/kiosks', { name: '正面', areaIds: [site.general.id] });
    keep('kiosk enrolment code', created.body.code);
    keep('kiosk enrolment code as typed', String(created.body.code).replace(/-/g, ''));
    expect((await new Client(env.app).post('/api/kiosk/enrol', { code: 'ZZZZZ-ZZZZZ' })).status).toBe(401);
    const enrolled = await new Client(env.app).post('/api/kiosk/enrol', { code: created.body.code });
    keep('kiosk device token', enrolled.body.token);
    const kiosk = new KioskClient(env.app, enrolled.body.token, created.body.kiosk.id);

    // Badge entries (accepted, and refused for a forged signature), a passkey entry.
    const worker = await givenPasskeyWorker(env, admin, [site.general.id]);
    keep('badge payload', worker.badge);
    keep('badge signature', worker.badge.slice(worker.badge.lastIndexOf('.') + 1));
    keep('worker session token', cookieToken(worker.client));
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'))).body.event.result).toBe('accepted');
    const forged = `${worker.badge.slice(0, worker.badge.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    expect((await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, forged, 'in'))).body.event.result).toBe('refused');
    expect((await kiosk.post('/api/kiosk/events', await passkeyEvent(kiosk, worker, site.general.id, 'out'))).status).toBe(201);

    // Sign-in, a refused sign-in, a request with a wrong cookie and one without its CSRF token, sign-out.
    const again = await signIn(env, adminKey);
    expect(again.status).toBe(200);
    keep('second admin session token', cookieToken(again.client));
    keep('second admin CSRF token', again.client.csrf);
    const challenge = await new Client(env.app).post('/api/auth/login/options');
    const tampered = adminKey.getAssertion(challenge.body.options);
    tampered.response.signature = tampered.response.signature.split('').reverse().join('');
    expect((await new Client(env.app).post('/api/auth/login/verify', { response: tampered })).status).toBe(401);
    const stranger = new Client(env.app);
    stranger.cookie = `ledger_session=${randomBytes(32).toString('base64url')}`;
    expect((await stranger.get('/api/auth/me')).status).toBe(401);
    expect((await again.client.call('POST', '/api/organisations', { name: '株式会社北浜', kana: 'きたはま' }, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await again.client.post('/api/auth/logout')).status).toBe(204);

    const logs = env.logs.join('\n');
    expect(env.logs.length, 'the flow was logged').toBeGreaterThan(30);
    expect(logs).toContain('passkey assertion refused');
    expectNone([...secrets].filter(([, v]) => logs.includes(v)).map(([what]) => `${what} appears in the logs`));
  });
});
