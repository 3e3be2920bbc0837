import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { CloseBody, IncidentBody, IncidentsQuery, UpdateBody } from './schemas.ts';
import { addIncidentUpdate, closeIncident, reportIncident } from './service.ts';
import { getIncident, listIncidents } from './read.ts';
import { incidentReportPage } from './report.ts';

/** Security incidents (E4): opened by staff or automatically, their deadlines, history and report. */
export function incidentRoutes() {
  const readers = requireRole('admin', 'supervisor', 'guard', 'auditor', 'city');
  const incidentInPath = idInScope('incident');
  const staff = requireRole('admin', 'supervisor', 'guard');
  const closers = requireRole('admin', 'supervisor');
  return new Hono<AppEnv>()
    .get('/incidents', readers, validate('query', IncidentsQuery), (c) => c.json(listIncidents(c.get('deps'), c.req.valid('query'), c.get('actor')!)))
    .post('/incidents', staff, validate('json', IncidentBody), inScope((tx, c) => trace.assets(tx, [input(c, 'json').assetId].filter((a) => a !== null))), (c) => c.json(reportIncident(ctxOf(c), c.req.valid('json')), 201))
    .get('/incidents/:id', readers, validate('param', IdParam), incidentInPath, (c) => c.json(getIncident(c.get('deps'), c.req.valid('param').id)))
    .post('/incidents/:id/updates', staff, validate('param', IdParam), incidentInPath, validate('json', UpdateBody), (c) =>
      c.json(addIncidentUpdate(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .post('/incidents/:id/close', closers, validate('param', IdParam), incidentInPath, validate('json', CloseBody), (c) =>
      c.json(closeIncident(ctxOf(c), c.req.valid('param').id, c.req.valid('json').note)),
    )
    .get('/incidents/:id/report', readers, validate('param', IdParam), incidentInPath, (c) => {
      const deps = c.get('deps');
      return c.html(incidentReportPage(getIncident(deps, c.req.valid('param').id), deps.config.timeZone, deps.clock.now()));
    });
}
