import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole } from '../auth/middleware.ts';
import { readJournal } from './read.ts';
import { verifyJournal } from './verify.ts';

const JournalQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** The journal for those who check it (E2, E5). */
export function journalRoutes() {
  const readers = requireRole('auditor', 'admin');
  return new Hono<AppEnv>()
    .get('/journal', readers, validate('query', JournalQuery), (c) => {
      const { after, limit } = c.req.valid('query');
      const entries = readJournal(c.get('deps').db, after, limit);
      return c.json({ entries, next: entries.length === limit ? entries[entries.length - 1]!.seq : null });
    })
    .get('/journal/verify', readers, (c) => c.json(verifyJournal(c.get('deps').db)));
}
