import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { idText, IdParam, note } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope } from '../auth/scope-trace.ts';
import { issueBadge, listBadges, revokeBadge } from './service.ts';
import { badgeSheet } from './sheet.ts';

const SerialParam = z.object({ serial: idText });
const RevokeBody = z.object({ reason: z.enum(['lost', 'returned']), note: note(300).default('') }).strict();
const SheetQuery = z.object({
  personIds: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated person ids')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .refine((a) => a.length <= 200, 'at most 200 people per sheet'),
});

/** QR name badges (B5, B8). */
export function badgeRoutes() {
  const admin = requireRole('admin');
  return new Hono<AppEnv>()
    .get('/badges', requireRole('admin', 'guard', 'auditor'), validate('query', z.object({ personId: idText.optional() })), (c) =>
      c.json({ badges: listBadges(c.get('deps'), c.req.valid('query').personId) }),
    )
    .post('/people/:id/badges', admin, validate('param', IdParam), idInScope('person'), (c) => c.json(issueBadge(ctxOf(c), c.req.valid('param').id), 201))
    .post('/badges/:serial/revoke', requireRole('admin', 'guard'), validate('param', SerialParam), validate('json', RevokeBody), (c) => {
      const body = c.req.valid('json');
      return c.json(revokeBadge(ctxOf(c), c.req.valid('param').serial, body.reason, body.note));
    })
    .get('/badges/sheet', admin, validate('query', SheetQuery), async (c) => c.html(await badgeSheet(c.get('deps'), c.req.valid('query').personIds)));
}
