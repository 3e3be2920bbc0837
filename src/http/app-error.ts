import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** Request headers over Node's limit (16 KB): answered before the app sees the request. */
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  /** The ledger failed a witness's checkpoint or its own verify: nothing more is written (issue 14). */
  LEDGER_HALTED: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field-level problem: `path` names the field (`body.name`, `query.date`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The one error type. `details` never carries personal data or secrets. */
export class AppError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(ERROR_STATUS[code], { message });
    this.code = code;
    this.details = details;
  }

  static validation(issues: FieldIssue[]): AppError {
    const fields = [...new Set(issues.map((i) => i.path))];
    return new AppError('VALIDATION_FAILED', `invalid ${fields.join(', ')}`, { issues });
  }

  static field(path: string, message: string): AppError {
    return AppError.validation([{ path, message }]);
  }

  /** A conflict caused by one field's value (a duplicate name, a reused key): named like a validation issue. */
  static conflict(path: string, message: string): AppError {
    return new AppError('CONFLICT', message, { issues: [{ path, message }] });
  }

  /** An id named in a field (body, query) that matches nothing: 404 like an unknown id in the path, with the field named. */
  static unknown(path: string, what: string): AppError {
    const message = `no such ${what}`;
    return new AppError('NOT_FOUND', message, { issues: [{ path, message }] });
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `${what} not found`);
  }
}
