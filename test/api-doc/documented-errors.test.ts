import { beforeAll, describe, expect, it } from 'vitest';
import { buildFuzzWorld, callerFor, paramsFor, queryFor, sessionOf, type FuzzWorld } from '../fuzz/support/world.ts';
import { bodyTemplate } from '../fuzz/support/templates.ts';
import { BODYLESS, fill, matrixRoutes, type RouteSpec } from '../fuzz/support/routes.ts';
import { envelopeProblems, send, type Caller, type Sent } from '../fuzz/support/http.ts';
import { ERROR_STATUS } from '../../src/http/app-error.ts';
import { openApiPath } from '../../src/api-doc/document.ts';
import type { Role } from '../../src/db/schema/roster.ts';

/**
 * Issue 18: every route's error statuses, read from the document, each answered as documented. For each
 * status a client can provoke without a particular state of the records (400, 401, 403, 404, 413, 415)
 * a request is sent that must get it, in the one envelope; the others (409, 412, 429, 431, 500, 503)
 * need a state, a flood or a broken server, and are checked by their own tests.
 */
const SAMPLED = [400, 401, 403, 404, 413, 415];

/**
 * Documented statuses no generic request provokes: an unknown id nested in a list or behind a passkey
 * ceremony (the assertion is checked first), a kiosk's other area where the body names a request, a site
 * scope (route-matrix.test.ts checks those), a 400 for inputs whose every value is accepted. Listed, so that
 * a new gap is seen rather than silently skipped.
 */
const NOT_GENERIC = [
  'POST /api/auth/registration/verify 404',
  'POST /api/auth/login/verify 404',
  'POST /api/passkeys/:credentialId/revoke 400',
  'POST /api/contracts 404',
  'POST /api/kiosks 404',
  'POST /api/kiosk/identify/badge 404',
  'POST /api/kiosk/events 404',
  'POST /api/access/paper-stays 404',
  'POST /api/assets 404',
  'POST /api/areas/:id/ledger/:date/signoff 404',
  'POST /api/sites/:id/ledger/:date/signoff 404',
  'GET /api/custody/request-choices 400',
  'GET /api/custody/requests/:id 403',
  'POST /api/areas/:id/custody-ledger/:date/signoff 404',
  'POST /api/kiosk/approvals/options 403',
  'POST /api/kiosk/approvals 403',
  'POST /api/kiosk/approvals 404',
  'POST /api/kiosk/keyed-movements/options 403',
  'POST /api/kiosk/keyed-movements/options 404',
  'POST /api/kiosk/keyed-movements 403',
  'POST /api/kiosk/keyed-movements 404',
  'POST /api/kiosk/visits/:entryEventId/confirmations 403',
  'POST /api/city/permissions/:id/confirm 404',
  'POST /api/city/permissions/:id/dispute 404',
  'POST /api/city/custody-requests/:id/permit 404',
  'POST /api/city/disposal-requests/:id/permit 404',
  'POST /api/city/asset-networks/:id/permit 404',
  'POST /api/city/production-data/:id/permit 404',
  // 甲's colleague's sites: an unknown site nested in the list.
  'POST /api/city/staff 404',
  'GET /api/training/status 400',
  'POST /api/incidents 404',
  'POST /api/submissions 400',
  'POST /api/submissions/:id/receipt 404',
];
const ROUTES = matrixRoutes();
const UNKNOWN = '999999';

let w: FuzzWorld;
let doc: any;
beforeAll(async () => {
  w = await buildFuzzWorld();
  doc = await (await w.env.app.request('/api/openapi.json')).json();
});

type Schema = Record<string, any>;
type Param = { name: string; in: string; required: boolean; schema: Schema };
/** A path parameter naming a record by number (`:id`, `:serial`, `:assetId`). */
const isId = (p: Param) => p.schema.type === 'integer' || p.schema.pattern === '^\\d{1,16}$';
const UNKNOWN_NAMES: Record<string, string> = { credentialId: 'AAAAAAAAAAAAAAAAAAAAAB', name: 'evidence-20000101T000000Z-000000' };

/** A value this query parameter's schema refuses, or undefined when it accepts any short text. */
function badQueryValue(s: Schema): string | undefined {
  if (Array.isArray(s.enum)) return '__no_such_value__';
  if (s.type === 'integer' || s.type === 'number' || s.pattern || s.format) return 'abc!';
  if (typeof s.maxLength === 'number') return 'x'.repeat(s.maxLength + 1);
  return undefined;
}
const opOf = (r: RouteSpec) => doc.paths[openApiPath(r.path)][r.method.toLowerCase()];
const bodySchema = (op: any): Schema | undefined => op.requestBody?.content['application/json'].schema;
const takesJson = (r: RouteSpec, op: any) => op.requestBody !== undefined && !BODYLESS.has(r.route);

/** A value no schema of this type accepts. */
function wrongFor(s: Schema): unknown {
  if (Array.isArray(s.enum) || 'const' in s) return '__no_such_value__';
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'string') return { not: 'a string' };
  if (type === 'integer' || type === 'number') return 'not a number';
  if (type === 'boolean') return 'not a boolean';
  if (type === 'array') return 'not an array';
  if (type === 'object') return 'not an object';
  return [[[]]];
}

interface Sample {
  what: string;
  caller: Caller;
  path: string;
  body?: unknown;
  raw?: { text: string; contentType: string };
  csrf?: boolean;
  /** For a 400 or a 404 on a field: the issue path the answer must name. */
  field?: string;
}

/** The fuzz world's query for a route, and the day for the site ledger, which the fuzz reaches with other dates. */
const queryOf = (r: RouteSpec) => queryFor(w, r) || (r.route === 'GET /api/sites/:id/ledger' ? 'date=2026-11-20' : '');

/** A ceremony's second step: its assertion is checked before anything it names, so an unknown id is not reached. */
const isCeremony = (op: any) => bodySchema(op)?.properties?.response !== undefined;

function base(r: RouteSpec, caller = callerFor(w, r)): Sample {
  const query = queryOf(r);
  return { what: '', caller, path: fill(r.path, paramsFor(w, r)) + (query ? `?${query}` : ''), body: r.method === 'GET' || BODYLESS.has(r.route) ? undefined : bodyTemplate(w, r.route) };
}

const CALLERS: Partial<Record<Role, () => Caller>> = {
  admin: () => sessionOf(w.admin.client),
  supervisor: () => sessionOf(w.supervisor.client),
  guard: () => sessionOf(w.guard.client),
  auditor: () => sessionOf(w.auditor.client),
  worker: () => sessionOf(w.worker.client),
  city: () => sessionOf(w.city.client),
};

/** The requests that must each be answered `status` on this route; empty when none can be made generically. */
function samples(r: RouteSpec, op: any, status: number): Sample[] {
  const out: Sample[] = [];
  const params = op.parameters as Param[];
  const query = queryOf(r);
  const withQuery = (path: string, q = query) => path + (q ? `?${q}` : '');
  const idParams = params.filter((p) => p.in === 'path' && isId(p));
  switch (status) {
    case 400: {
      for (const p of idParams) out.push({ ...base(r), what: `param ${p.name} not a number`, path: withQuery(fill(r.path, { ...paramsFor(w, r), [p.name]: 'abc' })), field: `param.${p.name}` });
      for (const p of params.filter((q) => q.in === 'query' && q.required)) out.push({ ...base(r), what: `query ${p.name} missing`, path: fill(r.path, paramsFor(w, r)), field: `query.${p.name}` });
      const optional = params.filter((q) => q.in === 'query' && !q.required).find((q) => badQueryValue(q.schema) !== undefined);
      if (optional) {
        const q = [query, `${optional.name}=${encodeURIComponent(badQueryValue(optional.schema)!)}`].filter(Boolean).join('&');
        out.push({ ...base(r), what: `query ${optional.name} out of its schema`, path: withQuery(fill(r.path, paramsFor(w, r)), q), field: `query.${optional.name}` });
      }
      for (const p of params.filter((q) => q.in === 'header' && q.required)) out.push({ ...base(r), what: `header ${p.name} missing`, field: `header.${p.name}` });
      const body = bodySchema(op);
      const template = base(r).body as Record<string, unknown> | undefined;
      const field = takesJson(r, op) && template && typeof template === 'object' ? Object.keys(body?.properties ?? {}).find((k) => k in template || (body!.required ?? []).includes(k)) : undefined;
      if (field) out.push({ ...base(r), what: `body ${field} of the wrong type`, body: { ...template, [field]: wrongFor(body!.properties[field]) }, field: `body.${field}` });
      break;
    }
    case 401:
      out.push({ ...base(r, { kind: 'anon' }), what: 'no session or token' });
      break;
    case 403: {
      if (op['x-access'] === 'roles') {
        const outsider = (Object.keys(CALLERS) as Role[]).find((role) => !op['x-roles'].includes(role));
        if (outsider) out.push({ ...base(r, CALLERS[outsider]!()), what: `as ${outsider}` });
      }
      if (r.method !== 'GET' && (op['x-access'] === 'roles' || op['x-access'] === 'signed-in')) out.push({ ...base(r), what: 'without x-csrf-token', csrf: false });
      const template = base(r).body as Record<string, unknown> | undefined;
      if (op['x-access'] === 'kiosk' && template && typeof template === 'object' && 'areaId' in template) out.push({ ...base(r), what: 'an area the kiosk does not serve', body: { ...template, areaId: w.otherAreaId } });
      break;
    }
    case 404: {
      const ids = params.filter((p) => p.in === 'path' && (isId(p) || p.name in UNKNOWN_NAMES));
      if (isCeremony(op)) break;
      if (ids.length > 0) {
        const values = Object.fromEntries(ids.map((p) => [p.name, UNKNOWN_NAMES[p.name] ?? UNKNOWN]));
        out.push({ ...base(r), what: `unknown ${ids.map((p) => p.name).join(', ')} in the path`, path: withQuery(fill(r.path, { ...paramsFor(w, r), ...values })) });
      } else {
        const template = base(r).body as Record<string, unknown> | undefined;
        // A ceremony's assertion is checked before what it approves; a kiosk names only the areas it serves (403).
        const eligible = (k: string) => /Id$/.test(k) && typeof template![k] === 'number' && !(op['x-access'] === 'kiosk' && k === 'areaId');
        const key = template && typeof template === 'object' ? Object.keys(template).find(eligible) : undefined;
        if (key) out.push({ ...base(r), what: `unknown body ${key}`, body: { ...template, [key]: Number(UNKNOWN) }, field: `body.${key}` });
      }
      break;
    }
    case 413:
      out.push({ ...base(r), what: 'a body over the limit', raw: { contentType: 'application/json', text: JSON.stringify({ padding: 'x'.repeat(w.env.deps.config.bodyLimitBytes + 1) }) } });
      break;
    case 415:
      if (takesJson(r, op)) out.push({ ...base(r), what: 'JSON sent as text/plain', raw: { contentType: 'text/plain', text: JSON.stringify(base(r).body ?? {}) } });
      break;
  }
  return out;
}

async function sendSample(r: RouteSpec, s: Sample): Promise<Sent> {
  if (s.raw) return send(w.env.app, s.caller, r.method, s.path, { contentType: s.raw.contentType, body: s.raw.text, csrf: s.csrf });
  if (s.body === undefined) return send(w.env.app, s.caller, r.method, s.path, { csrf: s.csrf });
  return send(w.env.app, s.caller, r.method, s.path, { contentType: 'application/json', body: JSON.stringify(s.body), csrf: s.csrf });
}

describe('every documented error status is answered as documented (a sample request for each)', () => {
  for (const r of ROUTES)
    it(r.route, async () => {
      const op = opOf(r);
      const documented = Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s)).map(Number);
      const problems: string[] = [];
      for (const status of documented.filter((s) => SAMPLED.includes(s))) {
        for (const s of samples(r, op, status)) {
          const res = await sendSample(r, s);
          const where = `${status} (${s.what})`;
          if (res.status !== status) {
            problems.push(`${where}: answered ${res.status} ${res.text.slice(0, 200)}`);
            continue;
          }
          problems.push(...envelopeProblems(res).map((p) => `${where}: ${p}`));
          const code = res.json.error.code as keyof typeof ERROR_STATUS;
          if (!doc.components.schemas.ErrorCode.enum.includes(code) || ERROR_STATUS[code] !== status) problems.push(`${where}: code ${code}`);
          if (s.field && !(res.json.error.details?.issues ?? []).some((i: { path: string }) => i.path === s.field || i.path.startsWith(`${s.field}.`)))
            problems.push(`${where}: does not name ${s.field}: ${JSON.stringify(res.json.error.details)}`);
        }
      }
      expect(problems).toEqual([]);
    });

  it('samples each generic status on the routes that document it', () => {
    const unsampled: string[] = [];
    let sent = 0;
    for (const r of ROUTES) {
      const op = opOf(r);
      for (const status of SAMPLED.filter((s) => String(s) in op.responses)) {
        const n = samples(r, op, status).length;
        sent += n;
        if (n === 0) unsampled.push(`${r.route} ${status}`);
      }
    }
    expect(unsampled).toEqual(NOT_GENERIC);
    expect(sent).toBeGreaterThan(500);
  });
});

describe('every passkey ceremony starts with one shape, { options, context } (issue 18 item 3)', () => {
  // What needs a state the fuzz world does not hold: a live enrolment link's token (only its URL carries
  // it), a scanned entry to key an asset number against, a site policy reserving the action to 甲. Their
  // own feature tests go through the same shape.
  const NEEDS_STATE = new Set(['POST /api/auth/registration/options', 'POST /api/kiosk/keyed-movements/options', 'POST /api/city/custody-requests/:id/permit/options', 'POST /api/city/disposal-requests/:id/permit/options']);
  it('for every route the document marks x-passkey-ceremony', async () => {
    const wrong: string[] = [];
    const ceremonies = ROUTES.filter((r) => opOf(r)['x-passkey-ceremony'] === true);
    expect(ceremonies.length).toBeGreaterThanOrEqual(11);
    for (const r of ceremonies.filter((c) => !NEEDS_STATE.has(c.route))) {
      const res = await sendSample(r, { ...base(r), what: 'options' });
      if (res.status !== 200) wrong.push(`${r.route}: ${res.status} ${res.text.slice(0, 200)}`);
      else if (JSON.stringify(Object.keys(res.json).sort()) !== '["context","options"]') wrong.push(`${r.route}: answered keys ${Object.keys(res.json).sort().join(', ')}`);
      else if (typeof res.json.options.challenge !== 'string') wrong.push(`${r.route}: options without a challenge`);
    }
    expect(wrong).toEqual([]);
  });
});
