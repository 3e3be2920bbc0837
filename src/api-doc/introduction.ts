/** The document's `info.description` (CommonMark): what every route shares and no single route says. */
export const API_INTRODUCTION = `The JSON API the console and the kiosk use; a client of your own can do the same. This document is built
from the running server's routes (\`GET /api/openapi.json\`); the reference page \`GET /api/docs\` renders it.

**Signing in (staff).** Passkeys only. \`POST /api/auth/login/options\` answers \`{ options, context }\`, as the
first step of every passkey ceremony does (\`x-passkey-ceremony\`); the options go to the authenticator, and
\`POST /api/auth/login/verify\` with \`{ "response": <the assertion> }\` sets the session cookie (HttpOnly,
SameSite=Strict) and answers the person with \`csrfToken\`. \`GET /api/auth/me\` answers \`csrfToken\` again. A
person's first passkey comes from an enrolment link an admin issues (\`POST /api/people/{id}/enrolments\`).

**CSRF.** Every POST, PUT, PATCH and DELETE made with the session cookie carries \`x-csrf-token: <csrfToken>\`;
an \`Origin\` header, when sent, must be the server's own. Without them: 403 \`FORBIDDEN\`.

**Kiosks.** An admin registers a kiosk (\`POST /api/kiosks\`) and gets a one-time code; the tablet exchanges it
at \`POST /api/kiosk/enrol\` for its device token and sends \`Authorization: Bearer <token>\` to \`/api/kiosk/*\`
(no cookie, no CSRF header). A request carrying a bearer token is never authenticated by a cookie.

**Refusals are records, not errors.** A refusal at the kiosk (an unknown badge, no authorization, no approved
request for a laptop, …) is recorded in the ledger, so it is answered **201** with \`event.result: "refused"\`
and \`event.refusalReason\` (see \`AccessRefusalReason\`), or \`movement.result: "refused"\` and
\`movement.refusalReason\` (see \`MovementRefusalReason\`).

**Idempotency.** Entries, exits and movements carry \`idempotencyKey\` in the body: the same key with the same
body answers the first result again (200) and records nothing new; with another body it is 409 \`CONFLICT\`
naming \`body.idempotencyKey\`.

**Errors.** Every error is one envelope, \`{ "error": { "code", "message", "requestId", "details" } }\`
(\`Error\`), with \`details.issues[]\` naming each field (\`body.name\`, \`query.date\`, \`param.id\`) for 400
\`VALIDATION_FAILED\`, for an unknown id named in the body (404) and for a conflict caused by one field (409).
The codes form one list (\`ErrorCode\`). What every route may answer besides its own errors: 413 and 503 on
every write (body limit; integrity alarm), 409 on every write (state or duplicate), 403 on a write with the
session cookie (CSRF), 404 where a record is named by id, 431 for headers over 16 KB, and 500 for a bug.

**Times.** Every instant in an answer is RFC 3339 with milliseconds and the offset of the ledger's time zone
(\`GET /api/info\` \`timeZone\`, Asia/Tokyo by default): \`2026-11-20T08:10:00.000+09:00\`, the wall time printed on
the ledger and in CSV. Inputs take an instant with any offset (\`…+09:00\` or \`…Z\`). A ledger's \`digest\` is
SHA-256 over its content as the server stores it: to recompute it, write each instant back in UTC
(\`toISOString()\`), a stay end whose method is \`correction\` (業務責任者による訂正) under its stored method
\`guard\`, and leave out \`digest\`, \`signoff\`, \`generatedAt\` and \`contractName\`.

**Lists.** Requests (\`GET /api/custody/requests\`), visitors (\`GET /api/visitors\`), refusals
(\`GET /api/access/refusals\`) and anomalies (\`GET /api/anomalies\`) take the same names: \`from\` and \`to\`
(a day \`2026-11-20\` in the ledger's time zone, both ends included, or an instant), \`status\` where a record
has one, \`limit\` (default and maximum on each operation) and \`cursor\`. They answer newest first with
\`next\`, the cursor of the following page (\`null\` on the last). The journal (\`GET /api/journal\`) pages by
sequence number with \`after\`/\`before\` and filters by \`action\`, \`entityType\`, \`entityId\`, \`actor\` and
\`from\`/\`to\` (instants). Bad values are 400 naming \`query.from\`, \`query.cursor\`, … .

**Passkey challenges.** A ceremony's second step whose challenge is unknown, expired, already used or issued
for something else answers 409 \`CONFLICT\` naming \`body.response.response.clientDataJSON\`: start the
ceremony again. It is not 401: the session or kiosk token is still good. (At the kiosk door, identification
with such a challenge is recorded as a refusal, 201.)

**Roles.** Each operation's \`x-access\` is \`public\`, \`signed-in\`, \`roles\` (then \`x-roles\` lists them) or
\`kiosk\`. A person's roles reach the sites on their roster entry; outside them: 403, and lists leave those rows out.
`;
