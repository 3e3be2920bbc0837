import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { ReceiptBody, ReturnBody, SubmissionsQuery, SubmitBody } from './schemas.ts';
import { listSubmissions, requireSubmission, submitDocument, summaryOf } from './service.ts';
import { outstanding } from './outstanding.ts';
import { acknowledgeReceipt, checkReceipt, receiptOptions, returnSubmission } from './receipt.ts';
import { submissionPage } from './page.ts';

/**
 * Documents submitted to 甲 (F3): the contractor's admins and supervisors submit them and see what is
 * outstanding; 甲's staff read them and acknowledge receipt with a passkey or return them; every read is
 * limited to the reader's sites (F4).
 */
export function submissionRoutes() {
  const readers = requireRole('admin', 'supervisor', 'auditor', 'city');
  const contractor = requireRole('admin', 'supervisor');
  const city = requireRole('city');
  return new Hono<AppEnv>()
    .get('/submissions', readers, validate('query', SubmissionsQuery), (c) => c.json(listSubmissions(ctxOf(c), c.req.valid('query'))))
    .get('/submissions/outstanding', requireRole('admin', 'supervisor', 'auditor'), (c) => c.json(outstanding(ctxOf(c))))
    .post('/submissions', contractor, validate('json', SubmitBody), async (c) => c.json(await submitDocument(ctxOf(c), c.req.valid('json')), 201))
    .get('/submissions/:id', readers, validate('param', IdParam), async (c) => {
      const ctx = ctxOf(c);
      const row = requireSubmission(ctx, c.req.valid('param').id);
      return c.json({ ...summaryOf(ctx, row.id), receipt: await checkReceipt(ctx.deps, row) });
    })
    .get('/submissions/:id/document', readers, validate('param', IdParam), async (c) => {
      const ctx = ctxOf(c);
      const row = requireSubmission(ctx, c.req.valid('param').id);
      return c.html(submissionPage(ctx.deps, row, summaryOf(ctx, row.id), await checkReceipt(ctx.deps, row)));
    })
    .post('/submissions/:id/receipt/options', city, validate('param', IdParam), async (c) => c.json(await receiptOptions(ctxOf(c), c.req.valid('param').id)))
    .post('/submissions/:id/receipt', city, validate('param', IdParam), validate('json', ReceiptBody), async (c) =>
      c.json(await acknowledgeReceipt(ctxOf(c), c.req.valid('param').id, c.req.valid('json').response)),
    )
    .post('/submissions/:id/return', city, validate('param', IdParam), validate('json', ReturnBody), (c) =>
      c.json(returnSubmission(ctxOf(c), c.req.valid('param').id, c.req.valid('json').comment)),
    );
}
