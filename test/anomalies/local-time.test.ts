import { describe, expect, it } from 'vitest';
import { inWindow, localInstant } from '../../src/anomalies/local-time.ts';
import { localDateTime } from '../../src/time.ts';

describe('B7 local time on the hot path: the cached zone offset gives what Intl gives', () => {
  it.each(['Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'])('B7: %s, every 23 minutes across a year and its DST changes', (tz) => {
    for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 23 * 60_000 + 13_000) {
      const want = localDateTime(ms, tz);
      const got = localInstant(ms, tz);
      expect(`${got.day} ${String(Math.floor(got.minute / 60)).padStart(2, '0')}:${String(got.minute % 60).padStart(2, '0')}`).toBe(want);
    }
  });

  it('B7: the day before, across a month and a year', () => {
    expect(localInstant(Date.parse('2026-03-01T00:30:00+09:00'), 'Asia/Tokyo')).toEqual({ day: '2026-03-01', prevDay: '2026-02-28', minute: 30 });
    expect(localInstant(Date.parse('2027-01-01T23:59:00+09:00'), 'Asia/Tokyo')).toEqual({ day: '2027-01-01', prevDay: '2026-12-31', minute: 1439 });
  });

  it('B7: windows that wrap past midnight, and an empty window', () => {
    expect([1199, 1200, 1439, 0, 419, 420].map((m) => inWindow(m, 1200, 420))).toEqual([false, true, true, true, true, false]);
    expect([539, 540, 1019, 1020].map((m) => inWindow(m, 540, 1020))).toEqual([false, true, true, false]);
    expect(inWindow(600, 600, 600)).toBe(false);
  });
});
