/**
 * The API's answers as types, for the console (issue 18 item 2): read from the routes themselves, so a
 * change on the server that breaks the console fails `tsc -p kiosk` instead of a screen at run time.
 *
 * Each feature's routes are one chained Hono app; its type carries a schema of every route: path, method,
 * the validated input, and what each `c.json(…)` sends, already as JSON (hono's `JSONParsed`: a Date is a
 * string, an undefined field is optional, a function is gone). The console imports these types only
 * (`import type`): nothing of the server reaches its bundle.
 */
import type { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { ClientErrorStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status';
import type { accessRoutes } from '../access/routes.ts';
import type { anomalyRoutes } from '../anomalies/routes.ts';
import type { areaRoutes } from '../areas/routes.ts';
import type { assetRoutes } from '../assets/routes.ts';
import type { authRoutes } from '../auth/routes.ts';
import type { badgeRoutes } from '../badges/routes.ts';
import type { cityRoutes } from '../city/routes.ts';
import type { contractEndRoutes } from '../contract-end/routes.ts';
import type { contractRoutes } from '../contract/routes.ts';
import type { custodyRoutes } from '../custody/routes.ts';
import type { disposalRoutes } from '../disposal/routes.ts';
import type { homeRoutes } from '../home/routes.ts';
import type { incidentRoutes } from '../incidents/routes.ts';
import type { journalRoutes } from '../journal/routes.ts';
import type { kioskRoutes } from '../kiosks/routes.ts';
import type { ledgerRoutes } from '../ledger/routes.ts';
import type { offboardingRoutes } from '../offboarding/routes.ts';
import type { reportRoutes } from '../reports/routes.ts';
import type { rosterRoutes } from '../roster/routes.ts';
import type { scheduleRoutes } from '../schedules/routes.ts';
import type { submissionRoutes } from '../submissions/routes.ts';
import type { trainingRoutes } from '../training/routes.ts';
import type { buildDailyLedger } from '../ledger/build.ts';
import type { buildDailySiteLedger } from '../ledger/site.ts';
import type { dailyCustodyLedger } from '../custody/ledger.ts';
import type { buildReconciliation } from '../contract-end/reconciliation.ts';
import type { buildMonthlyReport } from '../reports/monthly.ts';
import type { Manifest } from '../contract-end/writer.ts';
import type { permit, permitOptions, recordPaper, refuse } from '../city/permissions.ts';
import type { Config } from '../config.ts';
import type { VERSION } from '../version.ts';
import type { NOTICES } from '../notices.ts';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** A feature's routes; a sub-app mounted with `.route()` joins them as a union, made one object here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SchemaOf<F extends () => Hono<any, any, any>> = ReturnType<F> extends Hono<any, infer S, any> ? UnionToIntersection<S> : never;

/** Every feature is mounted at `/` of the `/api` app (src/app.ts). */
type Features = SchemaOf<typeof accessRoutes> &
  SchemaOf<typeof anomalyRoutes> &
  SchemaOf<typeof areaRoutes> &
  SchemaOf<typeof assetRoutes> &
  SchemaOf<typeof authRoutes> &
  SchemaOf<typeof badgeRoutes> &
  SchemaOf<typeof cityRoutes> &
  SchemaOf<typeof contractEndRoutes> &
  SchemaOf<typeof contractRoutes> &
  SchemaOf<typeof custodyRoutes> &
  SchemaOf<typeof disposalRoutes> &
  SchemaOf<typeof homeRoutes> &
  SchemaOf<typeof incidentRoutes> &
  SchemaOf<typeof journalRoutes> &
  SchemaOf<typeof kioskRoutes> &
  SchemaOf<typeof ledgerRoutes> &
  SchemaOf<typeof offboardingRoutes> &
  SchemaOf<typeof reportRoutes> &
  SchemaOf<typeof rosterRoutes> &
  SchemaOf<typeof scheduleRoutes> &
  SchemaOf<typeof submissionRoutes> &
  SchemaOf<typeof trainingRoutes>;

/** The API by the path a client calls (`/api/people/:id`) and method (`$get`, `$post`, …), as hono types it. */
export type Api = { [P in keyof Features as P extends string ? `/api${P}` : never]: Features[P] };

/**
 * The answers hono cannot type, named here by what the handler gives `c.json` (as the server's types say):
 * - routes that answer JSON, a printable page or a file by `?format=`: hono types a handler that may return
 *   `c.html(…)` as answering `{}`;
 * - 甲's decisions, declared in a loop over the kinds of subject (`/api/city/custody-requests/:id/permit`,
 *   `disposal-requests`, `asset-networks`): a path built at run time has no type.
 * - `/api/info`, answered by the outer app (src/app.ts) from the configuration, written out here field by
 *   field from the same sources;
 * An entry here must be exactly what that route sends with `c.json` on success.
 */
interface Untyped {
  '/api/areas/:id/ledger': { $get: ReturnType<typeof buildDailyLedger> };
  '/api/sites/:id/ledger': { $get: ReturnType<typeof buildDailySiteLedger> };
  '/api/areas/:id/custody-ledger': { $get: ReturnType<typeof dailyCustodyLedger> };
  '/api/contract-end/reconciliation': { $get: ReturnType<typeof buildReconciliation> };
  '/api/reports/monthly': { $get: Awaited<ReturnType<typeof buildMonthlyReport>> };
  '/api/city/:subject/:id/permit/options': { $post: Awaited<ReturnType<typeof permitOptions>> };
  '/api/city/:subject/:id/permit': { $post: Awaited<ReturnType<typeof permit>> };
  '/api/city/:subject/:id/refuse': { $post: ReturnType<typeof refuse> };
  '/api/city/:subject/:id/paper': { $post: ReturnType<typeof recordPaper> };
  '/api/info': { $get: { version: typeof VERSION; timeZone: Config['timeZone']; rpId: Config['rpId']; rpOrigin: Config['rpOrigin']; notices: typeof NOTICES } };
}

export type ApiPath = keyof Api | keyof Untyped;
/** The methods of a path: `$get`, `$post`, … */
export type ApiMethod<P extends ApiPath> = (P extends keyof Api ? keyof Api[P] : never) | (P extends keyof Untyped ? keyof Untyped[P] : never);

/** What a route answers with on success, as the JSON a client parses (answers it sends with an error
 * status, and files, are left out). */
export type ApiJson<P extends ApiPath, M extends ApiMethod<P> = '$get' & ApiMethod<P>> = P extends keyof Untyped
  ? M extends keyof Untyped[P]
    ? JSONParsed<Untyped[P][M]>
    : never
  : P extends keyof Api
    ? M extends keyof Api[P]
      ? RouteJson<Api[P][M]>
      : never
    : never;

type RouteJson<E> = E extends { outputFormat: 'json'; status: infer S; output: infer O } ? ([S] extends [ClientErrorStatusCode | ServerErrorStatusCode] ? never : O) : never;

/** A package's `manifest.json`, served as a file by `GET /api/exports/:name/file`. */
export type PackageManifest = JSONParsed<Manifest>;
