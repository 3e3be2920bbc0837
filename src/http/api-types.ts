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

/** The API by the path a client calls (`/api/people/:id`) and method (`$get`, `$post`, …). */
export type Api = { [P in keyof Features as P extends string ? `/api${P}` : never]: Features[P] };
export type ApiPath = keyof Api;

type Endpoint = { output: unknown; outputFormat: string; status: unknown };
type EndpointOf<P extends ApiPath, M extends keyof Api[P]> = Api[P][M] extends infer E ? (E extends Endpoint ? E : never) : never;

/**
 * The routes that answer JSON, a printable page or a file by `?format=`: hono types a handler that may
 * return `c.html(…)` as answering `{}`, so their JSON is named here by what the handler gives `c.json`.
 * A route added to this list must be one whose `format=json` answer is exactly that value.
 */
interface Documents {
  '/api/areas/:id/ledger': ReturnType<typeof buildDailyLedger>;
  '/api/sites/:id/ledger': ReturnType<typeof buildDailySiteLedger>;
  '/api/areas/:id/custody-ledger': ReturnType<typeof dailyCustodyLedger>;
  '/api/contract-end/reconciliation': ReturnType<typeof buildReconciliation>;
  '/api/reports/monthly': Awaited<ReturnType<typeof buildMonthlyReport>>;
}

/** What a route answers with on success, as the JSON a client parses (answers it sends with an error
 * status, and files, are left out). */
export type ApiJson<P extends ApiPath, M extends keyof Api[P] = '$get' & keyof Api[P]> = P extends keyof Documents
  ? M extends '$get'
    ? JSONParsed<Documents[P]>
    : RouteJson<P, M>
  : RouteJson<P, M>;

type RouteJson<P extends ApiPath, M extends keyof Api[P]> =
  EndpointOf<P, M> extends infer E
    ? E extends { outputFormat: 'json'; status: infer S; output: infer O }
      ? [S] extends [ClientErrorStatusCode | ServerErrorStatusCode]
        ? never
        : O
      : never
    : never;

/** A package's `manifest.json`, served as a file by `GET /api/exports/:name/file`. */
export type PackageManifest = JSONParsed<Manifest>;
