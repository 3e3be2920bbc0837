import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The server's Ed25519 key: signs QR badges and journal checkpoints. Lives outside the database file. */
export interface SigningKey {
  keyId: string;
  publicKey: KeyObject;
  sign(data: Buffer): Buffer;
  verify(data: Buffer, signature: Buffer): boolean;
}

export function loadOrCreateSigningKey(path: string): SigningKey {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx' refuses to overwrite a key another process created in the meantime.
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  }
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) throw new Error(`signing key ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
  const key = signingKeyFromPem(readFileSync(path, 'utf8'));
  // The public half, for auditors who check checkpoints and badges without the private key.
  if (!existsSync(`${path}.pub`)) writeFileSync(`${path}.pub`, key.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return key;
}

/** A public key from a PEM file: an SPKI public key, or the private key it belongs to. */
export function publicKeyFromFile(path: string): KeyObject {
  return createPublicKey(readFileSync(path, 'utf8'));
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const raw = publicKey.export({ type: 'spki', format: 'der' });
  return {
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    publicKey,
    sign: (data) => sign(null, data, privateKey),
    verify: (data, signature) => verify(null, data, publicKey, signature),
  };
}
