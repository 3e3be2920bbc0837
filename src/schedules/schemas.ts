import { z } from 'zod';
import { id, idText } from '../http/fields.ts';
import { day } from '../ledger/schemas.ts';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A calendar month, `YYYY-MM`. */
export const month = z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM');

const MINUTES_PER_DAY = 1440;

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const start = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)').transform(minuteOf);
const end = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM (00:00–24:00)').transform(minuteOf);

const shiftFields = { day, start, end };

/**
 * The rules of one shift of the 勤務予定表 (B7). An end at or before the start is a night shift ending
 * the next morning; it is stored as minutes past the day's midnight (22:00–06:00 is 1320–1800).
 */
function shiftRules<T extends { day: string; start: number; end: number }>(schema: z.ZodType<T>) {
  return schema
    .refine((s) => s.start !== s.end % MINUTES_PER_DAY || s.end === MINUTES_PER_DAY, { message: 'must differ from start', path: ['end'] })
    .transform(({ start: s, end: e, ...rest }) => ({ ...rest, startMinute: s, endMinute: e > s ? e : e + MINUTES_PER_DAY }));
}

export const Shift = shiftRules(z.object(shiftFields).strict());
export type ShiftInput = z.output<typeof Shift>;

/** A row of an imported CSV: a shift and whose it is. */
export const ImportRow = shiftRules(z.object({ personId: id, ...shiftFields }).strict());
export type ImportRowInput = z.output<typeof ImportRow>;

export const MAX_SHIFTS_PER_MONTH = 200;

export const ScheduleBody = z.object({ shifts: z.array(Shift).max(MAX_SHIFTS_PER_MONTH, `at most ${MAX_SHIFTS_PER_MONTH} shifts a month`) }).strict();

export const ScheduleParams = z.object({ id: idText, month });

export const SchedulesQuery = z.object({ month, personId: idText.optional() });

export const ImportBody = z.object({ csv: z.string().min(1, 'required').max(2_000_000) }).strict();

export function hhmm(minute: number): string {
  const m = minute % MINUTES_PER_DAY === 0 && minute > 0 ? MINUTES_PER_DAY : minute % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
