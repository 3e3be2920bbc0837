import { z } from 'zod';
import { id, text } from '../http/fields.ts';
import { day } from '../ledger/schemas.ts';

/**
 * A contract as the admin enters it (decision 0023). Every field a document prints is required, so that no
 * header is left with a blank line; the addressee's section and name may be empty (〇〇市長 様 is enough).
 */
export const ContractBody = z
  .object({
    name: text(200),
    periodFrom: day,
    periodTo: day,
    contractor: z.object({ company: text(200), address: text(300), representativeTitle: text(100), representativeName: text(100) }).strict(),
    addressee: z.object({ section: text(200, 0).default(''), title: text(100), name: text(100, 0).default('') }).strict(),
    approverSections: z
      .array(text(100))
      .max(10, 'at most 10 sections')
      .refine((s) => new Set(s).size === s.length, 'sections repeat')
      .default([]),
    /** The sites worked under this contract; a site belongs to one contract at a time. */
    siteIds: z
      .array(id)
      .max(200)
      .refine((s) => new Set(s).size === s.length, 'sites repeat')
      .default([]),
  })
  .strict()
  .refine((c) => c.periodFrom <= c.periodTo, { message: 'must not be before periodFrom', path: ['periodTo'] });
export type ContractInput = z.output<typeof ContractBody>;
