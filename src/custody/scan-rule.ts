import type { Asset } from '../assets/service.ts';

/**
 * Why a storage asset's virus-scan record keeps a request from approval (C5), or null when it does not.
 * Submitting and approving say it in the same words, so the console translates one message.
 */
export function scanProblem(asset: Pick<Asset, 'assetNumber' | 'hasStorage'>, result: string | null): string | null {
  if (!asset.hasStorage || result === 'clean') return null;
  const what = result === null ? 'has no virus-scan record' : result === 'infected' ? 'was found infected by its virus scan' : 'has a failed virus scan';
  return `${asset.assetNumber} ${what}: it cannot be approved`;
}
