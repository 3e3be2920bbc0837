import { z } from 'zod';
import { ID_METHODS, SECURITY_LEVELS } from '../db/schema/areas.ts';
import { id, idText, instant, note, text } from '../http/fields.ts';

export const SiteBody = z.object({ name: text(200), address: text(300, 0).default('') }).strict();
export const SitePatch = z
  .object({ name: text(200), address: text(300, 0) })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

const methods = z
  .array(z.enum(ID_METHODS))
  .min(1, 'at least one method')
  .refine((m) => new Set(m).size === m.length, 'methods repeat');

const policy = {
  acceptedMethods: methods,
  twoPersonRule: z.boolean(),
  carryInApproval: z.boolean(),
  lastPersonOutRule: z.boolean(),
  outOfSequence: z.enum(['flag', 'refuse']),
  purposes: z.array(text(100)).max(30).refine((p) => new Set(p).size === p.length, 'purposes repeat'),
};

export const AreaBody = z
  .object({
    siteId: id,
    name: text(200),
    securityLevel: z.enum(SECURITY_LEVELS),
    acceptedMethods: policy.acceptedMethods.optional(),
    twoPersonRule: policy.twoPersonRule.optional(),
    carryInApproval: policy.carryInApproval.optional(),
    lastPersonOutRule: policy.lastPersonOutRule.optional(),
    outOfSequence: policy.outOfSequence.optional(),
    purposes: policy.purposes.optional(),
  })
  .strict();
export type AreaInput = z.output<typeof AreaBody>;

export const AreaPatch = z
  .object({ name: text(200), securityLevel: z.enum(SECURITY_LEVELS), ...policy })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type AreaPatchInput = z.output<typeof AreaPatch>;

export const AreasQuery = z.object({ siteId: idText.optional() });

export const AuthorizationBody = z
  .object({ personId: id, areaId: id, validFrom: instant, validTo: instant.nullable().default(null), note: note(300).default('') })
  .strict()
  .refine((a) => a.validTo === null || a.validFrom < a.validTo, { message: 'must be after validFrom', path: ['validTo'] });

export const AuthorizationsQuery = z.object({ personId: idText.optional(), areaId: idText.optional(), active: z.enum(['true', 'false']).optional() });

export const RevokeBody = z.object({ reason: note(300, 1) }).strict();
