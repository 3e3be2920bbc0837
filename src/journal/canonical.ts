import { hash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// NFC leaves ASCII as it is, and ICU's normalize costs several times this test (every hash of the
// journal goes through here: verify walks millions of entries).
const ASCII = /^[\x00-\x7f]*$/;
const nfc = (s: string): string => (ASCII.test(s) ? s : s.normalize('NFC'));

/**
 * Canonical JSON for hashing: object keys sorted by code unit, strings NFC-normalised, numbers
 * finite (ECMAScript's shortest round-trip form, -0 written as 0), undefined members dropped,
 * undefined array items and holes written as null.
 * Anything else (Date, Buffer, NaN, bigint) is a programming error and throws.
 *
 * Every journal entry goes through here (a check-in's is a 29-member object), so objects take the
 * direct way when their keys are ASCII, as they always are in practice: the keys are unique and NFC
 * already, and `sort()` without a comparator orders strings by UTF-16 code unit.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return String(value); // what JSON.stringify writes for a finite number, -0 as 0 included
    case 'string':
      return quote(value);
    case 'object': {
      if (Array.isArray(value)) {
        // Indexed, not map: map skips holes, and `[,1]` is not JSON.
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i] === undefined ? null : value[i]);
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: unsupported object ${proto?.constructor?.name}`);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!ASCII.test(keys.join(''))) return objectWithUnicodeKeys(record, keys);
      keys.sort();
      let out = '{';
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        out += (out.length > 1 ? ',' : '') + quotedKey(k) + ':' + canonicalJson(v);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

// JSON.stringify of a short string costs ~0.4 µs a call here; most strings need no escape at all.
const NEEDS_ESCAPE = /["\\\x00-\x1f\ud800-\udfff]/;
function quote(s: string): string {
  const n = nfc(s);
  return NEEDS_ESCAPE.test(n) ? JSON.stringify(n) : `"${n}"`;
}

// Object keys are the schema's column and field names: a few hundred at most, quoted once each.
const quotedKeys = new Map<string, string>();
function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

const byCodeUnit = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function objectWithUnicodeKeys(record: Record<string, unknown>, keys: string[]): string {
  const entries: [string, unknown][] = [];
  for (const k of keys) if (record[k] !== undefined) entries.push([k.normalize('NFC'), record[k]]);
  entries.sort(byCodeUnit);
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    // Two keys equal after NFC would be written twice, and a reader's JSON.parse keeps only one.
    if (i > 0 && k === entries[i - 1]![0]) throw new TypeError('canonicalJson: keys collide after NFC normalisation');
    out += (i > 0 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

/** SHA-256 of the UTF-8 text, lowercase hex (the one-shot crypto.hash: ~2 µs less a call than createHash). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
