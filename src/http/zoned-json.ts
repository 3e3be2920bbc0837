import type { Context, MiddlewareHandler } from 'hono';
import { zonedIso } from '../time.ts';

/**
 * The one form in which services write an instant: `Date.prototype.toISOString()`, UTC with milliseconds,
 * as a whole JSON string (a Date is written so by JSON.stringify too). Nothing else a service returns has
 * this exact shape (user text would have to be exactly such an instant, and it would then be written as
 * the same instant). A member name of that shape is followed by `:` and left alone.
 */
const QUOTED_UTC_INSTANT = /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"(?!:)/g;

/**
 * JSON text with every instant written in the ledger's time zone (`2026-11-20T08:10:00.000+09:00`), the
 * rest unchanged. Services, digests and signatures keep the UTC form (what is hashed never changes): this
 * runs on the answer only, as it leaves (decision 0031).
 *
 * It works on the text JSON.stringify wrote rather than on a member-by-member copy of the answer, which
 * was then written out again. Inside a JSON string a quote is always escaped, so a match whose opening
 * quote follows an odd run of backslashes is text inside some other string, and is left as it is.
 */
export function zoneJsonText(text: string, timeZone: string): string {
  if (!text.includes('Z"')) return text;
  return text.replace(QUOTED_UTC_INSTANT, (match: string, utc: string, offset: number) => {
    let backslashes = 0;
    while (offset - backslashes - 1 >= 0 && text.charCodeAt(offset - backslashes - 1) === 0x5c) backslashes++;
    return backslashes % 2 === 1 ? match : `"${zonedIso(Date.parse(utc), timeZone)}"`;
  });
}

/**
 * Every JSON answer under /api, errors included, goes out through `c.json`: replacing it on each request's
 * context is the one place where instants reach JSON, whichever route or service wrote them. The answer is
 * written as c.json writes it (its Content-Type first, the caller's headers over it).
 *
 * The replacement is one function per app, called as a method of the context, not a closure made for
 * each request: the server spent about a seventh of a check-in's CPU more with a per-request closure here
 * (issue 20, measured side by side with the same code otherwise; decision 0035).
 */
export function zonedJson(timeZone: string): MiddlewareHandler {
  function json(this: Context, object: unknown, arg?: number | ResponseInit, headers?: Record<string, string>): Response {
    const text = JSON.stringify(object) as string | undefined;
    const body = this.body as (data: string | null, arg?: number | ResponseInit, headers?: Record<string, string>) => Response;
    return body(text === undefined ? null : zoneJsonText(text, timeZone), arg, { 'Content-Type': 'application/json', ...headers });
  }
  return async (c, next) => {
    c.json = json as unknown as typeof c.json;
    await next();
  };
}
