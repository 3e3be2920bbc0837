import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { periodOf } from '../http/period.ts';
import { requireRole, requireSignedIn } from '../auth/middleware.ts';
import { requireKiosk } from '../kiosks/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import {
  ApproveBody,
  ConfirmationsBody,
  InsideQuery,
  KioskApprovalBody,
  KioskApprovalOptionsBody,
  KeyedMovementBody,
  KeyedOptionsBody,
  MovementBody,
  OutsideQuery,
  RejectBody,
  RequestBody,
  RequestPatch,
  RequestsQuery,
  VisitParam,
  ExitParam,
} from './schemas.ts';
import { createRequest, getRequest, listRequests, submitRequest, updateRequest, withdrawRequest } from './requests.ts';
import { decideRequest } from './approvals.ts';
import { approveOnTheSpot, onTheSpotOptions } from './on-the-spot.ts';
import { recordKioskMovement } from './movements.ts';
import { keyedOptions, recordKeyedMovement } from './keyed-in.ts';
import { confirmExit, visitAssets, visitOfExit } from './visit.ts';
import { assetHistory, insideByArea, myCustody, outside, personCustody } from './views.ts';
import { custodyLedgerRoutes } from './ledger-routes.ts';
import { ChoicesQuery, requestChoices } from './choices.ts';

/** Carry-in/out requests and approvals, custody views (console), and movements and visits (kiosk). */
export function custodyRoutes() {
  const readers = requireRole('admin', 'guard', 'supervisor', 'auditor');
  const inspectors = requireRole('admin', 'guard', 'supervisor', 'auditor', 'city');
  const requestInPath = idInScope('request');
  const requesters = requireRole('admin', 'supervisor', 'guard', 'worker');
  const approvers = requireRole('guard', 'supervisor');
  return new Hono<AppEnv>()
    .get('/custody/request-choices', requesters, validate('query', ChoicesQuery), (c) => c.json(requestChoices(ctxOf(c), c.req.valid('query').number)))
    .get('/custody/requests', requireSignedIn, validate('query', RequestsQuery), (c) => {
      const q = c.req.valid('query');
      return c.json(listRequests(ctxOf(c), { ...q, ...periodOf(q, c.get('deps').config.timeZone) }));
    })
    .post('/custody/requests', requesters, validate('json', RequestBody), inScope((tx, c) => trace.area(tx, input(c, 'json').areaId)), (c) => c.json(createRequest(ctxOf(c), c.req.valid('json')), 201))
    .get('/custody/requests/:id', requireSignedIn, validate('param', IdParam), requestInPath, (c) => c.json(getRequest(ctxOf(c), c.req.valid('param').id)))
    .patch('/custody/requests/:id', requesters, validate('param', IdParam), requestInPath, validate('json', RequestPatch), (c) =>
      c.json(updateRequest(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/custody/requests/:id/submit', requesters, validate('param', IdParam), requestInPath, (c) => c.json(submitRequest(ctxOf(c), c.req.valid('param').id)))
    .post('/custody/requests/:id/withdraw', requesters, validate('param', IdParam), requestInPath, (c) => c.json(withdrawRequest(ctxOf(c), c.req.valid('param').id)))
    .post('/custody/requests/:id/approve', approvers, validate('param', IdParam), requestInPath, validate('json', ApproveBody), (c) =>
      c.json(decideRequest(ctxOf(c), c.req.valid('param').id, { decision: 'approved', note: c.req.valid('json').note })),
    )
    .post('/custody/requests/:id/reject', approvers, validate('param', IdParam), requestInPath, validate('json', RejectBody), (c) =>
      c.json(decideRequest(ctxOf(c), c.req.valid('param').id, { decision: 'rejected', reason: c.req.valid('json').reason })),
    )
    .get('/custody/inside', inspectors, validate('query', InsideQuery), (c) => c.json(insideByArea(c.get('deps'), c.req.valid('query').areaId, c.get('actor')!)))
    .get('/custody/outside', inspectors, validate('query', OutsideQuery), (c) => c.json(outside(c.get('deps'), c.req.valid('query').overdue === 'true', c.get('actor')!)))
    .get('/custody/people/:id', readers, validate('param', IdParam), (c) => c.json(personCustody(c.get('deps'), c.req.valid('param').id, c.get('actor')!)))
    .get('/custody/mine', requireSignedIn, (c) => c.json(myCustody(ctxOf(c))))
    .get('/custody/assets/:id/history', inspectors, validate('param', IdParam), idInScope('asset'), (c) => c.json(assetHistory(c.get('deps'), c.req.valid('param').id)))
    .route('/', custodyLedgerRoutes())
    .post('/kiosk/approvals/options', requireKiosk, validate('json', KioskApprovalOptionsBody), async (c) => c.json(await onTheSpotOptions(ctxOf(c), c.req.valid('json').requestId)))
    .post('/kiosk/approvals', requireKiosk, validate('json', KioskApprovalBody), async (c) => {
      const body = c.req.valid('json');
      return c.json(await approveOnTheSpot(ctxOf(c), body.requestId, body.response), 201);
    })
    .post('/kiosk/movements', requireKiosk, validate('json', MovementBody), async (c) => {
      const outcome = await recordKioskMovement(ctxOf(c), c.req.valid('json'));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    })
    .post('/kiosk/keyed-movements/options', requireKiosk, validate('json', KeyedOptionsBody), async (c) => c.json(await keyedOptions(ctxOf(c), c.req.valid('json'))))
    .post('/kiosk/keyed-movements', requireKiosk, validate('json', KeyedMovementBody), async (c) => {
      const outcome = await recordKeyedMovement(ctxOf(c), c.req.valid('json'));
      return c.json(outcome, outcome.replayed ? 200 : 201);
    })
    .get('/kiosk/visits/:entryEventId/assets', requireKiosk, validate('param', VisitParam), (c) => c.json(visitAssets(ctxOf(c), c.req.valid('param').entryEventId)))
    .get('/kiosk/exits/:exitEventId/visit', requireKiosk, validate('param', ExitParam), (c) => c.json(visitOfExit(ctxOf(c), c.req.valid('param').exitEventId)))
    .post('/kiosk/visits/:entryEventId/confirmations', requireKiosk, validate('param', VisitParam), validate('json', ConfirmationsBody), (c) => {
      const outcome = confirmExit(ctxOf(c), c.req.valid('param').entryEventId, c.req.valid('json').answers);
      return c.json(outcome, outcome.replayed ? 200 : 201);
    });
}
