import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/journal/canonical.ts';

describe('E2 canonical JSON: the bytes the journal hashes', () => {
  it('sorts object keys at every depth, whatever order they were written in', () => {
    const a = { b: 1, a: { z: [{ y: 1, x: 2 }], c: null }, 'A': true };
    const b = { a: { c: null, z: [{ x: 2, y: 1 }] }, 'A': true, b: 1 };
    expect(canonicalJson(a)).toBe('{"A":true,"a":{"c":null,"z":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('sorts keys by UTF-16 code unit, not by locale', () => {
    expect(canonicalJson({ 'ｂ': 1, b: 2, 'あ': 3, B: 4 })).toBe('{"B":4,"b":2,"あ":3,"ｂ":1}');
  });

  it('keeps array order (arrays are sequences, not sets)', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('NFC-normalises strings, so an NFD "が" hashes like an NFC "が"', () => {
    const nfc = '\u304C'; // が
    const nfd = '\u304B\u3099'; // か + combining voiced mark
    expect(nfd).not.toBe(nfc);
    expect(canonicalJson(nfd)).toBe(`"${nfc}"`);
    expect(sha256Hex(canonicalJson({ name: `山${nfd}` }))).toBe(sha256Hex(canonicalJson({ name: `山${nfc}` })));
  });

  it('NFC-normalises keys as well as values', () => {
    expect(canonicalJson({ ['\u304B\u3099']: 1 })).toBe(canonicalJson({ ['\u304C']: 1 }));
    expect(canonicalJson({ ['\u304B\u3099']: 1 })).toBe('{"\u304C":1}');
  });

  it('throws when two keys become one after NFC, rather than write a duplicate key', () => {
    expect(() => canonicalJson({ ['\u304C']: 1, ['\u304B\u3099']: 2 })).toThrow(/collide/);
    expect(() => canonicalJson({ x: { ['\u304C']: 1, ['\u304B\u3099']: 2 } })).toThrow(/collide/);
  });

  it('writes -0 as 0 and numbers in their shortest round-trip form', () => {
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson({ n: -0 })).toBe('{"n":0}');
    expect(canonicalJson([0.1 + 0.2, 1e21, 1.5, -7])).toBe('[0.30000000000000004,1e+21,1.5,-7]');
  });

  it('drops undefined object members, and writes undefined array items and holes as null', () => {
    expect(canonicalJson({ a: 1, gone: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, gone: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
    const holes = [, 1];
    expect(canonicalJson(holes)).toBe('[null,1]');
    expect(() => JSON.parse(canonicalJson(holes))).not.toThrow();
  });

  it('escapes strings as JSON and round-trips through JSON.parse', () => {
    const value = { q: 'say "hi"\n', tab: '\t', s: '\\', e: '' };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a Date', new Date(0)],
    ['a bigint', 1n],
    ['a Buffer', Buffer.from('x')],
    ['a Map', new Map()],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['undefined at the top', undefined],
  ])('throws on %s, at the top or nested', (_name, bad) => {
    expect(() => canonicalJson(bad)).toThrow(TypeError);
    if (bad === undefined) return; // a nested undefined is dropped or written as null, as above
    expect(() => canonicalJson({ ok: 1, nested: { bad } })).toThrow(TypeError);
    expect(() => canonicalJson([1, bad])).toThrow(TypeError);
  });

  it('hashes to lowercase 64-hex SHA-256 over UTF-8', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('が')).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex('が')).not.toBe(sha256Hex('か'));
  });
});

describe('E2 the entry hash input is canonicalJson of the hashed columns', () => {
  it('matches canonicalJson over random rows (strings with kana, NFD, quotes, control characters; nulls; numbers)', async () => {
    const fc = (await import('fast-check')).default;
    const { entryHashInput } = await import('../../src/journal/append.ts');
    const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('が', 'か\u3099', '"\\\n\u0000', 'ｶﾞ'));
    const row = fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      actorType: fc.constantFrom('person' as const, 'kiosk' as const, 'system' as const),
      actorId: fc.option(str),
      actorSession: fc.option(str),
      action: str,
      entityType: str,
      entityId: str,
      requestId: fc.option(str),
      payloadHash: str,
      rowSeals: fc.option(str),
      prevHash: str,
    });
    // A null rowSeals is left out of the hash (entries written before it existed), as an undefined member is.
    fc.assert(fc.property(row, (r) => entryHashInput(r) === canonicalJson({ ...r, rowSeals: r.rowSeals ?? undefined })), { numRuns: 2000, seed: 20261201 });
  });
});

/** The definition, written as plainly as it reads: the oracle for the faster canonicalJson. */
function referenceCanonical(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite');
    return JSON.stringify(Object.is(value, -0) ? 0 : value);
  }
  if (typeof value === 'string') return JSON.stringify(value.normalize('NFC'));
  if (Array.isArray(value)) return `[${Array.from(value, (v) => referenceCanonical(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.normalize('NFC'), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (members.some(([k], i) => i > 0 && k === members[i - 1]![0])) throw new TypeError('collision');
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonical(v)}`).join(',')}}`;
  }
  throw new TypeError(typeof value);
}

describe('E2 canonicalJson agrees with its definition', () => {
  it('over random JSON values with kana, NFD, half-width, emoji and control characters in keys and strings', async () => {
    const fc = (await import('fast-check')).default;
    const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('が', 'か\u3099', 'ｶﾞ', '"\\\n\u0000', '👩‍🔧', '\u202e', 'Z', 'a', '_'));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), str, tie('arr'), tie('obj')),
      arr: fc.array(fc.oneof(tie('any'), fc.constant(undefined)), { maxLength: 5 }),
      obj: fc.dictionary(str, fc.oneof(tie('any'), fc.constant(undefined)), { maxKeys: 8 }),
    })).any;
    const outcome = (f: (v: unknown) => string, v: unknown) => {
      try {
        return f(v);
      } catch {
        return 'threw';
      }
    };
    fc.assert(fc.property(value, (v) => outcome(canonicalJson, v) === outcome(referenceCanonical, v)), { numRuns: 3000, seed: 20261201 });
  });
});
