import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole, requireSignedIn } from '../auth/middleware.ts';
import { readJournal } from './read.ts';
import { checkLedger } from './ledger-check.ts';

const JournalQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional(),
    /** Read backwards: the page before this seq, or the newest page with `latest`. */
    before: z.coerce.number().int().min(1).optional(),
    latest: z.enum(['true']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => [q.after, q.before, q.latest].filter((v) => v !== undefined).length <= 1, { message: 'give one of after, before, latest', path: ['after'] });

/** The journal for those who check it (E2, E5). */
export function journalRoutes() {
  const readers = requireRole('auditor', 'admin');
  return new Hono<AppEnv>()
    .get('/journal', readers, validate('query', JournalQuery), (c) => {
      const q = c.req.valid('query');
      const backwards = q.before !== undefined || q.latest !== undefined;
      const entries = readJournal(c.get('deps').db, backwards ? { before: q.before ?? null } : { after: q.after ?? 0 }, q.limit);
      const full = entries.length === q.limit;
      return c.json({
        entries,
        next: !backwards && full ? entries.at(-1)!.seq : null,
        previous: backwards && full ? entries[0]!.seq : null,
      });
    })
    // The whole ledger, read off the request loop: at 5 M events it takes minutes.
    .get('/journal/verify', readers, async (c) => c.json(await checkLedger(c.get('deps'))))
    .get('/integrity', requireSignedIn, (c) => {
      const { integrity } = c.get('deps');
      return c.json({ alarm: integrity.alarm, checkpoint: integrity.header === null ? null : JSON.parse(integrity.header) });
    });
}
