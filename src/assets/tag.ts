/**
 * The asset tag payload: `LA1:<管理番号>:<check>`. The check character is Luhn mod 36 over the
 * number's letters and digits, so a mistyped or damaged code (one wrong character, two swapped) is caught.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const N = ALPHABET.length;

export function checkCharacter(assetNumber: string): string {
  const codes = [...assetNumber.toUpperCase()].map((c) => ALPHABET.indexOf(c)).filter((i) => i >= 0);
  let factor = 2;
  let sum = 0;
  for (let i = codes.length - 1; i >= 0; i--) {
    const addend = factor * codes[i]!;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

export function tagPayload(assetNumber: string): string {
  return `LA1:${assetNumber}:${checkCharacter(assetNumber)}`;
}

export type TagReading = { ok: true; assetNumber: string } | { ok: false; reason: 'not_a_tag' | 'tag_damaged' };

/** Reads a scanned code: its asset number, or why it cannot be trusted. */
export function readTag(scanned: string): TagReading {
  const m = /^LA1:([A-Za-z0-9][A-Za-z0-9._\/-]{0,39}):([0-9A-Z])$/.exec(scanned.trim());
  if (!m) return { ok: false, reason: scanned.trim().startsWith('LA1:') ? 'tag_damaged' : 'not_a_tag' };
  return checkCharacter(m[1]!) === m[2] ? { ok: true, assetNumber: m[1]! } : { ok: false, reason: 'tag_damaged' };
}

/** True for anything the kiosk scanner should treat as an asset tag rather than a name badge. */
export function looksLikeAssetTag(scanned: string): boolean {
  return scanned.trim().startsWith('LA1:');
}

/**
 * The asset number written in a code that looks like a tag, even when its check character fails: what
 * a refused scan's record shows under 管理番号 (marked as read, not verified). Null for anything else.
 */
export function numberInTag(scanned: string): string | null {
  return /^LA1:([A-Za-z0-9][A-Za-z0-9._\/-]{0,39}):/.exec(scanned.trim())?.[1] ?? null;
}
