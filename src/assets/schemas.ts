import { z } from 'zod';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, OWNER_TYPES } from '../db/schema/custody.ts';
import { id, idText, note, text } from '../http/fields.ts';

export const assetNumber = z
  .string()
  .transform((s) => s.normalize('NFKC').trim())
  .pipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]{0,39}$/, 'letters, digits and . _ / - only (at most 40)'));

export const AssetBody = z
  .object({
    assetNumber: assetNumber.optional(),
    kind: z.enum(ASSET_KINDS),
    ownerType: z.enum(OWNER_TYPES),
    serialNumber: text(100, 0).default(''),
    description: note(300).default(''),
    classification: z.enum(CLASSIFICATIONS).default('none'),
    hasStorage: z.boolean().optional(),
    networkApproved: z.boolean().default(false),
    fixed: z.boolean().default(false),
    custodianId: id.nullable().default(null),
  })
  .strict()
  .refine((a) => !(a.ownerType === 'personal' && a.networkApproved), { message: 'personal devices are never approved for the network (C7)', path: ['networkApproved'] });
export type AssetInput = z.output<typeof AssetBody>;

export const AssetPatch = z
  .object({
    serialNumber: text(100, 0),
    description: note(300),
    classification: z.enum(CLASSIFICATIONS),
    hasStorage: z.boolean(),
    networkApproved: z.boolean(),
    fixed: z.boolean(),
    custodianId: id.nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type AssetPatchInput = z.output<typeof AssetPatch>;

export const AssetsQuery = z.object({
  q: text(100).optional(),
  status: z.enum(ASSET_STATUSES).optional(),
  areaId: idText.optional(),
  custodianId: idText.optional(),
  kind: z.enum(ASSET_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  /** csv or xlsx: the whole registry the filters select, as a file (limit and offset are for the screen). */
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export const StatusBody = z.object({ status: z.enum(['lost', 'returned']), note: note(300, 1) }).strict();

export const LabelQuery = z.object({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated asset ids')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .refine((a) => a.length <= 1000, 'at most 1000 labels per sheet'),
});
