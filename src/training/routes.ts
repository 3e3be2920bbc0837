import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { areaSites, keepInScope } from '../auth/scope.ts';
import { idInScope } from '../auth/scope-trace.ts';
import { PolicyBody, StatusQuery, TrainingBody } from './schemas.ts';
import { listTraining, recordTraining } from './records.ts';
import { trainingStatus } from './status.ts';
import { listPolicies, removeTrainingPolicy, setTrainingPolicy } from './policy.ts';

/** Security training (A4): records per person, who is untrained or overdue, and the areas that require it. */
export function trainingRoutes() {
  const readers = requireRole('admin', 'supervisor', 'auditor');
  const recorders = requireRole('admin', 'supervisor');
  const admin = requireRole('admin');
  return new Hono<AppEnv>()
    .get('/people/:id/training', readers, validate('param', IdParam), (c) => c.json(listTraining(c.get('deps'), c.req.valid('param').id)))
    .post('/people/:id/training', recorders, validate('param', IdParam), validate('json', TrainingBody), (c) =>
      c.json(recordTraining(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .get('/training/status', readers, validate('query', StatusQuery), (c) => c.json(trainingStatus(c.get('deps'), c.req.valid('query').course)))
    .get('/training/policies', requireRole('admin', 'supervisor', 'auditor', 'guard'), (c) => {
      const deps = c.get('deps');
      const siteOf = areaSites(deps.db);
      return c.json({ policies: keepInScope(c.get('actor')!, listPolicies(deps).policies, (p) => [siteOf.get(p.areaId)!]) });
    })
    .put('/areas/:id/training-policy', admin, validate('param', IdParam), idInScope('area'), validate('json', PolicyBody), (c) =>
      c.json(setTrainingPolicy(ctxOf(c), c.req.valid('param').id, c.req.valid('json').requiredCourse)),
    )
    .delete('/areas/:id/training-policy', admin, validate('param', IdParam), idInScope('area'), (c) => c.json(removeTrainingPolicy(ctxOf(c), c.req.valid('param').id)));
}
