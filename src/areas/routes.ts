import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
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

const staff = requireRole('admin', 'supervisor', 'guard', 'auditor');
const admin = requireRole('admin');

/** Sites, areas and their policies (B1), authorizations (B2). */
export function areaRoutes() {
  return new Hono<AppEnv>()
    .get('/sites', staff, (c) => c.json({ sites: listSites(c.get('deps')) }))
    .post('/sites', admin, validate('json', SiteBody), (c) => c.json(createSite(ctxOf(c), c.req.valid('json')), 201))
    .patch('/sites/:id', admin, validate('param', IdParam), validate('json', SitePatch), (c) =>
      c.json(updateSite(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/areas', staff, validate('query', AreasQuery), (c) => c.json({ areas: listAreas(c.get('deps'), c.req.valid('query').siteId) }))
    .get('/areas/:id', staff, validate('param', IdParam), (c) => c.json(getArea(c.get('deps'), c.req.valid('param').id)))
    .post('/areas', admin, validate('json', AreaBody), (c) => c.json(createArea(ctxOf(c), c.req.valid('json')), 201))
    .patch('/areas/:id', admin, validate('param', IdParam), validate('json', AreaPatch), (c) =>
      c.json(updateArea(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/authorizations', requireRole('admin', 'supervisor', 'auditor'), validate('query', AuthorizationsQuery), (c) =>
      c.json({ authorizations: listAuthorizations(c.get('deps'), c.req.valid('query')) }),
    )
    .post('/authorizations', admin, validate('json', AuthorizationBody), (c) => c.json(grantAuthorization(ctxOf(c), c.req.valid('json')), 201))
    .post('/authorizations/:id/revoke', admin, validate('param', IdParam), validate('json', RevokeBody), (c) =>
      c.json(revokeAuthorization(ctxOf(c), c.req.valid('param').id, c.req.valid('json').reason)),
    );
}
