import { z } from 'zod';
import { id, text, note } from '../http/fields.ts';
import { AuthenticationResponse } from '../auth/schemas.ts';
import { day } from '../ledger/schemas.ts';

export const PolicyBody = z
  .object({
    carryIn: z.boolean(),
    carryOut: z.boolean(),
    disposal: z.boolean(),
    networkConnection: z.boolean(),
    productionData: z.boolean(),
    responsibleDistinct: z.boolean(),
  })
  .strict();
export type PolicyInput = z.output<typeof PolicyBody>;

export const PermitBody = z.object({ response: AuthenticationResponse }).strict();
export const RefuseBody = z.object({ reason: note(500, 1) }).strict();

/** A permission 甲 gave on paper, as transcribed by the contractor's staff (F1). */
export const PaperBody = z
  .object({
    permitReference: text(100),
    permitDate: day,
    officialName: text(100),
    officialSection: text(100),
  })
  .strict();
export type PaperInput = z.output<typeof PaperBody>;

/** 甲's word on a paper permission: the note is asked with the options, so the passkey signs it too. */
export const ConfirmOptionsBody = z.object({ note: note(500).default('') }).strict();
export const DisputeOptionsBody = z.object({ note: note(500, 1) }).strict();
export const ReviewBody = z.object({ response: AuthenticationResponse }).strict();

/** The contractor's ask to connect a device to the city's network, naming its 責任者 (F2). */
export const NetworkAskBody = z.object({ responsibleId: id, purpose: note(500).default('') }).strict();

/** A request to use production data (第15条): what, for what, over which days, where, under which 責任者 (F1, F2). */
export const ProductionDataBody = z
  .object({
    areaId: id,
    assetId: id.nullable().default(null),
    data: text(500),
    purpose: text(500),
    periodFrom: day,
    periodTo: day,
    responsibleId: id,
  })
  .strict()
  .refine((b) => b.periodTo >= b.periodFrom, { message: 'the period ends before it starts', path: ['periodTo'] });
export type ProductionDataInput = z.output<typeof ProductionDataBody>;

export const ProductionDataQuery = z.object({ status: z.enum(['submitted', 'approved', 'rejected']).optional() }).strict();
