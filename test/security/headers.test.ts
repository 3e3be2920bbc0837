import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UI_DIST } from '../../src/ui.ts';
import { buildFuzzWorld, callerFor, DAY, MONTH, paramsFor, queryFor, sessionOf, type FuzzWorld } from '../fuzz/support/world.ts';
import { fill, matrixRoutes } from '../fuzz/support/routes.ts';
import { send, sendJson, type Caller, type Sent } from '../fuzz/support/http.ts';
import { expectNone } from '../fuzz/support/probe.ts';

/**
 * Security headers on every page and API answer (issue 7, item 5): a strict CSP (no inline script,
 * frame-ancestors 'none'), nosniff, a Referrer-Policy, and no-store on anything with personal data —
 * every /api answer (JSON, CSV, printed pages, labels, errors) and the web UI's pages.
 */
const ROUTES = matrixRoutes();
const SAFE_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];

let w: FuzzWorld;
beforeAll(async () => {
  w = await buildFuzzWorld();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** What is missing or loose in the headers of one answer. */
function headerProblems(res: Sent, path: string): string[] {
  const out: string[] = [];
  const h = (n: string) => res.headers.get(n);
  const csp = h('content-security-policy');
  if (!csp) out.push('no Content-Security-Policy');
  else {
    const d = directives(csp);
    const scripts = d.get('script-src') ?? d.get('default-src');
    if (!d.has('default-src')) out.push('CSP without default-src');
    if (!scripts) out.push('CSP does not restrict scripts');
    else for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) if (scripts.includes(loose)) out.push(`CSP script-src allows ${loose}`);
    if (d.get('frame-ancestors')?.join(' ') !== "'none'") out.push(`CSP frame-ancestors is ${d.get('frame-ancestors')?.join(' ') ?? 'missing'}`);
    if (d.get('object-src')?.join(' ') !== "'none'") out.push(`CSP object-src is ${d.get('object-src')?.join(' ') ?? 'missing'}`);
  }
  if (h('x-content-type-options') !== 'nosniff') out.push(`X-Content-Type-Options ${h('x-content-type-options')}`);
  if (!SAFE_REFERRER.includes(h('referrer-policy') ?? '')) out.push(`Referrer-Policy ${h('referrer-policy')}`);
  const html = (h('content-type') ?? '').startsWith('text/html');
  if ((path.startsWith('/api/') || html) && !/(^|,\s*)no-store(\s*,|$)/.test(h('cache-control') ?? '')) out.push(`Cache-Control ${h('cache-control')} (personal data must be no-store)`);
  if (html) out.push(...pageProblems(res.text, directives(h('content-security-policy') ?? '').get('style-src') ?? []));
  return out.map((p) => `${res.status} ${path}: ${p}`);
}

/**
 * A page must need nothing its CSP blocks: no inline script or handler, no inline style except one
 * whose exact text the CSP allows by hash (a package page carries the print stylesheet inside it).
 */
function pageProblems(page: string, styleSrc: string[]): string[] {
  const out: string[] = [];
  for (const m of page.matchAll(/<script\b([^>]*)>/gi)) if (!/\bsrc\s*=/.test(m[1]!)) out.push('inline <script>');
  for (const tag of page.match(/<[a-z][^>]*>/gi) ?? []) if (/\son[a-z]+\s*=/i.test(tag)) out.push(`inline event handler in ${tag.slice(0, 80)}`);
  if (/javascript:/i.test(page)) out.push('javascript: URL');
  for (const m of page.matchAll(/<style>([\s\S]*?)<\/style>/gi)) {
    const hash = `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`;
    if (!styleSrc.includes(hash)) out.push('inline <style> that style-src does not allow by hash');
  }
  if (/<style\s[^>]*>/i.test(page)) out.push('inline <style …> (style-src allows the print stylesheet by hash only)');
  if (/<[^>]+\sstyle\s*=/i.test(page)) out.push('style="…" attribute (style-src is self only)');
  return out;
}

async function check(caller: Caller, method: string, path: string, body?: unknown): Promise<string[]> {
  const res = body === undefined ? await send(w.env.app, caller, method, path) : await sendJson(w.env.app, caller, method, path, body);
  return headerProblems(res, path);
}

describe('security headers', () => {
  it('on every GET route of ROUTES, as a role that may call it', async () => {
    const problems: string[] = [];
    for (const r of ROUTES.filter((x) => x.method === 'GET')) {
      const query = queryFor(w, r);
      const path = fill(r.path, paramsFor(w, r));
      problems.push(...(await check(callerFor(w, r), 'GET', query ? `${path}?${query}` : path)));
    }
    expectNone(problems);
  });

  it('on every printable page, CSV, SVG and PNG', async () => {
    const sup = sessionOf(w.supervisor.client);
    const admin = sessionOf(w.admin.client);
    const area = w.site.general.id;
    const problems: string[] = [];
    for (const format of ['html', 'csv', 'json']) {
      problems.push(...(await check(sup, 'GET', `/api/areas/${area}/ledger?date=${DAY}&format=${format}`)));
      problems.push(...(await check(sup, 'GET', `/api/areas/${area}/custody-ledger?date=${DAY}&format=${format}`)));
      problems.push(...(await check(sup, 'GET', `/api/sites/${w.site.siteId}/muster?format=${format}`)));
      problems.push(...(await check(sup, 'GET', `/api/reports/monthly?month=${MONTH}&format=${format}`)));
    }
    problems.push(...(await check(sup, 'GET', '/api/contract-end/reconciliation?format=html')));
    problems.push(...(await check(admin, 'GET', `/api/badges/sheet?personIds=${w.victim.id}`)));
    problems.push(...(await check(admin, 'GET', `/api/assets/labels?ids=${w.asset.id}`)));
    for (const ext of ['svg', 'png']) problems.push(...(await check(admin, 'GET', `/api/assets/${w.asset.id}/label.${ext}`)));
    problems.push(...(await check(sup, 'GET', `/api/incidents/${w.incidentId}/report`)));
    await sendJson(w.env.app, sessionOf(w.supervisor2.client), 'POST', `/api/disposal/requests/${w.disposalId}/approve`, {});
    const executed = await sendJson(w.env.app, sup, 'POST', `/api/disposal/requests/${w.disposalId}/execution`, {
      executedAt: new Date(w.env.clock.now()).toISOString(),
      vendor: '株式会社裁断',
      responsiblePersonId: w.supervisor.personId,
      executorName: '裁断 作業員',
      witnessPersonId: w.supervisor2.personId,
      certificateNumber: 'S-1',
    });
    expect(executed.status, executed.text).toBe(201);
    problems.push(...(await check(sup, 'GET', `/api/disposal/requests/${w.disposalId}/certificate`)));
    const manifest = (await send(w.env.app, sup, 'GET', `/api/exports/${w.packageName}/file?path=manifest.json`)).json as { files: { path: string }[] };
    for (const ext of ['html', 'csv', 'jsonl']) {
      const file = manifest.files.find((f) => f.path.endsWith(`.${ext}`));
      expect(file, `the evidence package holds a .${ext} file`).toBeDefined();
      problems.push(...(await check(sup, 'GET', `/api/exports/${w.packageName}/file?path=${encodeURIComponent(file!.path)}`)));
    }
    expectNone(problems);
  });

  it('on errors: 400, 401, 403, 404, 409 (or 403), 413, 429 and the CSRF refusal', async () => {
    const anon: Caller = { kind: 'anon' };
    const worker = sessionOf(w.worker.client);
    const problems = [
      ...(await check(sessionOf(w.admin.client), 'GET', '/api/people/abc')),
      ...(await check(anon, 'GET', '/api/people')),
      ...(await check(worker, 'GET', '/api/people')),
      ...(await check(anon, 'GET', '/api/no-such-route')),
      ...(await check(sessionOf(w.admin.client), 'POST', `/api/kiosks/${w.kiosk.id}/revoke-twice-is-not-a-route`)),
      ...(await check(sessionOf(w.guard.client), 'POST', `/api/custody/requests/${w.draftRequestId}/approve`, {})),
      ...(await check(sessionOf(w.admin.client), 'POST', '/api/organisations', { name: 'x'.repeat(w.env.deps.config.bodyLimitBytes), kana: 'か' })),
    ];
    const csrf = await send(w.env.app, sessionOf(w.admin.client), 'POST', '/api/organisations', { contentType: 'application/json', body: '{}', csrf: false });
    expect(csrf.status).toBe(403);
    problems.push(...headerProblems(csrf, '/api/organisations (no CSRF token)'));
    let limited: Response | undefined;
    for (let i = 0; i < 40 && limited?.status !== 429; i++) limited = await w.env.app.request('/api/auth/login/options', { method: 'POST' }, { incoming: { socket: { remoteAddress: '192.0.2.7' } } });
    expect(limited!.status).toBe(429);
    problems.push(...headerProblems({ status: 429, headers: limited!.headers, text: await limited!.text(), json: null }, '/api/auth/login/options (rate-limited)'));
    expectNone(problems);
  });

  it('on mutations: 201 and 204', async () => {
    const problems = [...(await check(sessionOf(w.admin.client), 'POST', '/api/organisations', { name: '見出し検査', kana: 'みだしけんさ' }))];
    const logout = await send(w.env.app, sessionOf(w.auditor.client), 'POST', '/api/auth/logout');
    expect(logout.status).toBe(204);
    problems.push(...headerProblems(logout, '/api/auth/logout'));
    expectNone(problems);
  });

  it('on the web UI pages, its assets, the stylesheet, /healthz and /api/info', async () => {
    expect(existsSync(`${UI_DIST}/index.html`), 'the web UI is not built: run `npm run build` first').toBe(true);
    const anon: Caller = { kind: 'anon' };
    const problems: string[] = [];
    for (const path of ['/', '/kiosk', '/setup', '/enrol', '/console', '/console/people/1']) {
      const res = await send(w.env.app, anon, 'GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      problems.push(...headerProblems(res, path));
    }
    const index = readFileSync(`${UI_DIST}/index.html`, 'utf8');
    for (const asset of [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
      const res = await send(w.env.app, anon, 'GET', asset);
      expect(res.status, asset).toBe(200);
      problems.push(...headerProblems(res, asset));
    }
    // The kiosk's service worker (issue 19): same origin, JavaScript, and asked for again on every update check.
    const worker = await send(w.env.app, anon, 'GET', '/kiosk-sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    problems.push(...headerProblems(worker, '/kiosk-sw.js'));
    for (const path of ['/print.css', '/healthz', '/api/info', '/no-such-page']) problems.push(...headerProblems(await send(w.env.app, anon, 'GET', path), path));
    expectNone(problems);
  });
});
