import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Canonical JSON for hashing: object keys sorted by code unit, strings NFC-normalised, numbers
 * finite (ECMAScript's shortest round-trip form, -0 written as 0), undefined members dropped,
 * undefined array items and holes written as null.
 * Anything else (Date, Buffer, NaN, bigint) is a programming error and throws.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'string':
      return JSON.stringify(nfc(value));
    case 'object': {
      // A loop, not map: map skips holes, and `[,1]` is not JSON.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i] === undefined ? null : value[i]);
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: unsupported object ${proto?.constructor?.name}`);
      const record = value as Record<string, unknown>;
      const keys: [string, string][] = [];
      for (const k of Object.keys(record)) if (record[k] !== undefined) keys.push([nfc(k), k]);
      keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const [k, original] = keys[i]!;
        // Two keys equal after NFC would be written twice, and a reader's JSON.parse keeps only one.
        if (i > 0 && k === keys[i - 1]![0]) throw new TypeError('canonicalJson: keys collide after NFC normalisation');
        out += `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(record[original])}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

// Printable ASCII is already in NFC; most keys and many values are, and normalize() is not free.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function nfc(s: string): string {
  return PRINTABLE_ASCII.test(s) ? s : s.normalize('NFC');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
