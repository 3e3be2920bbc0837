import { beforeAll, describe, expect, it } from 'vitest';
import { buildFuzzWorld, sessionOf, type FuzzWorld } from './support/world.ts';
import { bodyTemplate } from './support/templates.ts';
import { deepArray } from './support/values.ts';
import { expectNone, probe } from './support/probe.ts';
import { send, sendJson, type Caller } from './support/http.ts';
import { badgeEvent, passkeyEvent } from '../support/world.ts';

/**
 * Bad input that still got through the fuzz of issue 7 (issue 14, item 5): each case here was
 * accepted, or answered 500, before its fix. Same rules as bad-input.test.ts: refused with a 4xx that
 * names the field, never a 5xx, nothing written.
 */
let w: FuzzWorld;
beforeAll(async () => {
  w = await buildFuzzWorld();
});

const admin = (): Caller => sessionOf(w.admin.client);
const kiosk = (): Caller => ({ kind: 'kiosk', token: w.kiosk.token });
const issuePaths = (json: any): string[] => (json?.error?.details?.issues ?? []).map((i: { path: string }) => i.path);

describe("a passkey's clientExtensionResults is bounded before anything hashes it", () => {
  const cases: [string, string][] = [
    ['a number JSON cannot hold (1e400)', '{"credProps":{"rk":1e400}}'],
    ['keys equal after NFC', '{"\u00e9":1,"e\u0301":2}'],
    // Arrays: 50 000 levels of objects would be over the body limit.
    ['50 000 levels of nesting', `{"a":${deepArray(50_000)}}`],
  ];
  for (const [what, raw] of cases)
    it(`${what}: a 400 naming the field, logged as a kiosk refusal, nothing written`, async () => {
      const body = await passkeyEvent(w.kiosk, w.worker, w.site.general.id, 'out');
      (body.identification.response as { clientExtensionResults: unknown }).clientExtensionResults = '@@RAW@@';
      const text = JSON.stringify(body).replace('"@@RAW@@"', raw);
      const { res, problems } = await probe(w, kiosk(), 'POST', '/api/kiosk/events', { contentType: 'application/json', body: text }, { status: [400] });
      expectNone(problems);
      expect(issuePaths(res.json)).toContain('body.identification.response.clientExtensionResults');
      const logged = w.env.logs.filter((l) => l.includes(res.json.error.requestId)).map((l) => JSON.parse(l));
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'kiosk event refused: invalid input', kioskId: w.kiosk.id }));
    });
});

describe('a JSON body that is not valid UTF-8 is refused, not stored with U+FFFD', () => {
  const BAD = [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3, 0x28]), Buffer.from([0xe3, 0x81])];
  const targets = (): [string, string, string][] => [
    ['POST /api/organisations', '/api/organisations', 'name'],
    ['POST /api/people', '/api/people', 'name'],
    ['POST /api/sites', '/api/sites', 'name'],
    ['POST /api/assets', '/api/assets', 'description'],
    ['POST /api/people/:id/suspend', `/api/people/${w.victim.id}/suspend`, 'reason'],
    ['PUT /api/areas/:id/training-policy', `/api/areas/${w.site.general.id}/training-policy`, 'requiredCourse'],
  ];
  it('on organisations, people, sites, assets, reasons and the training policy', async () => {
    const problems: string[] = [];
    for (const [route, path, field] of targets())
      for (const bad of BAD) {
        const template = bodyTemplate(w, route) as Record<string, unknown>;
        const [head, tail] = JSON.stringify({ ...template, [field]: `${template[field]}@@BAD@@` }).split('@@BAD@@') as [string, string];
        const bytes = Buffer.concat([Buffer.from(head), bad, Buffer.from(tail)]);
        const { res, problems: p } = await probe(w, admin(), route.split(' ')[0]!, path, { contentType: 'application/json', body: bytes }, { status: [400] });
        if (res.status === 400 && !issuePaths(res.json).some((x) => x === 'body' || x === `body.${field}`)) p.push(`400 names neither body nor body.${field}: ${res.text}`);
        problems.push(...p.map((x) => `${route} ${bad.toString('hex')}: ${x}`));
      }
    expectNone(problems);
  });
});

describe('ids are positive integers in JSON and decimal digits in paths and queries, nothing else', () => {
  it('a JSON id that is a boolean, a hex or padded string, or an array is refused', async () => {
    const problems: string[] = [];
    for (const personId of [true, '0x1e', [32], ' 1e0 ', '1', 1.5, 0]) {
      const body = { personId, areaId: w.site.general.id, validFrom: '2026-11-20T09:00:00+09:00' };
      const { res, problems: p } = await probe(w, admin(), 'POST', '/api/authorizations', { contentType: 'application/json', body: JSON.stringify(body) }, { status: [400] });
      if (res.status === 400 && !issuePaths(res.json).includes('body.personId')) p.push(`400 does not name body.personId: ${res.text}`);
      problems.push(...p.map((x) => `personId ${JSON.stringify(personId)}: ${x}`));
    }
    expectNone(problems);
  });

  it('a path or query id that is not decimal digits is refused', async () => {
    const problems: string[] = [];
    for (const odd of ['0x10', '1e1', '%201', '1%20', '+16', '16.0', '0b1', '0']) {
      const { res, problems: p } = await probe(w, admin(), 'GET', `/api/people/${odd}`, {}, { status: [400] });
      if (res.status === 400 && !issuePaths(res.json).includes('param.id')) p.push(`400 does not name param.id: ${res.text}`);
      problems.push(...p.map((x) => `/api/people/${odd}: ${x}`));
      const q = await probe(w, admin(), 'GET', `/api/authorizations?personId=${odd}`, {}, { status: [400] });
      problems.push(...q.problems.map((x) => `?personId=${odd}: ${x}`));
    }
    expectNone(problems);
    expect((await send(w.env.app, admin(), 'GET', `/api/people/${w.victim.id}`)).status).toBe(200);
    expect((await send(w.env.app, admin(), 'GET', `/api/authorizations?personId=${w.victim.id}`)).status).toBe(200);
  });
});

describe('names that differ only by invisible or compatibility characters are the same name', () => {
  const variants = (name: string) => [`${name}\u200b`, `${name.slice(0, 2)}\u2060${name.slice(2)}`, `\u3164${name}`, `${name}\ufe0f`, name.replace('A', 'Ａ')];

  it('for organisations, sites and the areas of a site: a 409 naming body.name', async () => {
    const problems: string[] = [];
    const uniqueName = (prefix: string) => `${prefix}A${Date.now().toString(36)}`;
    const kinds: [string, string, (name: string) => Record<string, unknown>][] = [
      ['organisation', '/api/organisations', (name) => ({ name, kana: 'そしき' })],
      ['site', '/api/sites', (name) => ({ name, address: '北区1-1' })],
      ['area', '/api/areas', (name) => ({ siteId: w.site.siteId, name, securityLevel: 'general' })],
    ];
    for (const [what, path, body] of kinds) {
      const name = uniqueName(what === 'area' ? '室' : '本社');
      const first = await sendJson(w.env.app, admin(), 'POST', path, body(name));
      expect(first.status, first.text).toBe(201);
      for (const twin of variants(name)) {
        const { res, problems: p } = await probe(w, admin(), 'POST', path, { contentType: 'application/json', body: JSON.stringify(body(twin)) }, { status: [409] });
        if (res.status === 409 && !issuePaths(res.json).includes('body.name')) p.push(`409 does not name body.name: ${res.text}`);
        problems.push(...p.map((x) => `${what} ${JSON.stringify(twin)}: ${x}`));
      }
    }
    expectNone(problems);
  });

  it("stores a person's kana in NFKC, so that half-width readings sort with full-width ones", async () => {
    const res = await sendJson(w.env.app, admin(), 'POST', '/api/people', { name: '北浜 次郎', kana: 'ｷﾀﾊﾏ ｼﾞﾛｳ', organisationId: 1, roles: ['worker'] });
    expect(res.status, res.text).toBe(201);
    expect(res.json.kana).toBe('キタハマ ジロウ');
  });
});

describe('a client-chosen X-Request-Id', () => {
  const journaledRequestId = () => (w.env.deps.sqlite.prepare('select request_id from journal order by seq desc limit 1').get() as { request_id: string }).request_id;

  it('is replaced unless it is a short token of letters, digits, dot, dash and underscore', async () => {
    const problems: string[] = [];
    for (const given of ['='.repeat(40), 'a'.repeat(65), 'a'.repeat(255), 'ab=cd', 'a b', 'x/y']) {
      const res = await sendJson(w.env.app, admin(), 'POST', '/api/organisations', bodyTemplate(w, 'POST /api/organisations'), { headers: { 'x-request-id': given } });
      const header = res.headers.get('x-request-id') ?? '';
      if (res.status !== 201 || header === given || !/^[A-Za-z0-9._-]{1,64}$/.test(header) || journaledRequestId() !== header)
        problems.push(`${JSON.stringify(given)} → ${res.status}, header ${JSON.stringify(header)}, journal ${JSON.stringify(journaledRequestId())}`);
    }
    expectNone(problems);
  });

  it('is kept, and journaled, when it is one', async () => {
    const res = await sendJson(w.env.app, admin(), 'POST', '/api/organisations', bodyTemplate(w, 'POST /api/organisations'), { headers: { 'x-request-id': 'kiosk-7.retry_2' } });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('kiosk-7.retry_2');
    expect(journaledRequestId()).toBe('kiosk-7.retry_2');
  });
});

describe('a badge signature in a non-canonical base64url encoding', () => {
  it('is refused as forged: only the low bits of the last character differ', async () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const badge = w.victim.badge;
    const last = ALPHABET.indexOf(badge.at(-1)!);
    const problems: string[] = [];
    for (let low = 1; low < 16; low++) {
      // Fifteen bad scans of one badge would be throttled after five (src/kiosks/throttle.ts): an hour's
      // quiet between each four lets every one be judged on its signature.
      if (low % 4 === 0) w.env.clock.advance(61 * 60_000);
      const altered = badge.slice(0, -1) + ALPHABET[last ^ low]!;
      const { res, problems: p } = await probe(w, kiosk(), 'POST', '/api/kiosk/events', { contentType: 'application/json', body: JSON.stringify(badgeEvent(w.site.general.id, altered, 'in')) });
      if (res.json?.event?.refusalReason !== 'badge_forged') p.push(`answered ${res.status} ${res.json?.event?.result} ${res.json?.event?.refusalReason}`);
      problems.push(...p.map((x) => `${altered.slice(-3)}: ${x}`));
    }
    expectNone(problems);
  });
});
