import { ERROR_STATUS } from '../http/app-error.ts';
import { REFUSAL_REASONS } from '../db/schema/access.ts';
import { MOVEMENT_REFUSALS } from '../db/schema/custody.ts';

/** What each error status means to a client; the code that answers it comes from AppError's one list. */
const MEANING: Record<number, string> = {
  400: 'Invalid input: `details.issues[]` names each field (`body.items.0.assetId`, `query.date`, `param.id`, `header.x-…`).',
  401: 'Not signed in (no or expired session), no valid kiosk device token, or a passkey assertion that does not verify (unknown, revoked or locked passkey; bad signature).',
  403: 'Signed in, but not allowed: a role the route does not admit, a record outside the person’s sites, an area the kiosk does not serve, or a mutation without the session’s `x-csrf-token` (or from another Origin).',
  404: 'An id named in the path, or in the body (then `details.issues[].path` names the field), matches nothing. At a kiosk, an area it does not serve is 403 whether or not it exists.',
  409: 'The record’s state does not allow this, or a duplicate (an idempotency key reused with another body names `body.idempotencyKey`), or a passkey ceremony’s challenge that is unknown, expired, used or issued for something else (names `body.response.response.clientDataJSON`: start again). A conflict caused by one field names it in `details.issues[]`.',
  412: 'A precondition of the request does not hold.',
  413: 'The request body is over the configured limit.',
  415: 'A body was sent without `Content-Type: application/json`.',
  429: 'Too many requests of this kind from this address; `Retry-After` says when to try again.',
  431: 'Request headers over 16 KB: answered by the server before any route, still in the envelope.',
  500: 'A bug, never the answer to a client’s mistake: report it with the request id.',
  503: 'The ledger failed an integrity check (`LEDGER_HALTED`): nothing more is written until an administrator clears it.',
};

/** The error codes of one status (several codes never share a status today, but the list allows it). */
export function codesOf(status: number): string[] {
  return Object.entries(ERROR_STATUS)
    .filter(([, s]) => s === status)
    .map(([code]) => code);
}

export function meaningOf(status: number): string {
  return MEANING[status] ?? codesOf(status).join(', ');
}

/** The statuses an error can have, in order: one component response each. */
export const ERROR_STATUSES: number[] = [...new Set(Object.values(ERROR_STATUS) as number[])].sort((a, b) => a - b);

export const responseName = (status: number) => `Error${status}`;

/** The components every operation refers to: the one envelope, its issues, the codes, the refusal reasons. */
export function errorComponents() {
  const schemas = {
    ErrorCode: {
      type: 'string',
      enum: Object.keys(ERROR_STATUS),
      description: 'The one list of error codes (src/http/app-error.ts), each with its HTTP status in `x-status`.',
      'x-status': ERROR_STATUS,
    },
    FieldIssue: {
      type: 'object',
      required: ['path', 'message'],
      properties: {
        path: { type: 'string', description: 'The field: `body.…`, `query.…`, `param.…`, `header.…`, dot-separated, array indexes as numbers.', examples: ['body.items.0.assetId'] },
        message: { type: 'string' },
      },
    },
    Error: {
      type: 'object',
      required: ['error'],
      description: 'The one shape of every error the API answers.',
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'requestId', 'details'],
          properties: {
            code: { $ref: '#/components/schemas/ErrorCode' },
            message: { type: 'string' },
            requestId: { type: ['string', 'null'], description: 'Also in the `X-Request-Id` header and in the journal.' },
            details: {
              type: ['object', 'null'],
              description: 'Never personal data or secrets. `issues` for validation and for a conflict or unknown id caused by one field.',
              properties: { issues: { type: 'array', items: { $ref: '#/components/schemas/FieldIssue' } } },
            },
          },
        },
      },
    },
    AccessRefusalReason: {
      type: 'string',
      enum: [...REFUSAL_REASONS],
      description: 'Why the kiosk refused an entry or exit. A refusal is recorded: it is answered 201 with `event.result: "refused"` and `event.refusalReason`, not as an error.',
    },
    MovementRefusalReason: {
      type: 'string',
      enum: [...MOVEMENT_REFUSALS],
      description: 'Why the kiosk refused an equipment movement. Recorded like an access refusal: 201 with `movement.result: "refused"` and `movement.refusalReason`.',
    },
  };
  const responses = Object.fromEntries(
    ERROR_STATUSES.map((status) => [
      responseName(status),
      {
        description: `${codesOf(status).join(', ')}: ${meaningOf(status)}`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
  return { schemas, responses };
}
