import { validator } from 'hono/validator';
import type { ValidationTargets } from 'hono';
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

/** The one validation hook: zod parses the target; failures become a 400 naming each field. */
export function validate<Target extends keyof ValidationTargets, S extends z.ZodType>(target: Target, schema: S) {
  return validator(target, (value): z.output<S> => {
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
