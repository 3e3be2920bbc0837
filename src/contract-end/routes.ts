import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { requireRole } from '../auth/middleware.ts';
import { unscopedOnly } from '../auth/scope-trace.ts';
import { day } from '../ledger/schemas.ts';
import { buildReconciliation } from './reconciliation.ts';
import { reconciliationDocument, reconciliationPage } from './reconciliation-page.ts';
import { download } from '../http/xlsx.ts';
import { MAX_EVIDENCE_DAYS } from './evidence.ts';
import { listPackages, packageFile, writeCityExport, writeEvidencePackage } from './packages.ts';

const DAY = 86_400_000;

const ReconciliationQuery = z.object({ format: z.enum(['json', 'html', 'xlsx']).default('json') });
const EvidenceBody = z
  .object({ from: day, to: day })
  .strict()
  .refine((b) => b.from <= b.to, { message: 'must not be before from', path: ['to'] })
  .refine((b) => (Date.parse(b.to) - Date.parse(b.from)) / DAY < MAX_EVIDENCE_DAYS, { message: `at most ${MAX_EVIDENCE_DAYS} days per package`, path: ['to'] });
const PackageParam = z.object({ name: z.string().max(100) });
const FileQuery = z.object({ path: z.string().min(1, 'required').max(300) });

/** Contract end (C10, D4, E6) and the export packages for the city and for inspections (E5). */
export function contractEndRoutes() {
  // The reconciliation and the packages cover the whole contract: staff limited to some sites are refused (F4).
  const readers = [requireRole('admin', 'supervisor', 'auditor'), unscopedOnly] as const;
  return new Hono<AppEnv>()
    .get('/contract-end/reconciliation', ...readers, validate('query', ReconciliationQuery), (c) => {
      const deps = c.get('deps');
      const r = buildReconciliation(deps);
      const format = c.req.valid('query').format;
      if (format === 'xlsx') return download(c, reconciliationDocument(r, deps.config.timeZone), 'xlsx');
      return format === 'html' ? c.html(reconciliationPage(r, deps.config.timeZone)) : c.json(r);
    })
    .post('/contract-end/export', requireRole('admin'), unscopedOnly, async (c) => c.json(await writeCityExport(ctxOf(c)), 201))
    .post('/exports/evidence', ...readers, validate('json', EvidenceBody), async (c) => c.json(await writeEvidencePackage(ctxOf(c), c.req.valid('json')), 201))
    .get('/exports', ...readers, async (c) => c.json(await listPackages(c.get('deps'))))
    .get('/exports/:name/file', ...readers, validate('param', PackageParam), validate('query', FileQuery), async (c) => {
      const f = await packageFile(ctxOf(c), c.req.valid('param').name, c.req.valid('query').path);
      const disposition = f.contentType.startsWith('text/html') ? 'inline' : 'attachment';
      return c.body(f.stream, 200, { 'Content-Type': f.contentType, 'Content-Disposition': `${disposition}; filename="${f.filename}"` });
    });
}
