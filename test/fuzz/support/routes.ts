import { readFileSync } from 'node:fs';
import type { Role } from '../../../src/db/schema/roster.ts';

export type Access = Role[] | 'public' | 'signed-in' | 'kiosk';

export interface RouteSpec {
  /** `METHOD /api/path/:param` exactly as in ROUTES. */
  route: string;
  method: string;
  path: string;
  access: Access;
  params: string[];
}

/**
 * The ROUTES table of test/http/route-matrix.test.ts, read as text: importing that file would register
 * its whole suite inside ours. The matrix test already proves ROUTES lists every served route.
 */
export function matrixRoutes(): RouteSpec[] {
  const text = readFileSync(new URL('../../http/route-matrix.test.ts', import.meta.url), 'utf8');
  const start = text.indexOf('export const ROUTES');
  const block = text.slice(start, text.indexOf('\n};', start));
  const out: RouteSpec[] = [];
  for (const m of block.matchAll(/^\s*'([A-Z]+) (\/api\/[^']*)':\s*(.+?),\s*$/gm)) {
    const [, method, path, access] = m as unknown as [string, string, string, string];
    out.push({ route: `${method} ${path}`, method, path, access: JSON.parse(access.replace(/'/g, '"')) as Access, params: [...path.matchAll(/:(\w+)/g)].map((p) => p[1]!) });
  }
  if (out.length < 50) throw new Error(`could not read ROUTES from route-matrix.test.ts (found ${out.length})`);
  return out;
}

/** Mutating routes that read no body: fuzzing their body is meaningless (and some end a session or a kiosk). */
export const BODYLESS = new Set([
  'POST /api/auth/login/options',
  'POST /api/auth/logout',
  'POST /api/people/:id/enrolments',
  'POST /api/passkeys/:credentialId/revoke',
  'POST /api/kiosks/:id/revoke',
  'POST /api/kiosks/:id/release-throttle',
  'POST /api/kiosk/identify/options',
  'POST /api/visitors/:id/sign-out',
  'POST /api/people/:id/badges',
  'POST /api/custody/requests/:id/submit',
  'POST /api/custody/requests/:id/withdraw',
  'POST /api/areas/:id/ledger/:date/signoff/options',
  'POST /api/areas/:id/custody-ledger/:date/signoff/options',
  'POST /api/sites/:id/ledger/:date/signoff/options',
  'POST /api/city/custody-requests/:id/permit/options',
  'POST /api/city/disposal-requests/:id/permit/options',
  'POST /api/city/asset-networks/:id/permit/options',
  'POST /api/city/production-data/:id/permit/options',
  'DELETE /api/areas/:id/training-policy',
  'POST /api/anomalies/sweep',
  'POST /api/contract-end/export',
  'POST /api/submissions/:id/receipt/options',
]);

export const isMutation = (r: RouteSpec) => r.method !== 'GET';
export const takesBody = (r: RouteSpec) => isMutation(r) && !BODYLESS.has(r.route);
export const needsSession = (r: RouteSpec) => r.access !== 'public' && r.access !== 'kiosk';

/** Fills `:name` params from `values`; a missing one becomes `1`. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? '1'));
}

/** A stable per-route seed, so that adding a route does not change the cases of the others. */
export function seedOf(route: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
