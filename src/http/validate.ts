import { validator } from 'hono/validator';
import type { Context, ValidationTargets } from 'hono';
import type { z } from 'zod';
import { AppError } from './app-error.ts';
import { withMeta } from './route-meta.ts';

const PREFIX: Record<keyof ValidationTargets, string> = {
  json: 'body',
  form: 'form',
  query: 'query',
  param: 'param',
  header: 'header',
  cookie: 'cookie',
};

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

const declaredJson = (c: Context) => JSON_TYPE.test((c.req.header('content-type') ?? '').split(';')[0]!.trim());

// Judged by Content-Length when there is one: reading c.req.raw.body builds a full web Request (body-limit.ts).
function hasBody(c: Context): boolean {
  const declared = c.req.header('content-length');
  return declared !== undefined ? Number(declared) > 0 : c.req.raw.body !== null;
}

/**
 * A body that is not declared as JSON is refused (415) rather than read as `{}`: otherwise a form post
 * to a route whose fields are all optional would succeed and change nothing the sender meant.
 * A request with no body at all is still read as `{}`.
 */
function assertJsonBody(c: Context): void {
  if (hasBody(c) && !declaredJson(c)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with Content-Type: application/json', { issues: [{ path: 'body', message: 'not JSON' }] });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body as strict UTF-8 before Hono parses it: Request.text() would turn invalid bytes into
 * U+FFFD, and that replacement, not what was sent, would be stored. Hono's json() reads the cached text.
 */
async function readUtf8Body(c: Context): Promise<void> {
  if (!declaredJson(c) || !hasBody(c)) return;
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw AppError.field('body', 'not valid UTF-8');
  }
  // The cache holds promises at run time, whatever its declared type says.
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
}

/** The one validation hook: zod parses the target; failures become a 400 naming each field. */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(target: Target, schema: S) {
  const parse = validator(target, (value, c): z.output<S> => {
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
  if (target !== 'json') return withMeta(parse, { input: { target, schema }, errors: [400] });
  const utf8Checked: typeof parse = async (c, next) => {
    await readUtf8Body(c);
    return parse(c, next);
  };
  return withMeta(utf8Checked, { input: { target, schema }, errors: [400, 415] });
}
