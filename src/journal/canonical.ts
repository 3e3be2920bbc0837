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
      return JSON.stringify(value.normalize('NFC'));
    case 'object': {
      // Array.from, not map: map skips holes, and `[,1]` is not JSON.
      if (Array.isArray(value)) return `[${Array.from(value, (v: unknown) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: unsupported object ${proto?.constructor?.name}`);
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k.normalize('NFC'), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      // Two keys equal after NFC would be written twice, and a reader's JSON.parse keeps only one.
      if (entries.some(([k], i) => i > 0 && k === entries[i - 1]![0])) throw new TypeError('canonicalJson: keys collide after NFC normalisation');
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
