import { z } from 'zod';
import { id, idText, note } from '../http/fields.ts';
import { AuthenticationResponse } from '../auth/schemas.ts';
import { day } from '../ledger/schemas.ts';
import { month } from '../schedules/schemas.ts';
import { SUBMISSION_KINDS, SUBMISSION_STATUSES } from '../db/schema/submissions.ts';

/** Which document is submitted (F3): each kind names its own subject. */
export const SubmitBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily_ledger'), areaId: id, date: day }).strict(),
  z.object({ kind: z.literal('monthly_report'), siteId: id, month }).strict(),
  z.object({ kind: z.literal('disposal_record'), siteId: id, disposalRequestId: id }).strict(),
  z.object({ kind: z.literal('roster'), siteId: id, date: day }).strict(),
]);
export type SubjectInput = z.output<typeof SubmitBody>;

export const SubmissionsQuery = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  kind: z.enum(SUBMISSION_KINDS).optional(),
  siteId: idText.optional(),
});
export type SubmissionsQueryInput = z.output<typeof SubmissionsQuery>;

export const ReceiptBody = z.object({ response: AuthenticationResponse }).strict();

export const ReturnBody = z.object({ comment: note(1000, 1) }).strict();
