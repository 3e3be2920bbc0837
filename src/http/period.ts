import { z } from 'zod';
import { DAY_PATTERN, dayBounds } from '../time.ts';
import { AppError } from './app-error.ts';
import { idText } from './fields.ts';

function isCalendarDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A working day, `YYYY-MM-DD`, that exists in the calendar (no 2026-02-30). */
export const calendarDay = z.string().regex(DAY_PATTERN, 'a date as YYYY-MM-DD').refine(isCalendarDay, 'no such date in the calendar');

const instantText = z.iso.datetime({ offset: true });

export type PeriodBound = { day: string } | { at: number };

/**
 * One end of a list's period (`from`, `to`): a working day `2026-11-20` in the ledger's time zone, or an
 * instant with its offset (`2026-11-20T09:00:00+09:00`, `…Z`). The same two names on every list that
 * takes a period (issue 18 item 5); what a day means is resolved by periodOf, which knows the zone.
 */
export const periodBound = z
  .string()
  .max(64)
  .superRefine((s, ctx) => {
    if (DAY_PATTERN.test(s)) {
      if (!isCalendarDay(s)) ctx.addIssue({ code: 'custom', message: 'no such date in the calendar' });
    } else if (!instantText.safeParse(s).success) {
      ctx.addIssue({ code: 'custom', message: 'a day as YYYY-MM-DD (in the ledger time zone), or an instant with its offset' });
    }
  })
  .transform((s): PeriodBound => (DAY_PATTERN.test(s) ? { day: s } : { at: Date.parse(s) }))
  .describe('A working day YYYY-MM-DD in the ledger time zone (`from`: from its start; `to`: through its end, inclusive), or an instant with its offset, Z or +09:00 (`from` inclusive, `to` exclusive).');

/** The cursor of a list: the `next` of the page before (an opaque number to a client). */
export const cursor = idText.describe('The `next` of the previous page; omit for the first page. The list is newest first.');

/** A page size: `max` at most, `fallback` when none is given. */
export const pageLimit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Rows a page holds: ${fallback} unless given, at most ${max}. A full page answers \`next\`; the last answers \`next: null\`.`);

export interface Period {
  /** Inclusive, epoch ms. */
  start: number | undefined;
  /** Exclusive, epoch ms. */
  end: number | undefined;
}

/**
 * The instants a query's `from` and `to` stand for: `from` a day is its first instant, `to` a day
 * includes the whole day; an instant is taken as given (`to` exclusive). An empty period, or one longer
 * than `maxDays`, is a 400 naming `query.to`.
 */
export function periodOf(q: { from?: PeriodBound | undefined; to?: PeriodBound | undefined }, timeZone: string, maxDays?: number): Period {
  const start = q.from === undefined ? undefined : 'day' in q.from ? dayBounds(q.from.day, timeZone).start : q.from.at;
  const end = q.to === undefined ? undefined : 'day' in q.to ? dayBounds(q.to.day, timeZone).end : q.to.at;
  if (start !== undefined && end !== undefined && end <= start) throw AppError.field('query.to', 'must be after from');
  if (maxDays !== undefined && start !== undefined && end !== undefined && end - start > maxDays * 86_400_000) throw AppError.field('query.to', `at most ${maxDays} days at a time`);
  return { start, end };
}
