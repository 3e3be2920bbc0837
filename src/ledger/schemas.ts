import { z } from 'zod';
import { id, idText, instant, note } from '../http/fields.ts';
import { AuthenticationResponse } from '../auth/schemas.ts';
import { calendarDay } from '../http/period.ts';

/** A working day, `YYYY-MM-DD`, that exists in the calendar (no 2026-02-30). */
export const day = calendarDay;

/** `section` picks the table of a CSV download (the refusals are a file of their own, decision 0024); a workbook holds both. */
export const LedgerQuery = z.object({ date: day, format: z.enum(['json', 'csv', 'xlsx', 'html']).default('json'), section: z.enum(['stays', 'refusals']).default('stays') });

export const LedgerDayParams = z.object({ id: idText, date: day });

export const SignoffBody = z.object({ response: AuthenticationResponse }).strict();

export const CORRECTION_KINDS = ['add_exit', 'add_entry', 'void'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export const CorrectionBody = z
  .object({ eventId: id, kind: z.enum(CORRECTION_KINDS), occurredAt: instant.optional(), reason: note(300, 1) })
  .strict()
  .refine((b) => b.kind === 'void' || b.occurredAt !== undefined, { message: 'required: when the missing entry or exit really happened', path: ['occurredAt'] })
  .refine((b) => b.kind !== 'void' || b.occurredAt === undefined, { message: 'a void takes the time of the event it voids; leave this out', path: ['occurredAt'] });
export type CorrectionInput = z.output<typeof CorrectionBody>;
