/**
 * What the validators and access middlewares cannot say about a route: a summary, the success answer when
 * it is not the method's usual one, the refusal reasons it records. Kept here, keyed like the route matrix,
 * so that describing a route never means editing its routes.ts; a route missing here is still described
 * (roles, parameters, body, errors), only without a summary. A key naming no route fails the document test.
 */
export interface RouteNote {
  summary: string;
  description?: string;
  success?: { status: number; description?: string; contentType?: string };
  /** The route records kiosk refusals as 201 answers: which list of reasons. */
  refusals?: 'access' | 'movement';
  errors?: number[];
  /** The first step of a passkey ceremony (it answers `{ options, context }`). */
  ceremony?: true;
}

const created = (description = 'Created.') => ({ status: 201, description });
const recorded = (what: string) => ({ status: 201, description: `Recorded (${what}); 200 with the first answer when the idempotency key was already used with the same body.` });
const html = (description: string) => ({ status: 200, description, contentType: 'text/html' });
/**
 * The first step of a passkey ceremony. Every one answers `{ options, context }` (issue 18): the WebAuthn
 * options, and what the passkey is asked to confirm. The second step sends the assertion as `response`.
 */
const ceremony = (what: string, context = 'null: there is nothing to confirm but the person'): RouteNote => ({
  summary: `Passkey options to ${what}`,
  ceremony: true,
  description: `Answers \`{ options, context }\`: the WebAuthn options (the JSON form \`@simplewebauthn/browser\` takes) and \`context\`, ${context}. The next call sends the authenticator’s answer as \`response\`.`,
});

export const ROUTE_NOTES: Record<string, RouteNote> = {
  'GET /api/info': { summary: 'Version, time zone, relying party and notices (before sign-in)' },
  'GET /api/openapi.json': { summary: 'This document', success: { status: 200, description: 'The OpenAPI 3.1 document of every /api route.' } },
  'GET /api/docs': { summary: 'The API reference page, rendered from this document', success: html('An HTML page: each route with its roles, parameters, body and responses.') },
  'GET /api/docs.css': { summary: 'The reference page’s stylesheet', success: { status: 200, contentType: 'text/css' } },

  'GET /api/auth/enrolment': { summary: 'What an enrolment link is for (its token in x-enrolment-token)' },
  'POST /api/auth/registration/options': ceremony('register a first passkey from an enrolment link'),
  'POST /api/auth/registration/verify': { summary: 'Register the passkey and sign in', success: created('The passkey is registered; the session cookie is set; the body carries csrfToken.') },
  'POST /api/auth/login/options': ceremony('sign in'),
  'POST /api/auth/login/verify': { summary: 'Sign in with a passkey assertion', success: { status: 200, description: 'Signed in: the session cookie is set; the body carries csrfToken and expiresAt.' } },
  'POST /api/auth/logout': { summary: 'Sign out', success: { status: 204, description: 'Signed out; the cookie is cleared.' } },
  'GET /api/auth/me': { summary: 'The signed-in person, the sites their roles reach, and the session’s csrfToken' },
  'GET /api/auth/me/passkeys': { summary: 'My passkeys' },
  'GET /api/people/:id/passkeys': { summary: 'A person’s passkeys' },
  'POST /api/people/:id/enrolments': { summary: 'Issue a one-time enrolment link for a person', success: created('The link (its token only in the URL).') },

  'GET /api/people': { summary: 'The roster' },
  'POST /api/people': { summary: 'Add a person to the roster', success: created() },
  'GET /api/people/:id': { summary: 'One person (with include=sensitive, read-logged)' },
  'PATCH /api/people/:id': { summary: 'Change a person’s roster entry', success: { status: 200 } },
  'POST /api/people/:id/suspend': { summary: 'Suspend a person', success: { status: 200 } },
  'POST /api/people/:id/reactivate': { summary: 'Reactivate a suspended person', success: { status: 200 } },
  'GET /api/organisations': { summary: 'Organisations' },
  'POST /api/organisations': { summary: 'Add an organisation', success: created() },

  'GET /api/sites': { summary: 'Sites (only those the caller’s roles reach)' },
  'POST /api/sites': { summary: 'Add a site', success: created() },
  'GET /api/areas': { summary: 'Managed areas' },
  'GET /api/areas/:id': { summary: 'One managed area and its policy' },
  'POST /api/areas': { summary: 'Add a managed area', success: created() },
  'PATCH /api/areas/:id': { summary: 'Change an area or its policy', success: { status: 200 } },
  'GET /api/authorizations': { summary: 'Who may enter which area, when' },
  'POST /api/authorizations': { summary: 'Authorize a person for an area', success: created() },
  'POST /api/authorizations/:id/revoke': { summary: 'Revoke an authorization', success: { status: 200 } },

  'GET /api/journal': { summary: 'The journal, paged and filtered (action, entity, actor, dates)' },
  'GET /api/journal/verify': { summary: 'Verify the hash chain and the tables against it' },
  'GET /api/integrity': { summary: 'The integrity alarm’s state' },

  'GET /api/kiosks': { summary: 'Kiosks and their last contact' },
  'POST /api/kiosks': { summary: 'Register a kiosk: answers its one-time enrolment code', success: created() },
  'POST /api/kiosks/:id/revoke': { summary: 'Revoke a kiosk', success: { status: 200 } },
  'POST /api/kiosks/:id/release-throttle': { summary: 'Let a throttled kiosk source scan again', success: { status: 200 } },
  'POST /api/kiosk/enrol': { summary: 'Exchange a one-time code for the kiosk’s device token', success: created('The device token (shown once).') },
  'GET /api/kiosk/me': { summary: 'The kiosk’s own areas and policies' },
  'POST /api/kiosk/identify/options': ceremony('identify a person at the kiosk (security key)'),
  'POST /api/kiosk/identify/badge': {
    summary: 'Identify a person by a QR badge before asking their purpose',
    success: { status: 200, description: '200 when the badge identifies someone; 201 when a forged or revoked badge is recorded as a refusal.' },
    refusals: 'access',
  },
  'POST /api/kiosk/events': {
    summary: 'Record an entry or exit at the kiosk',
    description: 'Accepted or refused, the attempt is recorded: a refusal is 201 with `event.result: "refused"` and `event.refusalReason`.',
    success: recorded('accepted or refused'),
    refusals: 'access',
  },
  'POST /api/kiosk/movements': {
    summary: 'Record an equipment carry-in or carry-out scanned at the kiosk',
    description: 'A refused movement is recorded too: 201 with `movement.result: "refused"` and `movement.refusalReason`.',
    success: recorded('accepted or refused'),
    refusals: 'movement',
  },
  'POST /api/kiosk/keyed-movements/options': ceremony('confirm a keyed-in asset number', 'what is being confirmed; the challenge is bound to it'),
  'POST /api/kiosk/keyed-movements': { summary: 'Record a movement whose asset number was keyed in', success: recorded('accepted or refused'), refusals: 'movement' },
  'POST /api/kiosk/approvals/options': ceremony('approve a carry-in on the spot', '{ request }: the request being approved; the challenge is bound to it and to this kiosk'),
  'POST /api/kiosk/approvals': { summary: 'A guard approves a carry-in on the spot at the kiosk', success: created('Approved.') },
  'GET /api/kiosk/visits/:entryEventId/assets': { summary: 'Equipment brought in during a stay (for the exit check)' },
  'POST /api/kiosk/visits/:entryEventId/confirmations': { summary: 'Confirm at exit what was carried out' },
  'GET /api/kiosk/exits/:exitEventId/visit': { summary: 'The stay an exit ended' },

  'POST /api/access/guard-events': { summary: 'A guard records an entry or exit for a person', success: recorded('the event') },
  'POST /api/access/paper-stays': { summary: 'Enter a stay kept on paper', success: created() },
  'POST /api/access/corrections': { summary: 'Correct or void a recorded event (a new event referencing it)', success: created() },
  'GET /api/access/refusals': { summary: 'Refusals across areas, by date and reason' },
  'GET /api/presence': { summary: 'Who is inside now' },
  'GET /api/sites/:id/muster': { summary: 'The muster list of a site (everyone inside)' },
  'GET /api/visitors': { summary: 'Visitors' },
  'POST /api/visitors': { summary: 'Log a visitor', success: created() },
  'POST /api/visitors/:id/events': { summary: 'A visitor enters or leaves an area', success: recorded('the event') },
  'POST /api/visitors/:id/sign-out': { summary: 'Sign a visitor out' },

  'GET /api/badges': { summary: 'QR name badges' },
  'POST /api/people/:id/badges': { summary: 'Issue a QR name badge', success: created() },
  'POST /api/badges/:serial/revoke': { summary: 'Revoke a badge by serial' },
  'GET /api/badges/sheet': { summary: 'A printable sheet of badges', success: html('A printable page.') },

  'GET /api/assets': { summary: 'Assets (管理番号)' },
  'POST /api/assets': { summary: 'Register assets', success: created() },
  'POST /api/assets/import': { summary: 'Import assets from CSV' },
  'GET /api/assets/labels': { summary: 'Printable QR tags', success: html('A printable page of labels.') },
  'GET /api/assets/:id': { summary: 'One asset' },
  'PATCH /api/assets/:id': { summary: 'Change an asset', success: { status: 200 } },
  'POST /api/assets/:id/status': { summary: 'Mark an asset lost, found, retired…', success: { status: 200 } },
  'GET /api/assets/:id/label.svg': { summary: 'An asset’s QR tag as SVG', success: { status: 200, contentType: 'image/svg+xml' } },
  'GET /api/assets/:id/label.png': { summary: 'An asset’s QR tag as PNG', success: { status: 200, contentType: 'image/png' } },

  'GET /api/areas/:id/ledger': { summary: 'The daily entry/exit ledger of an area (JSON, CSV or print)' },
  'POST /api/areas/:id/ledger/:date/signoff/options': ceremony('sign off an area’s daily ledger', '{ digest }: the ledger’s digest, which the challenge commits to'),
  'POST /api/areas/:id/ledger/:date/signoff': { summary: 'Sign off an area’s daily ledger', success: created() },
  'GET /api/sites/:id/ledger': { summary: 'The daily ledger of a whole site' },
  'POST /api/sites/:id/ledger/:date/signoff/options': ceremony('sign off a site’s daily ledger', '{ digest }: the ledger’s digest, which the challenge commits to'),
  'POST /api/sites/:id/ledger/:date/signoff': { summary: 'Sign off a site’s daily ledger', success: created() },
  'GET /api/areas/:id/custody-ledger': { summary: 'The daily carry-in/carry-out ledger of an area' },
  'POST /api/areas/:id/custody-ledger/:date/signoff/options': ceremony('sign off the custody ledger', '{ digest }: the ledger’s digest, which the challenge commits to'),
  'POST /api/areas/:id/custody-ledger/:date/signoff': { summary: 'Sign off an area’s custody ledger', success: created() },

  'GET /api/custody/request-choices': { summary: 'Areas and assets a requester may name' },
  'GET /api/custody/requests': { summary: 'Carry-in/carry-out requests' },
  'POST /api/custody/requests': { summary: 'Draft a carry-in or carry-out request', success: created() },
  'GET /api/custody/requests/:id': { summary: 'One request' },
  'PATCH /api/custody/requests/:id': { summary: 'Change a draft request', success: { status: 200 } },
  'POST /api/custody/requests/:id/submit': { summary: 'Submit a request for approval', success: { status: 200 } },
  'POST /api/custody/requests/:id/withdraw': { summary: 'Withdraw a request', success: { status: 200 } },
  'POST /api/custody/requests/:id/approve': { summary: 'Approve a request', success: { status: 200 } },
  'POST /api/custody/requests/:id/reject': { summary: 'Reject a request', success: { status: 200 } },
  'GET /api/custody/inside': { summary: 'Equipment inside each area now' },
  'GET /api/custody/outside': { summary: 'Equipment carried out and not back' },
  'GET /api/custody/mine': { summary: 'Equipment in my custody' },
  'GET /api/custody/assets/:id/history': { summary: 'An asset’s movements' },

  'GET /api/disposal/requests': { summary: 'Disposal requests' },
  'POST /api/disposal/requests': { summary: 'Request a disposal', success: created() },
  'POST /api/disposal/requests/:id/execution': { summary: 'Record the disposal as done' },
  'GET /api/disposal/requests/:id/certificate': { summary: 'The printable disposal certificate (廃棄証明書)', success: html('A printable page.') },

  'GET /api/city/pending': { summary: 'What awaits the city’s permission' },
  'POST /api/city/custody-requests/:id/permit/options': ceremony('give the city’s permission for a carry request', 'what is being confirmed; the challenge is bound to it'),
  'POST /api/city/disposal-requests/:id/permit/options': ceremony('give the city’s permission for a disposal', 'what is being confirmed; the challenge is bound to it'),

  'GET /api/incidents': { summary: 'Incidents and their deadlines' },
  'POST /api/incidents': { summary: 'Report an incident', success: created() },
  'GET /api/incidents/:id/report': { summary: 'The printable incident report', success: html('A printable page.') },

  'GET /api/reports/monthly': { summary: 'The monthly report of a site' },
  'GET /api/submissions': { summary: 'Documents submitted to the city' },
  'POST /api/submissions/:id/receipt/options': ceremony('acknowledge receipt of a submission', 'what is being confirmed; the challenge is bound to it'),
};
