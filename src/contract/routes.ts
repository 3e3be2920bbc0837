import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { ContractBody } from './schemas.ts';
import { createContract, getContract, listContracts, updateContract } from './service.ts';

/** Staff who print the documents whose header the contract fills, and 甲 for the contracts of its sites. */
const readers = requireRole('admin', 'supervisor', 'auditor', 'city');
const admin = requireRole('admin');

/**
 * The contracts (decision 0023): what every document's header prints. Kept by admins of every site: a
 * contract's change reaches the documents of all its sites.
 */
export function contractRoutes() {
  return new Hono<AppEnv>()
    .get('/contracts', readers, (c) => c.json({ contracts: listContracts(ctxOf(c)) }))
    .get('/contracts/:id', readers, validate('param', IdParam), (c) => c.json(getContract(ctxOf(c), c.req.valid('param').id)))
    .post('/contracts', admin, unscopedOnly, validate('json', ContractBody), (c) => c.json(createContract(ctxOf(c), c.req.valid('json')), 201))
    .put('/contracts/:id', admin, unscopedOnly, validate('param', IdParam), validate('json', ContractBody), (c) =>
      c.json(updateContract(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    );
}
