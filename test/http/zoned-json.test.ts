import { describe, expect, it } from 'vitest';
import { zoneJsonText } from '../../src/http/zoned-json.ts';
import { zonedIso } from '../../src/time.ts';

describe('zoneJsonText: the edge that writes instants with the zone offset (decision 0031)', () => {
  it('writes the same instant with the offset in force then, milliseconds kept, across DST and half-hour zones', () => {
    const cases: [string, string, string][] = [
      ['2026-11-20T00:10:00.123Z', 'Asia/Tokyo', '2026-11-20T09:10:00.123+09:00'],
      ['2026-03-29T00:59:59.999Z', 'Europe/Berlin', '2026-03-29T01:59:59.999+01:00'],
      ['2026-03-29T01:00:00.000Z', 'Europe/Berlin', '2026-03-29T03:00:00.000+02:00'],
      ['2026-11-01T06:30:00.000Z', 'America/New_York', '2026-11-01T01:30:00.000-05:00'],
      ['2026-06-01T00:00:00.000Z', 'Asia/Kolkata', '2026-06-01T05:30:00.000+05:30'],
      ['2026-01-01T00:00:00.000Z', 'UTC', '2026-01-01T00:00:00.000+00:00'],
    ];
    for (const [utc, zone, local] of cases) {
      expect(zonedIso(Date.parse(utc), zone), `${utc} ${zone}`).toBe(local);
      expect(Date.parse(local)).toBe(Date.parse(utc));
    }
  });

  it('rewrites nested instants and Dates, and nothing else', () => {
    const input = {
      at: '2026-11-20T00:00:00.000Z',
      list: [{ entryAt: '2026-11-19T15:00:00.000Z', exitAt: null }],
      when: new Date(Date.parse('2026-11-20T00:00:00.000Z')),
      day: '2026-11-20',
      purpose: '2026-11-20T00:00:00Z の作業',
      noMillis: '2026-11-20T00:00:00Z',
      n: 3,
      ok: true,
    };
    expect(JSON.parse(zoneJsonText(JSON.stringify(input), 'Asia/Tokyo'))).toEqual({
      at: '2026-11-20T09:00:00.000+09:00',
      list: [{ entryAt: '2026-11-20T00:00:00.000+09:00', exitAt: null }],
      when: '2026-11-20T09:00:00.000+09:00',
      day: '2026-11-20',
      purpose: '2026-11-20T00:00:00Z の作業',
      noMillis: '2026-11-20T00:00:00Z',
      n: 3,
      ok: true,
    });
    expect(input.at, 'the service’s own object is left as it was').toBe('2026-11-20T00:00:00.000Z');
  });

  it('leaves text inside other strings and member names as they are, whatever the escapes around them', () => {
    const input = {
      quoted: 'he wrote "2026-11-20T00:00:00.000Z" here',
      endsQuoted: 'x"2026-11-20T00:00:00.000Z',
      backslashThenInstant: '\\',
      after: '2026-11-20T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z': 'a member named like an instant',
      list: ['\\"2026-11-20T00:00:00.000Z"', '2026-11-20T00:00:00.000Z'],
      empty: '',
    };
    const text = JSON.stringify(input);
    expect(text, 'the fixture has a real quote after an escaped backslash').toContain('"\\\\","after":"2026-11-20T00:00:00.000Z"');
    expect(JSON.parse(zoneJsonText(text, 'Asia/Tokyo'))).toEqual({
      ...input,
      after: '2026-11-20T09:00:00.000+09:00',
      list: ['\\"2026-11-20T00:00:00.000Z"', '2026-11-20T09:00:00.000+09:00'],
    });
    expect(zoneJsonText('{"n":1,"s":"no instant here"}', 'Asia/Tokyo')).toBe('{"n":1,"s":"no instant here"}');
  });
});
