/** Working days and printed times in the configured zone; instants stay UTC milliseconds everywhere else. */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    partsCache.set(timeZone, f);
  }
  return f;
}

function localParts(ms: number, timeZone: string) {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(ms).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

// Intl costs microseconds a call. A zone's offset only changes on a quarter hour (DST and the :30/:45
// zones), so it is asked once per quarter hour and zone, and reused for every instant in it.
const QUARTER_HOUR = 15 * 60_000;
const lastOffset = new Map<string, { quarter: number; offset: number }>();

/** Offset of the zone from UTC at an instant, in ms. */
export function offsetAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const cached = lastOffset.get(timeZone);
  if (cached?.quarter === quarter) return cached.offset;
  const start = quarter * QUARTER_HOUR;
  const p = localParts(start, timeZone);
  const offset = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - start;
  lastOffset.set(timeZone, { quarter, offset });
  return offset;
}

/**
 * An instant as RFC 3339 with the zone's offset at that instant and milliseconds:
 * `2026-11-20T08:10:00.000+09:00` in Asia/Tokyo. The wall time is the one printed on ledgers.
 */
export function zonedIso(ms: number, timeZone: string): string {
  const offset = offsetAt(ms, timeZone);
  const offsetMin = Math.round(offset / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${new Date(ms + offset).toISOString().slice(0, 23)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** [start, end) of a working day `YYYY-MM-DD` in the zone, as UTC ms (handles zones with DST). */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const localMidnight = (yy: number, mm: number, dd: number) => {
    const guess = Date.UTC(yy, mm - 1, dd);
    const first = guess - offsetAt(guess, timeZone);
    return guess - offsetAt(first, timeZone);
  };
  return { start: localMidnight(y, m, d), end: localMidnight(y, m, d + 1) };
}

export function workingDay(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** `2026-11-20 09:05` in the zone: the format printed on ledgers and written to CSV. */
export function localDateTime(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

export function localTime(ms: number, timeZone: string): string {
  return localDateTime(ms, timeZone).slice(11);
}

/** 令和8年11月20日 — the Japanese era date printed on forms. */
export function eraDate(day: string, timeZone: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone, era: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(dayBounds(day, timeZone).start);
}
