/**
 * The order of a list "by kana" (ふりがな順): katakana and hiragana are the same letters, and half-width
 * katakana the same as full-width, so スズキ, ｽｽﾞｷ and すずき sort together and before やまだ. SQLite compares
 * code points, which puts every katakana after every hiragana; lists ordered by kana are short (the
 * roster, organisations), so they are sorted here after reading (docs/decisions/0025).
 */
export function kanaKey(kana: string): string {
  return kana.normalize('NFKC').replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Compares two rows by their kana reading, then by the reading as written, then by id: a stable, total order. */
export function byKana<T extends { kana: string; id: number }>(a: T, b: T): number {
  const ka = kanaKey(a.kana);
  const kb = kanaKey(b.kana);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.kana !== b.kana) return a.kana < b.kana ? -1 : 1;
  return a.id - b.id;
}
