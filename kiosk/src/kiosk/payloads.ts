/**
 * The codes this product prints, known by how they begin: a name badge (`LDG1.<serial>.<person>.<sig>`,
 * src/badges/service.ts) and an asset label (`LA1:<管理番号>:<check>`, src/assets/tag.ts). A test
 * checks these against what the server issues.
 */
export const BADGE_PREFIX = 'LDG1.';
export const ASSET_TAG_PREFIX = 'LA1:';
export const PAYLOAD_PREFIXES = [BADGE_PREFIX, ASSET_TAG_PREFIX] as const;

export function isBadge(code: string): boolean {
  return code.trim().startsWith(BADGE_PREFIX);
}

export function isAssetTag(code: string): boolean {
  return code.trim().startsWith(ASSET_TAG_PREFIX);
}
