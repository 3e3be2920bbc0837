import { validator } from 'hono/validator';
import type { Context, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError } from './app-error.ts';

const PREFIX: Record<keyof ValidationTargets, string> = {
  json: 'body',
  form: 'form',
  query: 'query',
  param: 'param',
  header: 'header',
  cookie: 'cookie',
};

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A body that is not declared as JSON is refused (415) rather than read as `{}`: otherwise a form post
 * to a route whose fields are all optional would succeed and change nothing the sender meant.
 * A request with no body at all is still read as `{}`.
 */
function assertJsonBody(c: Context): void {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  const declared = c.req.header('content-length');
  const hasBody = declared !== undefined ? Number(declared) > 0 : c.req.raw.body !== null;
  if (hasBody && !JSON_TYPE.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with Content-Type: application/json', { issues: [{ path: 'body', message: 'not JSON' }] });
}

/** The one validation hook: zod parses the target; failures become a 400 naming each field. */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(target: Target, schema: S) {
  return validator(target, (value, c): z.output<S> => {
    if (target === 'json') assertJsonBody(c);
    const result = schema.safeParse(value);
    if (!result.success) {
      throw AppError.validation(
        result.error.issues.map((i) => ({
          path: [PREFIX[target], ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
    }
    return result.data;
  });
}
