type WebAuthn = typeof import('@simplewebauthn/server');

let loading: Promise<WebAuthn> | undefined;

/**
 * @simplewebauthn/server, loaded at its first use and once: it is the server's largest import (about a
 * third of the time to load the modules through tsx before the first request), and only passkey
 * ceremonies need it. The server bundle (decision 0006) includes its code but still evaluates it only
 * here. The server starts loading it as soon as it listens.
 */
export function webauthn(): Promise<WebAuthn> {
  return (loading ??= import('@simplewebauthn/server'));
}
