import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole, requireSignedIn } from '../auth/middleware.ts';
import type { CitySubject } from '../db/schema/city.ts';
import { ConfirmOptionsBody, DisputeOptionsBody, NetworkAskBody, PaperBody, ProductionDataBody, ProductionDataQuery, PermitBody, PolicyBody, RefuseBody, ReviewBody } from './schemas.ts';
import { policyView, updatePolicy } from './policy.ts';
import { permit, permitOptions, recordPaper, refuse, reviewOptions, reviewPaper } from './permissions.ts';
import { cityPending } from './pending.ts';
import { askNetwork, networkOf } from './network.ts';
import { CityStaffBody, DisableBody, disableCityStaff, inviteCityStaff, listCityStaff } from './staff.ts';
import { fileProductionData, getProductionData, listProductionData } from './production-data.ts';

const PATHS: Record<CitySubject, string> = { custody_request: 'custody-requests', disposal_request: 'disposal-requests', asset_network: 'asset-networks', production_data: 'production-data' };

/**
 * 甲's part (F1, F4): the site's policy, and 甲's permission on a request — given or refused in the system
 * by 甲's own staff (a passkey confirms a permission), or transcribed from paper by the contractor's staff
 * and later confirmed or disputed by 甲 (with a passkey too).
 */
export function cityRoutes() {
  const city = requireRole('city');
  const transcribers = requireRole('admin', 'supervisor', 'guard');
  const readers = requireRole('admin', 'guard', 'supervisor', 'auditor', 'city');
  const app = new Hono<AppEnv>()
    .get('/city/policies/:id', requireSignedIn, validate('param', IdParam), (c) => c.json(policyView(ctxOf(c), c.req.valid('param').id)))
    .put('/city/policies/:id', city, validate('param', IdParam), validate('json', PolicyBody), (c) => c.json(updatePolicy(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))))
    .get('/city/asset-networks/:id', requireRole('admin', 'guard', 'supervisor', 'auditor', 'city'), validate('param', IdParam), (c) => c.json(networkOf(ctxOf(c), c.req.valid('param').id)))
    .post('/city/asset-networks/:id/request', requireRole('admin', 'supervisor'), validate('param', IdParam), validate('json', NetworkAskBody), (c) =>
      c.json(askNetwork(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .post('/city/production-data', requireRole('admin', 'supervisor'), validate('json', ProductionDataBody), (c) => c.json(fileProductionData(ctxOf(c), c.req.valid('json')), 201))
    .get('/city/production-data', readers, validate('query', ProductionDataQuery), (c) => c.json(listProductionData(ctxOf(c), c.req.valid('query').status)))
    .get('/city/production-data/:id', readers, validate('param', IdParam), (c) => c.json(getProductionData(ctxOf(c), c.req.valid('param').id)))
    .get('/city/staff', city, (c) => c.json(listCityStaff(ctxOf(c))))
    .post('/city/staff', city, validate('json', CityStaffBody), (c) => c.json(inviteCityStaff(ctxOf(c), c.req.valid('json')), 201))
    .post('/city/staff/:id/disable', city, validate('param', IdParam), validate('json', DisableBody), (c) => c.json(disableCityStaff(ctxOf(c), c.req.valid('param').id, c.req.valid('json').reason)))
    .get('/city/pending', requireRole('city', 'admin', 'supervisor', 'guard', 'auditor'), (c) => c.json(cityPending(ctxOf(c))))
    .post('/city/permissions/:id/confirm/options', city, validate('param', IdParam), validate('json', ConfirmOptionsBody), async (c) =>
      c.json(await reviewOptions(ctxOf(c), c.req.valid('param').id, 'confirmed', c.req.valid('json').note)),
    )
    .post('/city/permissions/:id/dispute/options', city, validate('param', IdParam), validate('json', DisputeOptionsBody), async (c) =>
      c.json(await reviewOptions(ctxOf(c), c.req.valid('param').id, 'disputed', c.req.valid('json').note)),
    )
    .post('/city/permissions/:id/confirm', city, validate('param', IdParam), validate('json', ReviewBody), async (c) =>
      c.json(await reviewPaper(ctxOf(c), c.req.valid('param').id, 'confirmed', c.req.valid('json').response)),
    )
    .post('/city/permissions/:id/dispute', city, validate('param', IdParam), validate('json', ReviewBody), async (c) =>
      c.json(await reviewPaper(ctxOf(c), c.req.valid('param').id, 'disputed', c.req.valid('json').response)),
    );
  for (const [type, path] of Object.entries(PATHS) as [CitySubject, string][]) {
    app
      .post(`/city/${path}/:id/permit/options`, city, validate('param', IdParam), async (c) => c.json(await permitOptions(ctxOf(c), type, c.req.valid('param').id)))
      .post(`/city/${path}/:id/permit`, city, validate('param', IdParam), validate('json', PermitBody), async (c) =>
        c.json(await permit(ctxOf(c), type, c.req.valid('param').id, c.req.valid('json').response), 201),
      )
      .post(`/city/${path}/:id/refuse`, city, validate('param', IdParam), validate('json', RefuseBody), (c) => c.json(refuse(ctxOf(c), type, c.req.valid('param').id, c.req.valid('json').reason), 201))
      .post(`/city/${path}/:id/paper`, transcribers, validate('param', IdParam), validate('json', PaperBody), (c) =>
        c.json(recordPaper(ctxOf(c), type, c.req.valid('param').id, c.req.valid('json')), 201),
      );
  }
  return app;
}
