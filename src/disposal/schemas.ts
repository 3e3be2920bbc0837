import { z } from 'zod';
import { DISPOSAL_METHODS } from '../db/schema/compliance.ts';
import { id, instant, note, text } from '../http/fields.ts';
import { day } from '../ledger/schemas.ts';

/** A registered asset (by id) or uncatalogued media (by name, quantity and serial numbers) (D1, 003 §9(2)イ). */
const DisposalItem = z
  .object({
    assetId: id.optional(),
    mediaName: text(100).optional(),
    quantity: z.number().int().min(1, 'at least 1').max(100_000).default(1),
    serialNumbers: note(2000).default(''),
  })
  .strict()
  .refine((i) => i.assetId !== undefined || i.mediaName !== undefined, { message: 'required for media that are not a registered asset (or give assetId)', path: ['mediaName'] })
  .refine((i) => i.assetId === undefined || i.quantity === 1, { message: 'a registered asset counts as 1', path: ['quantity'] });
export type DisposalItemInput = z.output<typeof DisposalItem>;

export const DisposalRequestBody = z
  .object({
    items: z.array(DisposalItem).min(1, 'at least one item').max(200, 'at most 200 items per request'),
    method: z.enum(DISPOSAL_METHODS),
    plannedDate: day,
    vendor: text(200),
    reason: note(1000).default(''),
    /** The site whose 甲 decides (F1) and whose staff see it (F4). */
    siteId: id,
    /** 責任者 (F2): a roster person. */
    responsibleId: id,
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<number>();
    b.items.forEach((item, i) => {
      if (item.assetId === undefined) return;
      if (seen.has(item.assetId)) ctx.addIssue({ code: 'custom', message: 'this asset is already listed', path: ['items', i, 'assetId'] });
      seen.add(item.assetId);
    });
  });
export type DisposalRequestInput = z.output<typeof DisposalRequestBody>;

export const ApproveBody = z.object({ note: note(500).default('') }).strict();
export const RejectBody = z.object({ reason: note(500, 1) }).strict();

/** What was actually done (D2, 004 第8条3, 003 §9(2)オ). */
export const ExecutionBody = z
  .object({
    executedAt: instant,
    vendor: text(200),
    responsiblePersonId: id,
    /** Who did it: often the vendor's worker, so a name rather than a roster entry. */
    executorName: text(100),
    /** Defaults to the approved method; any other needs a new request. */
    method: z.enum(DISPOSAL_METHODS).optional(),
    /** Defaults to the serial numbers of the request's items. */
    serialNumbers: note(4000).optional(),
    witnessPersonId: id,
    certificateNumber: text(100),
  })
  .strict()
  .refine((b) => b.witnessPersonId !== b.responsiblePersonId, { message: 'the witness must be someone other than the responsible person', path: ['witnessPersonId'] });
export type ExecutionInput = z.output<typeof ExecutionBody>;

export const DisposalsQuery = z.object({
  status: z.enum(['submitted', 'approved', 'rejected', 'executed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DisposalsQueryInput = z.output<typeof DisposalsQuery>;
