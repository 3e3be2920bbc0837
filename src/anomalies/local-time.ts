import { localDateTime } from '../time.ts';

export interface LocalInstant {
  /** The working day, `YYYY-MM-DD` in the configured zone. */
  day: string;
  prevDay: string;
  /** Minutes since the local midnight. */
  minute: number;
}

// Intl costs microseconds a call, and every entry needs the local time. A zone's offset only changes on
// a quarter hour (DST and the odd :30/:45 zones), so it is computed once per quarter hour and reused.
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, { quarter: number; offset: number }>();

function offsetAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const cached = offsets.get(timeZone);
  if (cached?.quarter === quarter) return cached.offset;
  const start = quarter * QUARTER_HOUR;
  const text = localDateTime(start, timeZone);
  const offset = Date.parse(`${text.replace(' ', 'T')}:00Z`) - start;
  offsets.set(timeZone, { quarter, offset });
  return offset;
}

/** The local day, the day before and the minute of the day at `ms` in the zone. */
export function localInstant(ms: number, timeZone: string): LocalInstant {
  const local = new Date(ms + offsetAt(ms, timeZone));
  const day = local.toISOString().slice(0, 10);
  const prevDay = new Date(local.getTime() - 86_400_000).toISOString().slice(0, 10);
  return { day, prevDay, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** Whether a minute of the day lies in [start, end), a window that may wrap past midnight; empty when start = end. */
export function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}
