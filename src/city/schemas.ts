import { z } from 'zod';
import { text, note } from '../http/fields.ts';
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
