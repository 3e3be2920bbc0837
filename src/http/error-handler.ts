import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from './app-error.ts';
import type { Logger } from '../logger.ts';

/** The error envelope, the one shape of every error the API answers. */
export function errorEnvelope(code: ErrorCode, message: string, requestId: string | null, details?: Record<string, unknown>) {
  return { error: { code, message, requestId, details: details ?? null } };
}

export function errorBody(c: Context, code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return errorEnvelope(code, message, c.get('requestId') ?? null, details);
}

/** The one onError: AppError as its envelope, Hono's own HTTP errors mapped, anything else a plain 500. */
export function handleError(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) return c.json(errorBody(c, err.code, err.message, err.details), err.status);
    if (err instanceof HTTPException) {
      const code: ErrorCode =
        err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 401 ? 'UNAUTHENTICATED' : err.status === 403 ? 'FORBIDDEN' : err.status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      return c.json(errorBody(c, code, err.message || code.toLowerCase()), err.status === 413 || err.status < 500 ? err.status : 400);
    }
    log.error('unhandled error', { requestId: c.get('requestId'), error: err.name, message: err.message, stack: err.stack });
    return c.json(errorBody(c, 'INTERNAL', 'internal error'), 500);
  };
}
