import { z } from 'zod';
import { id, idText, instant, note, text } from '../http/fields.ts';

export const OffboardBody = z.object({ reason: note(500, 1), approvalRef: text(200).optional() }).strict();
export type OffboardInput = z.output<typeof OffboardBody>;

/**
 * What became of one loaned item or asset. A lost one opens an incident (E4), which records where it
 * was lost and how (003 §12); `discoveredAt` defaults to now.
 */
export const SettleBody = z
  .object({
    outcome: z.enum(['returned', 'lost']),
    note: note(500).default(''),
    discoveredAt: instant.optional(),
    location: text(200, 0).default(''),
    circumstances: note(4000).default(''),
  })
  .strict()
  .refine((b) => b.outcome !== 'lost' || b.circumstances !== '', { message: 'required: how the item was lost', path: ['circumstances'] });
export type SettleInput = z.output<typeof SettleBody>;

export const BadgeItemParams = z.object({ id: idText, serial: idText });
export const AssetItemParams = z.object({ id: idText, assetId: idText });
