import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { areaSites, keepInScope } from '../auth/scope.ts';
import { idInScope, input, inScope, trace, unscopedOnly } from '../auth/scope-trace.ts';
import { AreaBody, AreaPatch, AreasQuery, AuthorizationBody, AuthorizationsQuery, RevokeBody, SiteBody, SitePatch } from './schemas.ts';
import {
  createArea,
  createSite,
  grantAuthorization,
  listAreas,
  listAuthorizations,
  listSites,
  getArea,
  revokeAuthorization,
  updateArea,
  updateSite,
} from './service.ts';

const staff = requireRole('admin', 'supervisor', 'guard', 'auditor', 'city');
const admin = requireRole('admin');

/** Sites, areas and their policies (B1), authorizations (B2). */
export function areaRoutes() {
  return new Hono<AppEnv>()
    .get('/sites', staff, (c) => c.json({ sites: keepInScope(c.get('actor')!, listSites(c.get('deps')), (s) => [s.id]) }))
    .post('/sites', admin, unscopedOnly, validate('json', SiteBody), (c) => c.json(createSite(ctxOf(c), c.req.valid('json')), 201))
    .patch('/sites/:id', admin, validate('param', IdParam), idInScope('site'), validate('json', SitePatch), (c) =>
      c.json(updateSite(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/areas', staff, validate('query', AreasQuery), (c) =>
      c.json({ areas: keepInScope(c.get('actor')!, listAreas(c.get('deps'), c.req.valid('query').siteId), (a) => [a.siteId]) }),
    )
    .get('/areas/:id', staff, validate('param', IdParam), idInScope('area'), (c) => c.json(getArea(c.get('deps'), c.req.valid('param').id)))
    .post('/areas', admin, validate('json', AreaBody), inScope((tx, c) => trace.site(tx, input(c, 'json').siteId)), (c) => c.json(createArea(ctxOf(c), c.req.valid('json')), 201))
    .patch('/areas/:id', admin, validate('param', IdParam), idInScope('area'), validate('json', AreaPatch), (c) =>
      c.json(updateArea(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/authorizations', requireRole('admin', 'supervisor', 'auditor', 'city'), validate('query', AuthorizationsQuery), (c) => {
      const deps = c.get('deps');
      const siteOf = areaSites(deps.db);
      return c.json({ authorizations: keepInScope(c.get('actor')!, listAuthorizations(deps, c.req.valid('query')), (a) => [siteOf.get(a.areaId)!]) });
    })
    .post('/authorizations', admin, validate('json', AuthorizationBody), inScope((tx, c) => trace.area(tx, input(c, 'json').areaId)), (c) => c.json(grantAuthorization(ctxOf(c), c.req.valid('json')), 201))
    .post('/authorizations/:id/revoke', admin, validate('param', IdParam), idInScope('authorization'), validate('json', RevokeBody), (c) =>
      c.json(revokeAuthorization(ctxOf(c), c.req.valid('param').id, c.req.valid('json').reason)),
    );
}
