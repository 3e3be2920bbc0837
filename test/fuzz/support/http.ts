import type { App } from '../../../src/app.ts';
import { ERROR_STATUS } from '../../../src/http/app-error.ts';

/** Who sends a request: nobody, a console session (cookie + CSRF token), or a kiosk (device token). */
export type Caller = { kind: 'anon' } | { kind: 'session'; cookie: string; csrf: string } | { kind: 'kiosk'; token: string };

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface SendOpts {
  body?: BodyInit;
  /** null: no Content-Type header at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** false: leave out the x-csrf-token header of a session caller. */
  csrf?: boolean;
}

let address = 0;

/**
 * One request through app.request. Each comes from its own made-up peer address, so the per-address
 * rate limits (sign-in challenges, kiosk enrolment) do not turn the fuzz into a wall of 429s.
 */
export async function send(app: App, caller: Caller, method: string, path: string, opts: SendOpts = {}): Promise<Sent> {
  const h: Record<string, string> = {};
  if (caller.kind === 'session') {
    h.cookie = caller.cookie;
    if (method !== 'GET' && opts.csrf !== false) h['x-csrf-token'] = caller.csrf;
  }
  if (caller.kind === 'kiosk') h.authorization = `Bearer ${caller.token}`;
  if (opts.contentType) h['content-type'] = opts.contentType;
  Object.assign(h, opts.headers);
  address = (address + 1) % 65_000;
  const env = { incoming: { socket: { remoteAddress: `10.77.${address >> 8}.${address & 255}` } } };
  const init = { method, headers: h, body: opts.body, ...(opts.body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit;
  const res = await app.request(path, init, env);
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function sendJson(app: App, caller: Caller, method: string, path: string, body: unknown, opts: SendOpts = {}) {
  return send(app, caller, method, path, { contentType: 'application/json', body: JSON.stringify(body), ...opts });
}

const PATH_PREFIX = /^(body|param|query|header|form|cookie)(\.|$)/;

/**
 * What is wrong with a response under the house rules: never a 5xx; every 4xx in the one envelope with
 * the request id of its header; a 400 names a field (or, for unparseable JSON, says so).
 */
export function envelopeProblems(res: Sent): string[] {
  const out: string[] = [];
  if (res.status >= 500) return [`answered ${res.status}: ${res.text.slice(0, 300)}`];
  if (res.status < 400) return out;
  const err = res.json?.error;
  if (!err || typeof err !== 'object') return [`${res.status} without the error envelope: ${res.text.slice(0, 200)}`];
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) out.push(`${res.status} envelope not served as JSON`);
  const keys = Object.keys(err).sort().join(',');
  if (keys !== 'code,details,message,requestId') out.push(`envelope keys ${keys}`);
  if (ERROR_STATUS[err.code as keyof typeof ERROR_STATUS] !== res.status) out.push(`code ${err.code} does not match status ${res.status}`);
  if (typeof err.message !== 'string' || err.message.length === 0) out.push('no message');
  if (typeof err.requestId !== 'string' || err.requestId !== res.headers.get('x-request-id')) out.push(`requestId ${err.requestId} is not the x-request-id header ${res.headers.get('x-request-id')}`);
  if (res.status === 400) {
    if (/malformed json/i.test(err.message ?? '')) return out;
    const issues = err.details?.issues;
    if (!Array.isArray(issues) || issues.length === 0) out.push(`400 names no field: ${res.text.slice(0, 300)}`);
    else
      for (const i of issues) {
        if (typeof i?.path !== 'string' || !PATH_PREFIX.test(i.path)) out.push(`issue path ${JSON.stringify(i?.path)} does not name a body/param/query field`);
        if (typeof i?.message !== 'string' || i.message.length === 0) out.push(`issue ${i?.path} has no message`);
      }
  }
  return out;
}

/**
 * Row counts of every table (see db-snapshot.ts), compared as one string for a readable diff. One
 * WebAuthn challenge fewer is no write: a challenge is single-use, and a refused ceremony uses it up.
 */
export function countsDiff(before: Record<string, number>, after: Record<string, number>): string | null {
  const consumed = (t: string) => t === 'challenges' && after[t] === before[t]! - 1;
  const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t] && !consumed(t));
  return changed.length === 0 ? null : changed.map((t) => `${t} ${before[t]}→${after[t]}`).join(', ');
}
