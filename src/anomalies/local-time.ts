import { offsetAt } from '../time.ts';

export interface LocalInstant {
  /** The working day, `YYYY-MM-DD` in the configured zone. */
  day: string;
  prevDay: string;
  /** Minutes since the local midnight. */
  minute: number;
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
