// Software FIDO2 authenticator for tests: real P-256 keys and signatures, "none" attestation,
// so @simplewebauthn/server verification runs unmocked against its output.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

// ---------- minimal CBOR encoder (RFC 8949, definite lengths only) ----------

export type CborValue =
  | number
  | string
  | Uint8Array
  | CborValue[]
  | Map<number | string, CborValue>
  | { [key: string]: CborValue };

function cborHead(major: number, n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`CBOR: bad length/value ${n}`);
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  const size = n < 0x10000 ? 2 : n < 0x100000000 ? 4 : 8;
  const b = Buffer.alloc(1 + size);
  b[0] = m | (size === 2 ? 25 : size === 4 ? 26 : 27);
  if (size === 8) b.writeBigUInt64BE(BigInt(n), 1);
  else b.writeUIntBE(n, 1, size);
  return b;
}

export function cborEncode(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`CBOR: only integers supported, got ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const utf8 = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, utf8.length), utf8]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cborEncode)]);
  const entries: [number | string, CborValue][] =
    value instanceof Map ? [...value.entries()] : Object.entries(value);
  const parts = entries.flatMap(([k, v]) => [cborEncode(k), cborEncode(v)]);
  return Buffer.concat([cborHead(5, entries.length), ...parts]);
}

// ---------- helpers ----------

export function b64url(buf: Uint8Array | ArrayBuffer): string {
  return Buffer.from(buf instanceof ArrayBuffer ? new Uint8Array(buf) : buf).toString('base64url');
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function counterBytes(counter: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(counter >>> 0);
  return b;
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
}

// ---------- authenticator ----------

/** Public view of a stored credential (the private key never leaves the authenticator). */
export interface SoftCredential {
  /** base64url credential id */
  id: string;
  /** base64url user.id from the registration options */
  userHandle: string;
  /** last signature counter value emitted */
  counter: number;
  /** RP ID the credential was created for */
  rpId: string;
  /** COSE_Key encoding of the public key (what the server stores) */
  cosePublicKey: Uint8Array;
}

interface StoredCredential extends SoftCredential {
  rawId: Buffer;
  privateKey: KeyObject;
}

export interface CreateCredentialOpts {
  userVerified?: boolean;
  userPresent?: boolean;
  origin?: string;
  rpId?: string;
  challenge?: string;
}

export interface GetAssertionOpts {
  credentialId?: string;
  userVerified?: boolean;
  userPresent?: boolean;
  origin?: string;
  rpId?: string;
  challenge?: string;
  /** report this counter value instead of incrementing (stored counter is left untouched) */
  counter?: number;
  /** sign with a fresh key unrelated to the registered public key */
  signWithOtherKey?: boolean;
}

export class SoftAuthenticator {
  rpId: string;
  origin: string;
  private readonly store: StoredCredential[] = [];

  constructor(init: { rpId: string; origin: string }) {
    this.rpId = init.rpId;
    this.origin = init.origin;
  }

  credentials(): SoftCredential[] {
    return this.store.map(({ id, userHandle, counter, rpId, cosePublicKey }) => ({ id, userHandle, counter, rpId, cosePublicKey }));
  }

  createCredential(
    options: PublicKeyCredentialCreationOptionsJSON,
    opts: CreateCredentialOpts = {},
  ): RegistrationResponseJSON {
    if (!options.pubKeyCredParams.some((p) => p.alg === -7)) {
      throw new Error('SoftAuthenticator only supports ES256 (-7)');
    }
    const rpId = opts.rpId ?? this.rpId;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('EC public key export missing coordinates');
    const cosePublicKey = cborEncode(
      new Map<number, CborValue>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );
    const rawId = randomBytes(16);

    let flags = FLAG_AT;
    if (opts.userPresent !== false) flags |= FLAG_UP;
    if (opts.userVerified !== false) flags |= FLAG_UV;
    const credIdLen = Buffer.alloc(2);
    credIdLen.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([flags]),
      counterBytes(0),
      Buffer.alloc(16), // aaguid: all zeros, as "none" attestation allows
      credIdLen,
      rawId,
      cosePublicKey,
    ]);
    const attestationObject = cborEncode({ fmt: 'none', attStmt: {}, authData });
    const clientDataJSON = clientData(
      'webauthn.create',
      opts.challenge ?? options.challenge,
      opts.origin ?? this.origin,
    );

    const id = b64url(rawId);
    this.store.push({ id, rawId, userHandle: options.user.id, counter: 0, rpId, cosePublicKey, privateKey });

    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  getAssertion(
    options: PublicKeyCredentialRequestOptionsJSON,
    opts: GetAssertionOpts = {},
  ): AuthenticationResponseJSON {
    const cred = this.pick(options, opts.credentialId);
    const rpId = opts.rpId ?? this.rpId;

    let counter: number;
    if (opts.counter !== undefined) {
      counter = opts.counter;
    } else {
      cred.counter += 1;
      counter = cred.counter;
    }

    let flags = 0;
    if (opts.userPresent !== false) flags |= FLAG_UP;
    if (opts.userVerified !== false) flags |= FLAG_UV;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([flags]), counterBytes(counter)]);
    const clientDataJSON = clientData(
      'webauthn.get',
      opts.challenge ?? options.challenge,
      opts.origin ?? this.origin,
    );

    const key = opts.signWithOtherKey
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : cred.privateKey;
    // node:crypto emits DER-encoded ECDSA signatures by default, which is what WebAuthn expects.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key);

    return {
      id: cred.id,
      rawId: cred.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: cred.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  private pick(options: PublicKeyCredentialRequestOptionsJSON, credentialId?: string): StoredCredential {
    if (credentialId !== undefined) {
      const found = this.store.find((c) => c.id === credentialId);
      if (!found) throw new Error(`SoftAuthenticator: no credential ${credentialId}`);
      return found;
    }
    const allow = options.allowCredentials ?? [];
    if (allow.length > 0) {
      const found = this.store.find((c) => allow.some((d) => d.id === c.id));
      if (!found) throw new Error('SoftAuthenticator: no stored credential matches allowCredentials');
      return found;
    }
    // Usernameless (discoverable) login: the authenticator offers its resident credential.
    const first = this.store[0];
    if (!first) throw new Error('SoftAuthenticator: no credentials stored');
    return first;
  }
}
