import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// NFC leaves ASCII as it is, and ICU's normalize costs several times this test (every hash of the
// journal goes through here: verify walks millions of entries).
const ASCII = /^[\x00-\x7f]*$/;
const nfc = (s: string): string => (ASCII.test(s) ? s : s.normalize('NFC'));

const byCodeUnit = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

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
      if (Array.isArray(value)) {
        // Indexed, not map: map skips holes, and `[,1]` is not JSON.
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + canonicalJson(value[i] === undefined ? null : value[i]);
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: unsupported object ${proto?.constructor?.name}`);
      const entries: [string, unknown][] = [];
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (v !== undefined) entries.push([nfc(k), v]);
      }
      entries.sort(byCodeUnit);
      let out = '{';
      for (let i = 0; i < entries.length; i++) {
        const [k, v] = entries[i]!;
        // Two keys equal after NFC would be written twice, and a reader's JSON.parse keeps only one.
        if (i > 0 && k === entries[i - 1]![0]) throw new TypeError('canonicalJson: keys collide after NFC normalisation');
        out += `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
