import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole, requireSignedIn } from '../auth/middleware.ts';
import { instant } from '../http/fields.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { readJournal } from './read.ts';
import { checkLedger } from './ledger-check.ts';

const JournalQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    /** Read backwards: the page before this seq, or the newest page with `latest`. */
    before: z.coerce.number().int().min(1).optional(),
    latest: z.enum(['true']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    action: z.string().regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, 'an action like asset.registered, or a prefix like custody.*').max(100).optional(),
    entityType: z.string().regex(/^[a-z_]{1,50}$/, 'an entity type like person or access_event').optional(),
    entityId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'an entity id').optional(),
    /** `person:12`, `kiosk:3` or `system`. */
    actor: z.string().regex(/^(person|kiosk):\d{1,16}$|^system$/, 'person:ID, kiosk:ID or system').optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((q) => [q.after, q.before, q.latest].filter((v) => v !== undefined).length <= 1, { message: 'give one of after, before, latest', path: ['after'] })
  .refine((q) => q.entityId === undefined || q.entityType !== undefined, { message: 'give entityType with entityId', path: ['entityId'] })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'must be after from', path: ['to'] });

/** The journal for those who check it (E2, E5). */
export function journalRoutes() {
  const readers = requireRole('auditor', 'admin');
  return new Hono<AppEnv>()
    // The journal has no site: people limited to sites (F4) would read every other site's entries.
    .get('/journal', readers, unscopedOnly, validate('query', JournalQuery), (c) => {
      const q = c.req.valid('query');
      const backwards = q.before !== undefined || q.latest !== undefined;
      const [actorType, actorId] = q.actor === undefined ? [] : (q.actor.split(':') as ['person' | 'kiosk' | 'system', string | undefined]);
      const filter = { action: q.action, entityType: q.entityType, entityId: q.entityId, actorType, actorId, from: q.from, to: q.to };
      return c.json(readJournal(c.get('deps').db, backwards ? { before: q.before ?? null } : { after: q.after ?? 0 }, q.limit, filter));
    })
    // The whole ledger, read off the request loop: at 5 M events it takes minutes.
    // Whether the ledger holds, without its content: for 甲 too.
    .get('/journal/verify', requireRole('auditor', 'admin', 'city'), async (c) => c.json(await checkLedger(c.get('deps'))))
    .get('/integrity', requireSignedIn, (c) => {
      const { integrity } = c.get('deps');
      return c.json({ alarm: integrity.alarm, checkpoint: integrity.header === null ? null : JSON.parse(integrity.header) });
    });
}
