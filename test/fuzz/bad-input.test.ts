import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFuzzWorld, callerFor, paramsFor, queryFor, sessionOf, type FuzzWorld } from './support/world.ts';
import { bodyTemplate, bodyTemplates } from './support/templates.ts';
import { fill, isMutation, matrixRoutes, seedOf, takesBody, type RouteSpec } from './support/routes.ts';
import { applyMutation, badParam, deepArray, deepObject, edgeString, encodeParam, HOSTILE_STRINGS, hostileCsv, hostileValue, malformedJson, mutation, pathsOf, RawJson, toJsonText } from './support/values.ts';
import { expectNone, holds, probe } from './support/probe.ts';
import { send, sendJson, type SendOpts } from './support/http.ts';

/**
 * Bad input everywhere (issue 7, item 4): every route of ROUTES, called as a role it admits, gets
 * arbitrary and malformed input. Whatever comes in: never a 5xx, every 4xx in the one envelope with
 * its request id, a 400 names the field (or says the JSON is malformed), and a 4xx writes nothing.
 */
const ROUTES = matrixRoutes();
const BODY = ROUTES.filter(takesBody);
const RUNS = { json: 20, fields: 40, malformed: 10, params: 15, query: 15, csv: 60, headers: 150 };
const WRONG_TYPES = [null, 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'];
const QUERY_KEYS = ['date', 'format', 'month', 'q', 'limit', 'offset', 'status', 'kind', 'areaId', 'siteId', 'personId', 'ids', 'personIds', 'after', 'before', 'latest', 'include', 'onSite', 'overdue', 'course', 'from', 'to', 'path', 'active', 'custodianId', 'organisationId'];

let w: FuzzWorld;
beforeAll(async () => {
  w = await buildFuzzWorld();
});

const target = (world: FuzzWorld, r: RouteSpec) => ({ caller: callerFor(world, r), path: fill(r.path, paramsFor(world, r)) });
const asJson = (text: string): SendOpts => ({ contentType: 'application/json', body: text });

describe('the fuzz covers every route', () => {
  it('reads from ROUTES exactly the routes the app serves', () => {
    const served = w.env.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    expect(ROUTES.map((r) => r.route).sort()).toEqual([...new Set(served)].sort());
  });
});

describe('a JSON body sent without a JSON content type is refused, not read as {}', () => {
  // A world of its own: each route's template must still be acceptable when it is sent mislabelled.
  let fresh: FuzzWorld;
  beforeAll(async () => {
    fresh = await buildFuzzWorld();
  });
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(fresh, r);
      const problems: string[] = [];
      for (const contentType of WRONG_TYPES) {
        const out = await probe(fresh, caller, r.method, path, { contentType, body: JSON.stringify(bodyTemplate(fresh, r.route)) }, { refused: true });
        problems.push(...out.problems.map((p) => `Content-Type ${contentType ?? '(none)'}: ${p}`));
      }
      expectNone(problems);
    });
});

describe('arbitrary JSON bodies (fast-check)', () => {
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const template = bodyTemplate(w, r.route);
      const keys = template && typeof template === 'object' ? Object.keys(template) : [];
      const arb = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.oneof(fc.constantFrom('x', ...keys), edgeString), hostileValue, { maxKeys: 6 }));
      await holds(seedOf(`json ${r.route}`), RUNS.json, arb, async (body) => (await probe(w, caller, r.method, path, asJson(toJsonText(body)))).problems);
    });
});

describe('one part of a good body broken: wrong types, hostile strings, huge numbers, removed or unknown fields (fast-check)', () => {
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const shapes = bodyTemplates(w, r.route);
      const arb = fc.nat(shapes.length - 1).chain((i) => mutation(shapes[i]).map((m) => ({ i, m })));
      await holds(seedOf(`field ${r.route}`), RUNS.fields * shapes.length, arb, async ({ i, m }) => {
        // A fresh template per run: idempotency keys and unique names must not turn every run into a replay.
        const body = applyMutation(bodyTemplates(w, r.route)[i], m);
        return (await probe(w, caller, r.method, path, asJson(body))).problems;
      });
    });
});

describe('malformed JSON text is a 400 that says so (fast-check)', () => {
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      await holds(seedOf(`malformed ${r.route}`), RUNS.malformed, malformedJson(bodyTemplate(w, r.route)), async (text) => {
        const { res, problems } = await probe(w, caller, r.method, path, asJson(text), { status: [400] });
        if (res.status === 400 && !/malformed json/i.test(res.json?.error?.message ?? '')) problems.push(`400 does not say the JSON is malformed: ${res.text.slice(0, 200)}`);
        return problems;
      });
    });
});

describe('10 000 levels of nesting, as the body and as each field', () => {
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const problems: string[] = [];
      for (const [what, text] of [['nested arrays', deepArray()], ['nested objects', deepObject()]] as const) {
        const whole = await probe(w, caller, r.method, path, asJson(text), { refused: true });
        problems.push(...whole.problems.map((p) => `body of ${what}: ${p}`));
        for (const [i, shape] of bodyTemplates(w, r.route).entries())
          for (const field of pathsOf(shape)) {
            const body = applyMutation(bodyTemplates(w, r.route)[i], { op: 'set', path: field, value: new RawJson(text) });
            const one = await probe(w, caller, r.method, path, asJson(body));
            problems.push(...one.problems.map((p) => `${field.join('.')} = ${what}: ${p}`));
          }
      }
      expectNone(problems);
    });
});

describe('a body over the limit is a 413 on every mutating route', () => {
  for (const r of ROUTES.filter(isMutation))
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const limit = w.env.deps.config.bodyLimitBytes;
      const text = `{"a":"${'x'.repeat(limit)}"}`;
      const chunk = new TextEncoder().encode(text);
      const streamed = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(chunk);
          c.close();
        },
      });
      const problems: string[] = [];
      for (const [what, body] of [['sized', text], ['streamed', streamed]] as const) {
        const { res, problems: p } = await probe(w, caller, r.method, path, { contentType: 'application/json', body }, { status: [413] });
        if (res.status === 413 && res.json?.error?.code !== 'PAYLOAD_TOO_LARGE') p.push(`413 with code ${res.json?.error?.code}`);
        problems.push(...p.map((x) => `${what}: ${x}`));
      }
      expectNone(problems);
    });
});

describe('CSV imports with hostile cells, odd columns, quoting and line ends (fast-check)', () => {
  const imports: [string, string[], () => string[]][] = [
    [
      'POST /api/assets/import',
      ['asset_number', 'kind', 'owner_type', 'serial_number', 'description', 'classification', 'has_storage', 'network_approved', 'fixed', 'custodian_id'],
      () => ['laptop', 'usb_memory', 'contractor', 'personal', 'city_loaned', 'important', 'none', 'はい', 'no', '1', 'A-1', 'a/b.c', String(w.victim.id), '99999999999999999999'],
    ],
    ['POST /api/schedules/import', ['person_id', 'day', 'start', 'end'], () => [String(w.victim.id), '2026-11-20', '2026-11-31', '09:00', '24:00', '22:00', '06:00', '00:00', '-1', '99999999999999999999']],
  ];
  for (const [route, columns, plausible] of imports)
    it(route, async () => {
      const r = ROUTES.find((x) => x.route === route)!;
      const { caller, path } = target(w, r);
      await holds(seedOf(`csv ${route}`), RUNS.csv, hostileCsv(columns, plausible()), async (csv) => (await probe(w, caller, r.method, path, asJson(JSON.stringify({ csv })))).problems);
    });
});

describe('path params that are not ids, not dates, not names (fast-check)', () => {
  for (const r of ROUTES.filter((x) => x.params.length > 0))
    it(r.route, async () => {
      const real = paramsFor(w, r);
      const caller = callerFor(w, r);
      const query = queryFor(w, r);
      const arb = fc.constantFrom(...r.params).chain((name) => badParam(name).map((value) => ({ name, value })));
      await holds(seedOf(`param ${r.route}`), RUNS.params, arb, async ({ name, value }) => {
        const path = r.path.replace(/:(\w+)/g, (_, n: string) => (n === name ? encodeParam(value) : encodeURIComponent(real[n] ?? '1')));
        // `.` and `..` are resolved by the URL parser into another route: only the envelope rules apply there.
        const moved = new URL(path, 'http://localhost').pathname !== path;
        const numeric = ['id', 'serial', 'assetId', 'entryEventId'].includes(name);
        const body = takesBody(r) ? asJson(JSON.stringify(bodyTemplate(w, r.route))) : {};
        return (await probe(w, caller, r.method, query ? `${path}?${query}` : path, body, { refused: numeric && !moved })).problems;
      });
    });
});

describe('query strings with hostile, repeated and unknown parameters (fast-check)', () => {
  for (const r of ROUTES.filter((x) => x.method === 'GET'))
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const base = [...new URLSearchParams(queryFor(w, r))];
      const key = fc.oneof(fc.constantFrom(...QUERY_KEYS, ...base.map(([k]) => k)), edgeString);
      const value = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), edgeString, fc.constantFrom('1', '0', '-1', '1e400', 'json', 'csv', 'html', 'true'));
      const change = fc.record({ op: fc.constantFrom('set', 'append', 'delete'), key, value });
      await holds(seedOf(`query ${r.route}`), RUNS.query, fc.array(change, { minLength: 1, maxLength: 3 }), async (changes) => {
        const pairs = [...base];
        for (const c of changes) {
          if (c.op !== 'append') pairs.splice(0, pairs.length, ...pairs.filter(([k]) => k !== c.key));
          if (c.op !== 'delete') pairs.push([c.key, c.value]);
        }
        const qs = pairs.map(([k, v]) => `${encodeParam({ text: k })}=${encodeParam({ text: v })}`).join('&');
        return (await probe(w, caller, 'GET', `${path}?${qs}`, {})).problems;
      });
    });
});

describe('hostile Cookie and Authorization headers (fast-check)', () => {
  it('on any route: refused in the envelope, never a 5xx, nothing written', async () => {
    const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 });
    const cookie = fc.oneof(latin1, latin1.map((v) => `ledger_session=${v}`), fc.constantFrom('ledger_session=%zz', 'ledger_session="x', `ledger_session=${'a'.repeat(9000)}`, 'ledger_session=a; ledger_session=b', '=;;=;'));
    const auth = fc.oneof(latin1, latin1.map((v) => `Bearer ${v}`), fc.constantFrom('Bearer ', 'Basic YTpi', `Bearer ${'A'.repeat(5000)}`));
    const arb = fc.record({ r: fc.constantFrom(...ROUTES), cookie: fc.option(cookie), auth: fc.option(auth) });
    await holds(seedOf('headers'), RUNS.headers, arb, async ({ r, cookie, auth }) => {
      const headers: Record<string, string> = {};
      if (cookie !== null) headers.cookie = cookie;
      if (auth !== null) headers.authorization = auth;
      const path = fill(r.path, paramsFor(w, r));
      return (await probe(w, { kind: 'anon' }, r.method, path, { headers, ...(isMutation(r) ? asJson('{}') : {}) }, { refused: r.access !== 'public' })).problems;
    });
  });
});

describe('methods a path does not serve', () => {
  it('are refused in the envelope and write nothing', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const r of ROUTES) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
    const problems: string[] = [];
    for (const [template, methods] of byPath) {
      const path = fill(template, paramsFor(w, ROUTES.find((r) => r.path === template)!));
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !methods.has(m))) {
        // Another route's pattern may match the same path (GET /api/assets/import is GET /api/assets/:id).
        const out = await probe(w, sessionOf(w.admin.client), method, path, method === 'GET' ? {} : asJson('{}'), { refused: true });
        problems.push(...out.problems.map((p) => `${method} ${template}: ${p}`));
      }
    }
    expectNone(problems);
  });
});

describe('a body that names an unknown field is refused, not silently trimmed', () => {
  for (const r of BODY)
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const template = bodyTemplate(w, r.route) as Record<string, unknown>;
      const out = await probe(w, caller, r.method, path, asJson(JSON.stringify({ ...template, nmae: '綴り間違い' })), { status: [400] });
      expectNone(out.problems);
    });
});

describe('a PATCH that changes nothing is refused, not journaled as a change', () => {
  for (const r of BODY.filter((x) => x.method === 'PATCH'))
    it(r.route, async () => {
      const { caller, path } = target(w, r);
      const out = await probe(w, caller, r.method, path, asJson('{}'), { status: [400] });
      expectNone(out.problems);
    });
});

describe('Unicode edge cases in text fields', () => {
  const admin = () => sessionOf(w.admin.client);

  it('accepts half-width katakana readings with voiced, semi-voiced and long-vowel marks (fields.ts: "katakana (full or half width)")', async () => {
    const problems: string[] = [];
    for (const kana of ['ｷﾀﾊﾏ ｼﾞﾛｳ', 'ﾊﾟｰｸ ﾀﾛｳ', 'ｺｰﾋｰ']) {
      const res = await sendJson(w.env.app, admin(), 'POST', '/api/people', { name: `半角 ${kana}`, kana, organisationId: 1, roles: ['worker'] });
      if (res.status !== 201) problems.push(`kana ${JSON.stringify(kana)}: ${res.status} ${res.text}`);
    }
    expectNone(problems);
  });

  it('stores names and readings typed in NFD as NFC', async () => {
    const res = await sendJson(w.env.app, admin(), 'POST', '/api/people', { name: 'か\u3099くと', kana: 'か\u3099くと', organisationId: 1, roles: ['worker'] });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: 'がくと', kana: 'がくと' });
  });

  it('refuses a lone surrogate in a text field rather than storing something else than was sent', async () => {
    const problems: string[] = [];
    for (const odd of ['\ud800', '\udc00', '\udbff']) {
      const name = `組織${odd}名`;
      const res = await sendJson(w.env.app, admin(), 'POST', '/api/organisations', { name, kana: 'そしき' });
      if (res.status === 400) {
        if (!res.json.error.details.issues.some((i: { path: string }) => i.path === 'body.name')) problems.push(`400 does not name body.name: ${res.text}`);
        continue;
      }
      const stored = (w.env.deps.sqlite.prepare('select name from organisations where id = ?').get(res.json?.id) as { name: string } | undefined)?.name;
      const journaled = JSON.parse((w.env.deps.sqlite.prepare("select data from journal where entity_type = 'organisation' and entity_id = ? order by seq desc").get(String(res.json?.id)) as { data: string }).data).name;
      if (stored !== name || journaled !== name)
        problems.push(`POST /api/organisations name ${JSON.stringify(name)} → ${res.status}; the row holds ${JSON.stringify(stored)}, the journal records ${JSON.stringify(journaled)}`);
    }
    expectNone(problems);
  });

  it('never echoes a hostile X-Request-Id', async () => {
    const problems: string[] = [];
    // Header values are ByteStrings: anything past U+00FF cannot even be sent.
    for (const id of ['<script>alert(1)</script>', "' OR 1=1 --", 'a'.repeat(300), '../../x', 'caf\u00e9', '"quoted"']) {
      const res = await send(w.env.app, admin(), 'GET', '/api/people/abc', { headers: { 'x-request-id': id } });
      const header = res.headers.get('x-request-id') ?? '';
      if (header === id || res.json?.error?.requestId !== header || !/^[\w=-]{1,255}$/.test(header)) problems.push(`x-request-id ${JSON.stringify(id)} → header ${JSON.stringify(header)}, body ${res.json?.error?.requestId}`);
    }
    expectNone(problems);
  });
});

describe('export package files', () => {
  it('serve nothing outside the package, whatever the path', async () => {
    const problems: string[] = [];
    const traversal = ['../ledger.db', '../../ledger.db', 'manifest.json/../../ledger.db', './manifest.json', '..\\ledger.db', '/etc/passwd', 'tables/../../key.pem', '%2e%2e/ledger.db', 'manifest.json\u0000.csv', 'ledgers//x.csv', 'MANIFEST.JSON'];
    for (const path of traversal) {
      const out = await probe(w, sessionOf(w.auditor.client), 'GET', `/api/exports/${w.packageName}/file?path=${encodeURIComponent(path)}`, {}, { status: [400, 404] });
      problems.push(...out.problems.map((p) => `path ${JSON.stringify(path)}: ${p}`));
    }
    expectNone(problems);
  });
});

describe('after all of the above', () => {
  it('the journal verifies and the database passes integrity_check', async () => {
    const res = await send(w.env.app, sessionOf(w.auditor.client), 'GET', '/api/journal/verify');
    expect(res.status, res.text).toBe(200);
    expect(res.json.ok, res.text).toBe(true);
    expect(w.env.deps.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
