import { AppError } from '../http/app-error.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';

/** A retry key from a kiosk or a guard: whose it is, the key, and a hash of the request it came with. */
export interface Idempotency {
  /** `kiosk:<id>` or `person:<id>`. */
  scope: string;
  key: string;
  requestHash: string;
}

export function idempotencyOf(scope: string, key: string, body: unknown): Idempotency {
  return { scope, key, requestHash: sha256Hex(canonicalJson(body)) };
}

/** A stored row answers a repeated key only if it came from the same request; another body is refused. */
export function assertSameRequest(storedHash: string | null, idem: Idempotency): void {
  if (storedHash !== idem.requestHash) throw AppError.conflict('body.idempotencyKey', 'this idempotency key was already used for a different request');
}
