import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole } from '../auth/middleware.ts';
import { ImportBody, ScheduleBody, ScheduleParams, SchedulesQuery } from './schemas.ts';
import { importSchedules, listSchedules, replaceSchedule } from './service.ts';
import { parseScheduleCsv } from './import.ts';

/** Work schedules (勤務予定表, B7): kept by the supervisor or admin, read by the auditor. */
export function scheduleRoutes() {
  const readers = requireRole('admin', 'supervisor', 'auditor');
  const keepers = requireRole('admin', 'supervisor');
  return new Hono<AppEnv>()
    .get('/schedules', readers, validate('query', SchedulesQuery), (c) => c.json(listSchedules(c.get('deps'), c.req.valid('query'))))
    .put('/people/:id/schedules/:month', keepers, validate('param', ScheduleParams), validate('json', ScheduleBody), (c) => {
      const { id, month } = c.req.valid('param');
      return c.json(replaceSchedule(ctxOf(c), id, month, c.req.valid('json').shifts));
    })
    .post('/schedules/import', keepers, validate('json', ImportBody), (c) => c.json(importSchedules(ctxOf(c), parseScheduleCsv(c.req.valid('json').csv)), 201));
}
