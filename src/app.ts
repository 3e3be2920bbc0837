import { Hono } from 'hono';
import type { Deps } from './deps.ts';
import type { AppEnv } from './http/env.ts';
import { errorBody, handleError } from './http/error-handler.ts';
import { limitBody } from './http/body-limit.ts';
import { edge } from './http/edge.ts';
import { zonedJson } from './http/zoned-json.ts';
import { authenticate } from './auth/middleware.ts';
import { authRoutes } from './auth/routes.ts';
import { rosterRoutes } from './roster/routes.ts';
import { contractRoutes } from './contract/routes.ts';
import { areaRoutes } from './areas/routes.ts';
import { journalRoutes } from './journal/routes.ts';
import { journalHead } from './journal/read.ts';
import { witnessCheckpoints } from './journal/witness.ts';
import { VERSION } from './version.ts';
import { NOTICES } from './notices.ts';
import { kioskRoutes } from './kiosks/routes.ts';
import { accessRoutes } from './access/routes.ts';
import { badgeRoutes } from './badges/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { assetRoutes } from './assets/routes.ts';
import { custodyRoutes } from './custody/routes.ts';
import { disposalRoutes } from './disposal/routes.ts';
import { cityRoutes } from './city/routes.ts';
import { offboardingRoutes } from './offboarding/routes.ts';
import { trainingRoutes } from './training/routes.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { scheduleRoutes } from './schedules/routes.ts';
import { anomalyRoutes } from './anomalies/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { contractEndRoutes } from './contract-end/routes.ts';
import { submissionRoutes } from './submissions/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { uiRoutes } from './ui.ts';
import { apiDocRoutes } from './api-doc/routes.ts';
import { sessionCookieName } from './auth/sessions.ts';
import { PRINT_CSS } from './http/print-css.ts';

/** Builds the whole HTTP app from injected dependencies (server.ts and the tests both call this). */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.use('*', edge(deps));
  // Every instant in an API answer carries the ledger's zone offset (issue 18 item 4, decision 0031).
  app.use('/api/*', zonedJson(deps.config.timeZone));
  app.use(
    '/api/*',
    limitBody(deps.config.bodyLimitBytes, (c) => c.json(errorBody(c, 'PAYLOAD_TOO_LARGE', `request body over ${deps.config.bodyLimitBytes} bytes`), 413)),
  );
  app.use('/api/*', witnessCheckpoints);
  app.use('/api/*', authenticate);

  app.get('/healthz', (c) => {
    let head;
    try {
      head = journalHead(deps.db);
    } catch (err) {
      deps.log.error('health check: database unreachable', { error: (err as Error).message });
      return c.json({ status: 'unavailable', version: VERSION, database: 'unreachable' }, 503);
    }
    return c.json({ status: 'ok', version: VERSION, database: 'ok', journal: { headSeq: head.seq, headHash: head.hash } });
  });

  // Public facts the web UI needs before anyone signs in: the version, the ledger's time zone, the notices.
  app.get('/api/info', (c) => c.json({ version: VERSION, timeZone: deps.config.timeZone, rpId: deps.config.rpId, rpOrigin: deps.config.rpOrigin, notices: NOTICES }));

  // The API's own description, built from the finished app's routes on first request (src/api-doc).
  app.route('/api', apiDocRoutes(() => app.routes, { version: VERSION, sessionCookie: sessionCookieName(deps) }));

  app.get('/print.css', (c) => c.body(PRINT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));

  const api = new Hono<AppEnv>()
    .route('/', authRoutes())
    .route('/', rosterRoutes())
    .route('/', areaRoutes())
    .route('/', contractRoutes())
    .route('/', journalRoutes())
    .route('/', kioskRoutes())
    .route('/', accessRoutes())
    .route('/', badgeRoutes())
    .route('/', assetRoutes())
    .route('/', ledgerRoutes())
    .route('/', custodyRoutes())
    .route('/', disposalRoutes())
    .route('/', cityRoutes())
    .route('/', offboardingRoutes())
    .route('/', trainingRoutes())
    .route('/', incidentRoutes())
    .route('/', scheduleRoutes())
    .route('/', anomalyRoutes())
    .route('/', reportRoutes())
    .route('/', contractEndRoutes())
    .route('/', submissionRoutes())
    .route('/', homeRoutes());
  app.route('/api', api);
  app.route('/', uiRoutes());

  app.notFound((c) => c.json(errorBody(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.onError(handleError(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
