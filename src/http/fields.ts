import { z } from 'zod';

// C0/C1 controls and bidi overrides have no place in a name or a purpose printed on a ledger.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// In a /u pattern a surrogate pair is one code point, so this matches only halves standing alone:
// text that cannot be stored as UTF-8 unchanged.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** User text: NFC-normalised, trimmed, bounded, without control characters. */
export function text(max: number, min = 1) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'required' : `at least ${min} characters`)
        .max(max, `at most ${max} characters`)
        .refine((s) => !FORBIDDEN_CHARS.test(s), 'control characters are not allowed')
        .refine((s) => !LONE_SURROGATE.test(s), 'contains a broken character (lone surrogate)'),
    );
}

/** Multi-line user text (notes, reasons): like text() but newlines and tabs are allowed. */
export function note(max: number, min = 0) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(min, 'required')
        .max(max, `at most ${max} characters`)
        .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s), 'control characters are not allowed')
        .refine((s) => !LONE_SURROGATE.test(s), 'contains a broken character (lone surrogate)'),
    );
}

/**
 * Kana reading (ふりがな): hiragana, katakana (full or half width, with half-width sound marks ﾞ ﾟ and
 * the prolonged sound mark), middle dots, spaces. Stored in NFKC (ｷﾀﾊﾏ as キタハマ): lists sort by it.
 */
export const kana = text(100)
  .refine((s) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\u3000 \uFF65-\uFF9F]+$/u.test(s), 'must be written in kana')
  .transform((s) => s.normalize('NFKC'));

// Zero-width spaces and joiners, word joiners, the Hangul filler, variation selectors: invisible, so two
// names that read the same can differ by them. NFKC folds full-width letters and other compatibility forms.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The form in which two names are the same name: NFKC, without default-ignorable code points. */
export function nameKey(s: string): string {
  return s.normalize('NFKC').replace(IGNORABLE, '').normalize('NFKC').trim();
}

/** The row among `rows`, other than `exceptId`, whose name is `name` once both are compared by nameKey. */
export function sameName<T extends { id: number; name: string }>(rows: T[], name: string, exceptId: number | null = null): T | undefined {
  const key = nameKey(name);
  return rows.find((r) => r.id !== exceptId && nameKey(r.name) === key);
}

/**
 * A JSON object the client fills as it likes (WebAuthn's clientExtensionResults), bounded before anything
 * walks or hashes it: canonicalJson throws on a number JSON.parse made infinite (`1e400`) and on keys that
 * are equal after NFC, and recurses once per level of nesting.
 */
export function clientObject(limits: { depth: number; values: number }) {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const problem = jsonProblem(value, limits.depth, { left: limits.values });
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

// Walks no deeper than `depth`, so that its own recursion is bounded too. The message names no key:
// keys are the client's text.
function jsonProblem(v: unknown, depth: number, budget: { left: number }): string | null {
  if ((budget.left -= 1) < 0) return 'too many values';
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'holds a number out of range';
  if (v === null || typeof v !== 'object') return null;
  if (depth === 0) return 'nested too deeply';
  const keys = new Set<string>();
  for (const [k, x] of Object.entries(v)) {
    if (!Array.isArray(v)) {
      const nfc = k.normalize('NFC');
      if (keys.has(nfc)) return 'holds two keys that are equal after Unicode normalisation (NFC)';
      keys.add(nfc);
    }
    const problem = jsonProblem(x, depth - 1, budget);
    if (problem) return problem;
  }
  return null;
}

/** An instant: ISO 8601 with an offset (`2026-11-22T09:00:00+09:00`), carried as epoch milliseconds. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

/** An id in a JSON body: a positive integer, not something that converts to one (`true`, `"0x1e"`, `[32]`). */
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An id in a path or a query string: decimal digits only (not `0x10`, `1e1`, ` 1`, `+1`). */
export const idText = z.string().regex(/^\d{1,16}$/, 'must be a whole number in decimal digits').transform(Number).pipe(id);

export const IdParam = z.object({ id: idText });

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
