import type { MiddlewareHandler } from 'hono';
import { zonedIso } from '../time.ts';

/**
 * The one form in which services write an instant: `Date.prototype.toISOString()`, UTC with milliseconds.
 * Nothing else a service returns has this exact shape (user text would have to be exactly such an
 * instant, and it would then be written as the same instant).
 */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `value` with every instant written in the ledger's time zone (`2026-11-20T08:10:00.000+09:00`), the
 * rest unchanged. Services, digests and signatures keep the UTC form (what is hashed never changes):
 * this runs on the answer only, as it leaves (decision 0031).
 */
export function zoneInstants(value: unknown, timeZone: string): unknown {
  if (typeof value === 'string') return UTC_INSTANT.test(value) ? zonedIso(Date.parse(value), timeZone) : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => zoneInstants(v, timeZone));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : zonedIso(value.getTime(), timeZone);
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = zoneInstants(v, timeZone);
  return out;
}

/**
 * Every JSON answer under /api, errors included, goes out through `c.json`: wrapping it on each request's
 * context is the one place where instants reach JSON, whichever route or service wrote them.
 */
export function zonedJson(timeZone: string): MiddlewareHandler {
  return async (c, next) => {
    const json = c.json;
    c.json = ((object: unknown, ...rest: unknown[]) => (json as (...a: unknown[]) => Response)(zoneInstants(object, timeZone), ...rest)) as typeof c.json;
    await next();
  };
}
