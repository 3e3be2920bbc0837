import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import type { ApiJson, ApiMethod, ApiPath } from '../../../src/http/api-types.ts';

/**
 * The shapes the console reads from the API, named for the screens. None is written here: each is the
 * answer of a route as the server's own types say (src/http/api-types.ts), so a change on the server that
 * a screen cannot read fails `tsc -p kiosk` (issue 18).
 */
export type { ApiJson } from '../../../src/http/api-types.ts';

export type Organisation = ApiJson<'/api/organisations'>['organisations'][number];
export type Person = ApiJson<'/api/people/:id'>;
export type PersonStatus = Person['status'];
export type Site = ApiJson<'/api/sites'>['sites'][number];
/** A contract: what every document's header prints (GET /api/contracts). */
export type Contract = ApiJson<'/api/contracts'>['contracts'][number];
export type Area = ApiJson<'/api/areas/:id'>;
export type IdMethod = Area['acceptedMethods'][number];
export type Authorization = ApiJson<'/api/authorizations'>['authorizations'][number];
export type Kiosk = ApiJson<'/api/kiosks'>['kiosks'][number];
export type Badge = ApiJson<'/api/badges'>['badges'][number];
export type Passkey = ApiJson<'/api/auth/me/passkeys'>['passkeys'][number];
export type InsideRow = ApiJson<'/api/presence'>['inside'][number];
export type Visitor = ApiJson<'/api/visitors'>['visitors'][number];
export type IdType = Visitor['idType'];
export type AccessOutcome = ApiJson<'/api/access/guard-events', '$post'>;
export type AccessEvent = AccessOutcome['event'];
export type JournalPage = ApiJson<'/api/journal'>;
export type JournalEntry = JournalPage['entries'][number];
export type VerifyResult = ApiJson<'/api/journal/verify'>;
export type DailyLedger = ApiJson<'/api/areas/:id/ledger'>;
/** A stay on an area's ledger, or on its site's (where each row names its area). */
export type StayRow = (DailyLedger | SiteLedger)['stays'][number];
/** How an event came to be recorded: an identification method, or `paper` (事後記録, transcribed later). */
export type EventMethod = NonNullable<StayRow['entryMethod']>;
export type PaperNote = NonNullable<StayRow['paper']>[number];
export type RefusalRow = (DailyLedger | SiteLedger)['refusals'][number];
/** A site's daily 入退室管理簿 (B13): every managed area's stays in time order, each naming its area. */
export type SiteLedger = ApiJson<'/api/sites/:id/ledger'>;

/**
 * A passkey ceremony's first step (`{ options, context }`, issue 18 item 3) as the route types it, with
 * `options` read as @simplewebauthn's JSON type. The server's type lets extension inputs be byte buffers
 * (which JSON cannot carry, and which the server never sets), so `extensions` is the one field taken from
 * the browser library; every other field of `options` must agree with the server's, or this is `never`.
 */
export type Ceremony<P extends PostPath, O extends PublicKeyCredentialRequestOptionsJSON | PublicKeyCredentialCreationOptionsJSON = PublicKeyCredentialRequestOptionsJSON> =
  ApiJson<P, '$post' & ApiMethod<P>> extends { options: infer S } ? ([Omit<S, 'extensions'>] extends [Omit<O, 'extensions'>] ? Omit<ApiJson<P, '$post' & ApiMethod<P>>, 'options'> & { options: O } : never) : never;
type PostPath = { [P in ApiPath]: '$post' extends ApiMethod<P> ? P : never }[ApiPath];
