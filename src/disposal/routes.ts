import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { ApproveBody, DisposalRequestBody, DisposalsQuery, ExecutionBody, RejectBody } from './schemas.ts';
import { decideDisposal, requestDisposal } from './requests.ts';
import { recordDisposal } from './execution.ts';
import { getDisposal, listDisposals } from './read.ts';
import { certificatePage } from './certificate.ts';

/** Disposal (D1–D3): request, approval by another supervisor (E1), execution record, 廃棄証明書. */
export function disposalRoutes() {
  const requesters = requireRole('admin', 'supervisor', 'worker');
  const readers = requireRole('admin', 'supervisor', 'auditor', 'worker', 'city');
  const disposalInPath = idInScope('disposal');
  const supervisors = requireRole('supervisor');
  return new Hono<AppEnv>()
    .get('/disposal/requests', readers, validate('query', DisposalsQuery), (c) => c.json(listDisposals(ctxOf(c), c.req.valid('query'))))
    .post('/disposal/requests', requesters, validate('json', DisposalRequestBody), inScope((tx, c) => trace.assets(tx, input(c, 'json').items.flatMap((i: { assetId?: number }) => i.assetId ?? []))), (c) => c.json(requestDisposal(ctxOf(c), c.req.valid('json')), 201))
    .get('/disposal/requests/:id', readers, validate('param', IdParam), disposalInPath, (c) => c.json(getDisposal(ctxOf(c), c.req.valid('param').id)))
    .post('/disposal/requests/:id/approve', supervisors, validate('param', IdParam), disposalInPath, validate('json', ApproveBody), (c) =>
      c.json(decideDisposal(ctxOf(c), c.req.valid('param').id, { decision: 'approved', note: c.req.valid('json').note })),
    )
    .post('/disposal/requests/:id/reject', supervisors, validate('param', IdParam), disposalInPath, validate('json', RejectBody), (c) =>
      c.json(decideDisposal(ctxOf(c), c.req.valid('param').id, { decision: 'rejected', reason: c.req.valid('json').reason })),
    )
    .post('/disposal/requests/:id/execution', requireRole('admin', 'supervisor'), validate('param', IdParam), disposalInPath, validate('json', ExecutionBody), (c) =>
      c.json(recordDisposal(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .get('/disposal/requests/:id/certificate', requireRole('admin', 'supervisor', 'auditor', 'city'), validate('param', IdParam), disposalInPath, (c) => {
      const ctx = ctxOf(c);
      return c.html(certificatePage(getDisposal(ctx, c.req.valid('param').id), ctx.deps.config.timeZone, ctx.deps.clock.now()));
    });
}
