import { describe, expect, it } from 'vitest';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { SoftAuthenticator, b64url, cborEncode } from './soft-authenticator.ts';

const rpID = 'localhost';
const origin = 'http://localhost:3000';

async function regOptions(): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: 'Test RP',
    rpID,
    userName: 'alice',
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

function verifyReg(response: RegistrationResponseJSON, expectedChallenge: string) {
  return verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
}

function verifyAuth(response: AuthenticationResponseJSON, expectedChallenge: string, credential: WebAuthnCredential) {
  return verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  });
}

/** Registers one credential through the real server verification and returns what a server would store. */
async function registered() {
  const auth = new SoftAuthenticator({ rpId: rpID, origin });
  const options = await regOptions();
  const result = await verifyReg(auth.createCredential(options), options.challenge);
  if (!result.verified || !result.registrationInfo) throw new Error('registration did not verify');
  return { auth, options, credential: result.registrationInfo.credential };
}

async function authOptions() {
  return generateAuthenticationOptions({ rpID, userVerification: 'required' });
}

describe('cborEncode', () => {
  it('encodes ints, strings, bytes, arrays and maps per RFC 8949', () => {
    expect(cborEncode(0).toString('hex')).toBe('00');
    expect(cborEncode(23).toString('hex')).toBe('17');
    expect(cborEncode(24).toString('hex')).toBe('1818');
    expect(cborEncode(1000).toString('hex')).toBe('1903e8');
    expect(cborEncode(1_000_000).toString('hex')).toBe('1a000f4240');
    expect(cborEncode(2 ** 32).toString('hex')).toBe('1b0000000100000000');
    expect(cborEncode(-1).toString('hex')).toBe('20');
    expect(cborEncode(-7).toString('hex')).toBe('26');
    expect(cborEncode(-100).toString('hex')).toBe('3863');
    expect(cborEncode('a').toString('hex')).toBe('6161');
    expect(cborEncode(new Uint8Array([1, 2])).toString('hex')).toBe('420102');
    expect(cborEncode([1, [2, 3]]).toString('hex')).toBe('8201820203');
    expect(cborEncode(new Map<number, number>([[1, 2], [-1, 1]])).toString('hex')).toBe('a201022001');
    expect(cborEncode({ a: 1 }).toString('hex')).toBe('a16161' + '01');
  });
});

describe('SoftAuthenticator with @simplewebauthn/server', () => {
  it('produces a registration that verifies and yields the credential', async () => {
    const auth = new SoftAuthenticator({ rpId: rpID, origin });
    const options = await regOptions();
    const response = auth.createCredential(options);
    const result = await verifyReg(response, options.challenge);

    expect(result.verified).toBe(true);
    const info = result.registrationInfo;
    expect(info?.fmt).toBe('none');
    expect(info?.userVerified).toBe(true);
    expect(info?.credential.id).toBe(response.id);
    expect(info?.credential.counter).toBe(0);
    expect(Buffer.from(response.rawId, 'base64url')).toHaveLength(16);

    const [stored] = auth.credentials();
    expect(auth.credentials()).toHaveLength(1);
    expect(stored?.id).toBe(response.id);
    expect(stored?.userHandle).toBe(options.user.id);
    expect(b64url(info?.credential.publicKey ?? new Uint8Array())).toBe(b64url(stored?.cosePublicKey ?? new Uint8Array()));
  });

  it('produces assertions that verify with an increasing counter (usernameless and allowCredentials)', async () => {
    const { auth, options: reg, credential } = await registered();

    const opts1 = await authOptions(); // no allowCredentials: discoverable login
    const a1 = auth.getAssertion(opts1);
    expect(a1.response.userHandle).toBe(reg.user.id);
    const r1 = await verifyAuth(a1, opts1.challenge, credential);
    expect(r1.verified).toBe(true);
    expect(r1.authenticationInfo.userVerified).toBe(true);
    expect(r1.authenticationInfo.newCounter).toBe(1);

    const opts2 = await generateAuthenticationOptions({
      rpID,
      userVerification: 'required',
      allowCredentials: [{ id: credential.id }],
    });
    const a2 = auth.getAssertion(opts2);
    const r2 = await verifyAuth(a2, opts2.challenge, { ...credential, counter: r1.authenticationInfo.newCounter });
    expect(r2.verified).toBe(true);
    expect(r2.authenticationInfo.newCounter).toBeGreaterThan(r1.authenticationInfo.newCounter);
    expect(auth.credentials()[0]?.counter).toBe(2);
  });

  describe('registration negative cases', () => {
    it('rejects a wrong origin', async () => {
      const auth = new SoftAuthenticator({ rpId: rpID, origin });
      const options = await regOptions();
      const response = auth.createCredential(options, { origin: 'http://evil.example' });
      await expect(verifyReg(response, options.challenge)).rejects.toThrow(/origin/i);
    });

    it('rejects a wrong RP ID', async () => {
      const auth = new SoftAuthenticator({ rpId: 'evil.example', origin });
      const options = await regOptions();
      await expect(verifyReg(auth.createCredential(options), options.challenge)).rejects.toThrow(/RP ID/i);
    });

    it('rejects a missing UV flag', async () => {
      const auth = new SoftAuthenticator({ rpId: rpID, origin });
      const options = await regOptions();
      const response = auth.createCredential(options, { userVerified: false });
      await expect(verifyReg(response, options.challenge)).rejects.toThrow(/user could not be verified/i);
    });

    it('rejects a wrong challenge', async () => {
      const auth = new SoftAuthenticator({ rpId: rpID, origin });
      const options = await regOptions();
      const response = auth.createCredential(options, { challenge: b64url(Buffer.from('not-the-challenge')) });
      await expect(verifyReg(response, options.challenge)).rejects.toThrow(/challenge/i);
    });
  });

  describe('authentication negative cases', () => {
    it('rejects a wrong origin', async () => {
      const { auth, credential } = await registered();
      const opts = await authOptions();
      auth.origin = 'http://evil.example';
      await expect(verifyAuth(auth.getAssertion(opts), opts.challenge, credential)).rejects.toThrow(/origin/i);
    });

    it('rejects a wrong RP ID', async () => {
      const { auth, credential } = await registered();
      const opts = await authOptions();
      const response = auth.getAssertion(opts, { rpId: 'evil.example' });
      await expect(verifyAuth(response, opts.challenge, credential)).rejects.toThrow(/RP ID/i);
    });

    it('rejects a missing UV flag', async () => {
      const { auth, credential } = await registered();
      const opts = await authOptions();
      const response = auth.getAssertion(opts, { userVerified: false });
      await expect(verifyAuth(response, opts.challenge, credential)).rejects.toThrow(/user could not be verified/i);
    });

    it('does not verify a signature made with another key', async () => {
      const { auth, credential } = await registered();
      const opts = await authOptions();
      const response = auth.getAssertion(opts, { signWithOtherKey: true });
      const result = await verifyAuth(response, opts.challenge, credential);
      expect(result.verified).toBe(false);
    });

    it('rejects an assertion made for a different challenge', async () => {
      const { auth, credential } = await registered();
      const issued = await authOptions();
      const other = await authOptions();
      const response = auth.getAssertion(other);
      await expect(verifyAuth(response, issued.challenge, credential)).rejects.toThrow(/challenge/i);
    });

    it('rejects a forced counter regression', async () => {
      const { auth, credential } = await registered();
      const opts = await authOptions();
      const response = auth.getAssertion(opts, { counter: 3 });
      await expect(verifyAuth(response, opts.challenge, { ...credential, counter: 5 })).rejects.toThrow(/counter/i);
    });
  });
});
