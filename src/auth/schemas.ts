import { z } from 'zod';
import { clientObject, kana, text } from '../http/fields.ts';
import { RoleList } from '../roster/schemas.ts';

// Real extension results (credProps, prf, largeBlob) are three levels and a handful of values deep.
const extensionResults = clientObject({ depth: 8, values: 100 }).default({});

const b64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** The browser's RegistrationResponseJSON, shape-checked before the library verifies its contents. */
export const RegistrationResponse = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(8).optional(),
    authenticatorData: b64url.optional(),
    publicKey: b64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** The browser's AuthenticationResponseJSON. */
export const AuthenticationResponse = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

const oneTimeToken = z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not a link token');
const credentialName = text(60).default('セキュリティキー');

/**
 * The first admin's roles: admin always, plus what they also do. On a small site the first admin also
 * approves and signs off, so supervisor comes by default; without it they could not approve anything.
 */
export const FIRST_ADMIN_ROLES = ['admin', 'supervisor'] as const;
const firstAdminRoles = RoleList.refine((r) => r.includes('admin'), 'must include admin').default([...FIRST_ADMIN_ROLES]);

/** For the first-admin setup link the person is created with the passkey, so the name and roles come here. */
export const RegistrationOptionsBody = z
  .object({
    token: oneTimeToken,
    credentialName,
    person: z.object({ name: text(100), kana, organisationName: text(200), organisationKana: kana, roles: firstAdminRoles }).strict().optional(),
  })
  .strict();

/** The link's token rides in a header, not the path: paths are logged, and the token is a credential. */
export const EnrolmentTokenHeader = z.object({ 'x-enrolment-token': oneTimeToken });

export const RegistrationVerifyBody = z.object({ token: oneTimeToken, response: RegistrationResponse }).strict();
export const LoginVerifyBody = z.object({ response: AuthenticationResponse }).strict();
export const PasskeyRenameBody = z.object({ name: text(60) }).strict();
export const CredentialParam = z.object({ credentialId: b64url.max(1400) });
