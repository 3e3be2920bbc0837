import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope } from '../auth/scope-trace.ts';
import { OrganisationBody, OrganisationPatch, PeopleQuery, PersonBody, PersonPatch, PersonQuery, StatusChangeBody } from './schemas.ts';
import {
  createOrganisation,
  createPerson,
  getPerson,
  listOrganisations,
  listPeople,
  reactivatePerson,
  suspendPerson,
  updateOrganisation,
  updatePerson,
} from './service.ts';

import { download } from '../http/xlsx.ts';
import { rosterDocument } from './document.ts';

const readers = requireRole('admin', 'supervisor', 'auditor', 'guard');
const admin = requireRole('admin');
/** An admin limited to some sites changes only the people of those sites (F4). */
const personInScope = idInScope('person');

/** The roster (A1, A3, A6): /api/organisations and /api/people. */
export function rosterRoutes() {
  return new Hono<AppEnv>()
    .get('/organisations', readers, (c) => c.json({ organisations: listOrganisations(c.get('deps')) }))
    .post('/organisations', admin, validate('json', OrganisationBody), (c) => c.json(createOrganisation(ctxOf(c), c.req.valid('json')), 201))
    .patch('/organisations/:id', admin, validate('param', IdParam), validate('json', OrganisationPatch), (c) =>
      c.json(updateOrganisation(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .get('/people', readers, validate('query', PeopleQuery), (c) => {
      const { format, ...q } = c.req.valid('query');
      const ctx = ctxOf(c);
      if (format !== 'json') return download(c, rosterDocument(ctx, listPeople(ctx, { ...q, include: undefined })), format);
      return c.json({ people: listPeople(ctx, q) });
    })
    .post('/people', admin, validate('json', PersonBody), (c) => {
      const ctx = ctxOf(c);
      return c.json(getPerson(ctx, createPerson(ctx, c.req.valid('json')).id), 201);
    })
    .get('/people/:id', readers, validate('param', IdParam), validate('query', PersonQuery), (c) =>
      c.json(getPerson(ctxOf(c), c.req.valid('param').id, c.req.valid('query').include)),
    )
    .patch('/people/:id', admin, validate('param', IdParam), personInScope, validate('json', PersonPatch), (c) => {
      const ctx = ctxOf(c);
      return c.json(getPerson(ctx, updatePerson(ctx, c.req.valid('param').id, c.req.valid('json')).id));
    })
    .post('/people/:id/suspend', admin, validate('param', IdParam), personInScope, validate('json', StatusChangeBody), (c) => {
      const ctx = ctxOf(c);
      return c.json(getPerson(ctx, suspendPerson(ctx, c.req.valid('param').id, c.req.valid('json')).id));
    })
    .post('/people/:id/reactivate', admin, validate('param', IdParam), personInScope, validate('json', StatusChangeBody), (c) => {
      const ctx = ctxOf(c);
      return c.json(getPerson(ctx, reactivatePerson(ctx, c.req.valid('param').id, c.req.valid('json')).id));
    });
}
