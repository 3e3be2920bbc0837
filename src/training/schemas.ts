import { z } from 'zod';
import { note, text } from '../http/fields.ts';
import { day } from '../ledger/schemas.ts';

export const course = text(100);

export const TrainingBody = z
  .object({
    course,
    /** The day the course was completed (A4). */
    completedOn: day,
    /** The last day the training counts as current; null: it does not lapse. */
    validUntil: day.nullable().default(null),
    note: note(500).default(''),
  })
  .strict()
  .refine((b) => b.validUntil === null || b.validUntil >= b.completedOn, { message: 'must not be before completedOn', path: ['validUntil'] });
export type TrainingInput = z.output<typeof TrainingBody>;

export const StatusQuery = z.object({ course: course.optional() });

export const PolicyBody = z.object({ requiredCourse: course }).strict();
