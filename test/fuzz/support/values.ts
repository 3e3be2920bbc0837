import fc from 'fast-check';

/** A fragment written into the JSON text as is: numbers JSON cannot round-trip, escapes, deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
  toString() {
    return `RawJson(${this.text.length > 40 ? `${this.text.slice(0, 40)}…` : this.text})`;
  }
}

/** JSON.stringify that writes RawJson fragments verbatim. */
export function toJsonText(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : toJsonText(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export const DEEP = 10_000;
export const deepArray = (n = DEEP) => '['.repeat(n) + ']'.repeat(n);
export const deepObject = (n = DEEP) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

export const SQL_LIKE = ["' OR 1=1 --", "'; DROP TABLE people; --", '" OR ""="', '1 UNION SELECT token_hash FROM sessions', '%', '_', '\\', "\\'; --"];
export const HTML_LIKE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '&amp;', '&lt;b&gt;', "javascript:alert('x')", '<svg onload=alert(1)>', '{{7*7}}', '${7*7}'];
/** NFC vs NFD, full- and half-width kana, emoji, controls, bidi marks, lone surrogates, odd spaces. */
export const UNICODE_EDGES = [
  'が', 'か\u3099', 'ガ', 'カ\u3099', 'ｶﾞ', 'ｷﾀﾊﾏ ｼﾞﾛｳ', 'ｺｰﾋｰ', 'きたはま', 'Ｋｉｔａｈａｍａ', '１２３', '\u00C5', 'A\u030A', '\u1100\u1161',
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '𠮷野家', '\u202Eevil\u202C', '\u200F', '\u2067x\u2069', '\u200B', '\uFEFF', '\u00AD',
  '\ud800', 'a\udc00b', '\udbff\udfff', 'a\u0000b', '\u0007', '\u001b[31m', '\u0085', '\u2028', '\r\n', '\t', ' ', '\u3000', '',
];
const LONG = ['x'.repeat(5_000), '長'.repeat(3_000), 'a'.repeat(101), 'a'.repeat(201)];
const LOOKALIKES = ['2026-11-20', '2026-02-30', '2026-11-20T09:00:00+09:00', '2026-11-20T09:00:00', '09:00', '24:00', '24:01', '0000-01-01', '9999-12-31', '0000-01', '9999-12', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00', '1970-01-01T00:00:00-12:00', 'NaN', 'Infinity', '-0', '1e309', '0x10', '00000001', 'null', 'true', '__proto__', 'constructor'];
export const HOSTILE_STRINGS = [...SQL_LIKE, ...HTML_LIKE, ...UNICODE_EDGES, ...LONG, ...LOOKALIKES];

const HOSTILE_SCALARS: unknown[] = [null, true, false, 0, -1, 1.5, -(2 ** 31), 2 ** 31, 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, [], {}, [null], [[]], { a: 1 }, ['worker', 'worker']];
const RAW_FRAGMENTS = ['1e400', '-1e400', '123456789012345678901234567890', '-0', '1.0', '1e-400', '9007199254740993', '"\\ud800"', '"\\u0000"', '"a\\u202eb"', deepArray(), deepObject()];

const EDGE_UNIT = fc.constantFrom('a', 'Z', '0', 'あ', 'ア', 'ｱ', 'ﾞ', 'ｰ', 'ー', '\u3099', '\u0301', '😀', '\u200D', '\u202E', '\u2066', '\u0000', '\u001F', '\u007F', '\u0085', '\uFEFF', '\ud800', '\udfff', '<', '>', '&', '"', "'", '\\', '%', '\n', '\r', ' ', '\u3000', 'Ａ', '１', '𠮷', '-', '=', '+', '@');
export const edgeString = fc.string({ unit: EDGE_UNIT, maxLength: 30 });

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: edgeString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_SCALARS) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_FRAGMENTS).map((t) => new RawJson(t)) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

type Path = (string | number)[];

/** Every node of a template below its root, to a depth of five. */
export function pathsOf(v: unknown, prefix: Path = []): Path[] {
  if (prefix.length >= 5 || v === null || typeof v !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
}

export type Mutation = { op: 'set'; path: Path; value: unknown } | { op: 'delete'; path: Path } | { op: 'add'; path: Path; key: string; value: unknown };

/** One part of `template` broken: a field set to a hostile value, removed, or an unknown key added. */
export function mutation(template: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(template);
  const objects: Path[] = [[], ...paths.filter((p) => isObject(getAt(template, p)))];
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'roles', ''), edgeString);
  const arbs: fc.Arbitrary<Mutation>[] = [fc.record({ op: fc.constant('add' as const), path: fc.constantFrom(...objects), key, value: hostileValue })];
  if (paths.length > 0) {
    arbs.push(fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }));
    arbs.push(fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }));
  }
  return fc.oneof({ weight: 6, arbitrary: arbs[1] ?? arbs[0]! }, { weight: 1, arbitrary: arbs[2] ?? arbs[0]! }, { weight: 2, arbitrary: arbs[0]! });
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function getAt(v: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, k) => (node as Record<string | number, unknown> | undefined)?.[k], v);
}

/** The template with the mutation applied, as JSON text. */
export function applyMutation(template: unknown, m: Mutation): string {
  const copy = structuredClone(template) as Record<string | number, unknown>;
  const parent = getAt(copy, m.path.slice(0, -1)) as Record<string | number, unknown>;
  const last = m.path.at(-1)!;
  if (m.op === 'set') parent[last] = m.value;
  else if (m.op === 'delete') Array.isArray(parent) ? parent.splice(last as number, 1) : delete parent[last];
  else Object.defineProperty(getAt(copy, m.path) as object, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  return toJsonText(copy);
}

/** Texts JSON.parse refuses: truncations of a real body and classic near-JSON. */
export function malformedJson(template: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(template);
  const nearJson = ['{', '}', '[', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', 'undefined', '{"a":NaN}', '\uFEFF{', '{"a":1}{"b":2}', '{"a":"\u0000"}', '{"a":01}', '{a:1}', '<xml/>', '', '   ', '\u0000', '{"a":"\\x41"}', '{"a":"\\u12"}', '[1,,2]', `${text}x`, `${text}}`, '-', '"unterminated'];
  return fc
    .oneof(
      fc.constantFrom(...nearJson),
      fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)),
      fc.string({ unit: 'binary', maxLength: 40 }),
    )
    .filter((s) => {
      try {
        // fetch's body.json() drops a leading BOM (UTF-8 decode), so '\uFEFF{}' is JSON to the server.
        JSON.parse(s.replace(/^\uFEFF/, ''));
        return false;
      } catch {
        return true;
      }
    });
}

/** Values for a path param that are no id at all (or none that exists), raw or percent-encoded. */
export function badParam(name: string): fc.Arbitrary<{ raw: string } | { text: string }> {
  const numeric = ['id', 'serial', 'assetId', 'entryEventId'].includes(name);
  const lookalike = numeric
    ? ['-1', '0', '1.5', '1e400', 'abc', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999', '987654321', '１', '٣', ' ', '1 OR 1=1', '1;', '[1]', 'true']
    : ['2026-13-01', '2026-02-30', '9999-12-31', '0000-01-01', '2026-1-1', '2026-11', '2026-00', 'city-export-20261120T000000Z-abcdef', 'evidence-00000000T000000Z-000000', '..', 'AAAA', 'A'.repeat(2000)];
  const text = fc.oneof(fc.constantFrom(...lookalike, ...SQL_LIKE, ...HTML_LIKE, ...UNICODE_EDGES), edgeString, fc.string({ maxLength: 20 })).filter((s) => !numeric || !couldBeRealId(s));
  const raw = fc.constantFrom('%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '%', '..%2F..%2F', '%F0%9F', '%C0%AF');
  return fc.oneof({ weight: 5, arbitrary: text.map((t) => ({ text: t })) }, { weight: 1, arbitrary: raw.map((r) => ({ raw: r })) });
}

/** A param that coerces to a small positive integer might name a real row: a 2xx there is no finding. */
function couldBeRealId(s: string): boolean {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n < 1_000_000;
}

/** Percent-encoding that survives lone surrogates (encodeURIComponent throws on them). */
export function encodeParam(v: { raw: string } | { text: string }): string {
  if ('raw' in v) return v.raw;
  try {
    return encodeURIComponent(v.text);
  } catch {
    return [...Buffer.from(v.text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

/** CSV text for the imports: known and unknown columns, hostile cells, any quoting, line end and tail. */
export function hostileCsv(columns: string[], plausible: string[]): fc.Arbitrary<string> {
  const cell = fc.oneof(fc.constantFrom(...plausible, ''), fc.constantFrom(...HOSTILE_STRINGS), edgeString);
  const header = fc.oneof(
    { weight: 4, arbitrary: fc.shuffledSubarray(columns, { minLength: 1 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...columns, 'unknown', ''), edgeString), { minLength: 1, maxLength: 5 }) },
  );
  return header
    .chain((h) =>
      fc.record({
        header: fc.constant(h),
        rows: fc.array(fc.array(cell, { minLength: Math.max(0, h.length - 1), maxLength: h.length + 1 }), { maxLength: 4 }),
        quoteAll: fc.boolean(),
        eol: fc.constantFrom('\r\n', '\n', '\r'),
        bom: fc.boolean(),
        tail: fc.constantFrom('', '"', '\r\n', ',,,', '\r\n\r\n'),
      }),
    )
    .map(({ header, rows, quoteAll, eol, bom, tail }) => {
      const field = (c: string) => (quoteAll || /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
      return (bom ? '\uFEFF' : '') + [header, ...rows].map((r) => r.map(field).join(',')).join(eol) + tail;
    });
}
