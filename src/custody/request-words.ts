/**
 * What the server says when it refuses a request's content, in one place with no imports, so the
 * console can check a form before sending it and say the same words (kiosk/src/console/pages/request-checks.ts).
 */

/** A planned window longer than a quarter is a standing permission, not a request to move something. */
export const MAX_WINDOW_MS = 92 * 86_400_000;

export const REQUEST_WORDS = {
  windowEnded: 'the planned window has already ended',
  windowBackwards: 'must be after windowFrom',
  windowTooLong: 'a window may last at most 92 days',
  destinationRequired: 'required for a carry-out',
  returnTooEarly: 'must be after the window starts',
  responsibleIsCarrier: 'the responsible person (責任者) must be someone other than the carrier (F2)',
  fixedUnconfirmed: (assetNumber: string) => `${assetNumber} is fixed equipment (C11): confirm moving it with fixedEquipment: true`,
  protectionMissing: (numbers: string) => `${numbers} hold 重要情報: state the transport protection (encryption or a locked case) (C6)`,
  encryptionRequired: (numbers: string) => `${numbers} hold 重要情報 on storage: carried out only encrypted (C6)`,
} as const;

/**
 * Why a storage asset's virus-scan record keeps a request from approval (C5), or null when it does not.
 * Submitting and approving say it in the same words.
 */
export function scanProblem(asset: { assetNumber: string; hasStorage: boolean }, result: string | null): string | null {
  if (!asset.hasStorage || result === 'clean') return null;
  const what = result === null ? 'has no virus-scan record' : result === 'infected' ? 'was found infected by its virus scan' : 'has a failed virus scan';
  return `${asset.assetNumber} ${what}: it cannot be approved`;
}
