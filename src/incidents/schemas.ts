import { z } from 'zod';
import { INCIDENT_KINDS, INCIDENT_STAGES } from '../db/schema/compliance.ts';
import { id, instant, note, text } from '../http/fields.ts';

export const IncidentBody = z
  .object({
    kind: z.enum(INCIDENT_KINDS),
    title: text(200),
    /** When the contractor learned of it: the 1 h / 8 h / 24 h / 48 h deadlines count from here (002 §2(4)). */
    discoveredAt: instant,
    whatLost: note(1000).default(''),
    quantity: z.number().int().min(1).max(10_000_000).nullable().default(null),
    location: text(200, 0).default(''),
    circumstances: note(4000).default(''),
    personId: id.nullable().default(null),
    assetId: id.nullable().default(null),
    badgeSerial: id.nullable().default(null),
  })
  .strict();
export type IncidentBodyInput = z.output<typeof IncidentBody>;

export const UpdateBody = z.object({ stage: z.enum([...INCIDENT_STAGES, 'note']), text: note(4000, 1) }).strict();
export type UpdateInput = z.output<typeof UpdateBody>;

export const CloseBody = z.object({ note: note(4000, 1) }).strict();

export const IncidentsQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type IncidentsQueryInput = z.output<typeof IncidentsQuery>;
