import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { z } from 'zod';
import { Validator } from '@seriousme/openapi-schema-validator';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { matrixRoutes } from '../fuzz/support/routes.ts';
import { ERROR_STATUS } from '../../src/http/app-error.ts';
import { REFUSAL_REASONS } from '../../src/db/schema/access.ts';
import { MOVEMENT_REFUSALS } from '../../src/db/schema/custody.ts';
import { validate } from '../../src/http/validate.ts';
import { describeRoute } from '../../src/http/route-meta.ts';
import { requireRole, requireSignedIn } from '../../src/auth/middleware.ts';
import { requireKiosk } from '../../src/kiosks/middleware.ts';
import { buildDocument, openApiPath } from '../../src/api-doc/document.ts';
import { ROUTE_NOTES } from '../../src/api-doc/notes.ts';
import type { AppEnv } from '../../src/http/env.ts';

/** Issue 18 item 1: the API describes itself, and the description is checked against the app and the route matrix. */
let env: TestEnv;
let doc: any;
type Op = { method: string; path: string; op: any };
let ops: Op[];

beforeAll(async () => {
  env = testEnv();
  const res = await env.app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
  ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item as object).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
});

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe('GET /api/openapi.json', () => {
  it('is served to anyone, without a session, and validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every /api route the app serves, each once, and nothing else', () => {
    const served = new Set(env.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const described = ops.map((o) => `${o.method} ${honoPath(o.path)}`);
    expect(described.sort()).toEqual([...served].sort());
  });

  it('gives each route the access the route matrix says, roles and all', () => {
    const wrong: string[] = [];
    for (const r of matrixRoutes()) {
      const op = doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()];
      if (!op) {
        wrong.push(`${r.route}: not in the document`);
        continue;
      }
      const documented = op['x-access'] === 'roles' ? [...op['x-roles']].sort() : op['x-access'];
      const expected = Array.isArray(r.access) ? [...r.access].sort() : r.access;
      if (JSON.stringify(documented) !== JSON.stringify(expected)) wrong.push(`${r.route}: document ${JSON.stringify(documented)}, matrix ${JSON.stringify(expected)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives each route how one authenticates and the error responses its guards and inputs imply', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of ops) {
      const route = `${method} ${path}`;
      const statuses = new Set(Object.keys(op.responses));
      const need = (s: number, why: string) => statuses.has(String(s)) || wrong.push(`${route}: no ${s} (${why})`);
      const access = op['x-access'];
      const mutation = method !== 'GET';
      if (access === 'public') expect(op.security, route).toEqual([]);
      else if (access === 'kiosk') expect(op.security, route).toEqual([{ kioskToken: [] }]);
      else expect(op.security, route).toEqual([mutation ? { session: [], csrfToken: [] } : { session: [] }]);
      if (access !== 'public') need(401, access);
      if (access === 'roles') need(403, 'roles');
      if (mutation && (access === 'roles' || access === 'signed-in')) need(403, 'CSRF');
      if ((op.parameters ?? []).some((p: any) => p.in !== 'path') || op.requestBody) need(400, 'validated input');
      if (op.requestBody) need(415, 'JSON body');
      if (mutation) [413, 503].forEach((s) => need(s, 'a write'));
      if (/\{\w+\}/.test(path)) need(404, 'a record in the path');
      need(431, 'headers');
      if (op.responses.default?.$ref !== '#/components/responses/Error500') wrong.push(`${route}: no default 500`);
      for (const [status, r] of Object.entries<any>(op.responses))
        if (/^[45]/.test(status) && r.$ref !== `#/components/responses/Error${status}`) wrong.push(`${route}: ${status} is not the error envelope`);
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
        if (!op.parameters.some((p: any) => p.in === 'path' && p.name === name && p.required)) wrong.push(`${route}: path parameter ${name} missing`);
    }
    expect(wrong).toEqual([]);
  });

  it('documents the one list of error codes, the envelope and the kiosk’s refusal reasons (refusals are 201)', () => {
    const { schemas, responses } = doc.components;
    expect(schemas.ErrorCode.enum).toEqual(Object.keys(ERROR_STATUS));
    expect(schemas.ErrorCode['x-status']).toEqual(ERROR_STATUS);
    expect(schemas.Error.properties.error.required).toEqual(['code', 'message', 'requestId', 'details']);
    for (const status of new Set(Object.values(ERROR_STATUS))) expect(responses[`Error${status}`].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(schemas.AccessRefusalReason.enum).toEqual([...REFUSAL_REASONS]);
    expect(schemas.MovementRefusalReason.enum).toEqual([...MOVEMENT_REFUSALS]);
    const events = doc.paths['/api/kiosk/events'].post;
    expect(events.responses['201'].description).toMatch(/refused/);
    expect(events['x-refusal-reasons']).toEqual({ $ref: '#/components/schemas/AccessRefusalReason' });
    expect(doc.paths['/api/kiosk/movements'].post['x-refusal-reasons']).toEqual({ $ref: '#/components/schemas/MovementRefusalReason' });
    expect(doc.info.description).toMatch(/x-csrf-token/);
    expect(doc.info.description).toMatch(/\/api\/auth\/me/);
    expect(doc.components.securitySchemes.csrfToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
  });

  it('reads body, query and path parameters from the zod schemas the routes validate with', () => {
    const create = doc.paths['/api/custody/requests'].post;
    expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('areaId');
    expect(create['x-roles']).toEqual(['admin', 'supervisor', 'guard', 'worker']);
    const ledger = doc.paths['/api/areas/{id}/ledger'].get;
    expect(ledger.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true }), expect.objectContaining({ name: 'date', in: 'query' })]));
    expect(doc.paths['/api/auth/enrolment'].get.parameters).toEqual([expect.objectContaining({ name: 'x-enrolment-token', in: 'header', required: true })]);
  });

  it('has no note for a route that does not exist', () => {
    const described = new Set(ops.map((o) => `${o.method} ${honoPath(o.path)}`));
    expect(Object.keys(ROUTE_NOTES).filter((k) => !described.has(k))).toEqual([]);
  });
});

describe('the reference page', () => {
  it('lists every route with its method, path, access, parameters and responses, from the server itself', async () => {
    const res = await env.app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    for (const { method, path, op } of ops) {
      expect(page, `${method} ${path}`).toContain(`<span class="method ${method.toLowerCase()}">${method}</span> <code>${path}</code>`);
      if (op['x-access'] === 'roles') expect(page).toContain(`Signed-in people holding one of: ${op['x-roles'].join(', ')}.`);
    }
    expect(page).toContain('<code>areaId</code>');
    expect(page).toContain('VALIDATION_FAILED');
    expect(page).toContain('kiosk_revoked');
    // The closed network: nothing is fetched from elsewhere, and no script runs.
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<script/i);
    const css = await env.app.request('/api/docs.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('the metadata on middlewares describes a route of any router, without touching its handler', () => {
  it('reads access, inputs and notes through sub-apps, including one with its own onError', () => {
    const Body = z.object({ areaId: z.number().int(), note: z.string().max(10).optional() }).strict();
    const inner = new Hono<AppEnv>()
      .post('/things/:id', requireRole('supervisor'), validate('param', z.object({ id: z.coerce.number().int() })), validate('json', Body), (c) => c.json({}))
      .get('/mine', requireSignedIn, validate('query', z.object({ date: z.string() })), (c) => c.json({}))
      .post('/device', requireKiosk, describeRoute({ summary: 'A device call', success: { status: 201 } }), (c) => c.json({}, 201))
      .get('/open', (c) => c.json({}));
    const withOwnErrors = new Hono<AppEnv>().get('/guarded', requireRole('admin'), (c) => c.json({})).onError((_e, c) => c.json({}, 500));
    const app = new Hono<AppEnv>().route('/api', new Hono<AppEnv>().route('/', inner).route('/x', withOwnErrors));
    const d = buildDocument(app.routes, { version: '0', sessionCookie: 's' }) as any;

    const post = d.paths['/api/things/{id}'].post;
    expect(post['x-roles']).toEqual(['supervisor']);
    expect(post.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'integer' }) }]);
    expect(post.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['areaId'], properties: { note: { maxLength: 10 } }, additionalProperties: false });
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '503']));
    expect(d.paths['/api/mine'].get).toMatchObject({ 'x-access': 'signed-in', parameters: [{ name: 'date', in: 'query', required: true }] });
    expect(d.paths['/api/device'].post).toMatchObject({ 'x-access': 'kiosk', summary: 'A device call', security: [{ kioskToken: [] }] });
    expect(d.paths['/api/device'].post.responses['201']).toBeDefined();
    expect(d.paths['/api/open'].get).toMatchObject({ 'x-access': 'public', security: [] });
    expect(d.paths['/api/x/guarded'].get['x-roles']).toEqual(['admin']);
  });
});
