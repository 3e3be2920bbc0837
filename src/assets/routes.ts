import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { ctxOf } from '../http/env.ts';
import { validate } from '../http/validate.ts';
import { IdParam } from '../http/fields.ts';
import { requireRole } from '../auth/middleware.ts';
import { idInScope, input, inScope, trace } from '../auth/scope-trace.ts';
import { AssetBody, AssetPatch, AssetsQuery, LabelQuery, StatusBody } from './schemas.ts';
import { createAsset, getAsset, importAssets, listAssets, setAssetStatus, updateAsset } from './service.ts';
import { parseAssetCsv } from './import.ts';
import { labelPng, labelSheet, labelSvg } from './labels.ts';
import { assetRegistryDocument } from './registry.ts';
import { download } from '../http/xlsx.ts';

const ImportBody = z.object({ csv: z.string().min(1).max(2_000_000) }).strict();

/** The asset registry (C1, C4, C7, C11) and its QR labels. */
export function assetRoutes() {
  const readers = requireRole('admin', 'guard', 'supervisor', 'auditor', 'city');
  const assetInPath = idInScope('asset');
  const registrars = requireRole('admin', 'guard');
  return new Hono<AppEnv>()
    .get('/assets', readers, validate('query', AssetsQuery), (c) => {
      const { format, ...q } = c.req.valid('query');
      if (format !== 'json') return download(c, assetRegistryDocument(c.get('deps'), q, c.get('actor')!), format);
      return c.json({ assets: listAssets(c.get('deps'), q, c.get('actor')!) });
    })
    .post('/assets', registrars, validate('json', AssetBody), (c) => c.json(createAsset(ctxOf(c), c.req.valid('json')), 201))
    .post('/assets/import', requireRole('admin'), validate('json', ImportBody), (c) => {
      const created = importAssets(ctxOf(c), parseAssetCsv(c.req.valid('json').csv));
      return c.json({ count: created.length, assets: created }, 201);
    })
    .get('/assets/labels', registrars, validate('query', LabelQuery), inScope((tx, c) => trace.assets(tx, input(c, 'query').ids)), (c) => c.html(labelSheet(c.get('deps'), c.req.valid('query').ids)))
    .get('/assets/:id', readers, validate('param', IdParam), assetInPath, (c) => c.json(getAsset(c.get('deps'), c.req.valid('param').id)))
    .patch('/assets/:id', requireRole('admin'), validate('param', IdParam), assetInPath, validate('json', AssetPatch), (c) =>
      c.json(updateAsset(ctxOf(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/assets/:id/status', requireRole('admin', 'supervisor'), validate('param', IdParam), assetInPath, validate('json', StatusBody), (c) => {
      const body = c.req.valid('json');
      return c.json(setAssetStatus(ctxOf(c), c.req.valid('param').id, body.status, body.note));
    })
    .get('/assets/:id/label.svg', registrars, validate('param', IdParam), assetInPath, (c) => c.body(labelSvg(c.get('deps'), c.req.valid('param').id), 200, { 'Content-Type': 'image/svg+xml' }))
    .get('/assets/:id/label.png', registrars, validate('param', IdParam), assetInPath, (c) => c.body(new Uint8Array(labelPng(c.get('deps'), c.req.valid('param').id)), 200, { 'Content-Type': 'image/png' }));
}
