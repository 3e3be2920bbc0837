/**
 * What went wrong in a WebAuthn call, by the browser's error name: the one mapping the console and the
 * kiosk share. @simplewebauthn wraps the browser's DOMException in a WebAuthnError of the same name, with
 * the original as `cause`; its own message ("127.0.0.1 is an invalid domain") is not for people.
 */
export type PasskeyProblem = 'cancelled' | 'already-registered' | 'wrong-address' | 'failed';

const FAILED = new Set(['NotSupportedError', 'ConstraintError', 'UnknownError']);

export function passkeyProblem(err: unknown): PasskeyProblem | null {
  if (err === null || typeof err !== 'object') return null;
  const e = err as { name?: unknown; message?: unknown; cause?: { name?: unknown } };
  const names = [e.name, e.cause?.name];
  // The page's address is not the passkey origin (or not on RP_ID): the browser refuses the RP ID.
  if (names.includes('SecurityError')) return 'wrong-address';
  // Over plain http on any host but localhost, the browser offers no WebAuthn at all.
  if (typeof e.message === 'string' && /WebAuthn is not supported/.test(e.message) && globalThis.isSecureContext === false) return 'wrong-address';
  if (names.includes('InvalidStateError')) return 'already-registered';
  if (names.includes('NotAllowedError') || names.includes('AbortError')) return 'cancelled';
  if (names.some((n) => typeof n === 'string' && FAILED.has(n))) return 'failed';
  return null;
}
