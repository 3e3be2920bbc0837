import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from './app-error.ts';
import { withMeta } from './route-meta.ts';

/**
 * Fixed-window counters in memory. They only slow down guessing and flooding (sign-in challenges,
 * kiosk enrolment codes); nothing about a person's access depends on them,
 * so losing them on restart is harmless.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key`; true while the key is within its limit. */
  hit(key: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

/** The peer's address as the socket saw it (a proxy's X-Forwarded-For is not trusted). */
export function remoteAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

export function rateLimit(limiter: RateLimiter, what: string, key: (c: Context) => string = remoteAddress): MiddlewareHandler {
  const limit: MiddlewareHandler = async (c, next) => {
    if (!limiter.hit(`${what}:${key(c)}`)) {
      c.header('Retry-After', String(Math.ceil(limiter.windowMs / 1000)));
      throw new AppError('RATE_LIMITED', `too many ${what} requests; wait a moment and try again`);
    }
    await next();
  };
  return withMeta(limit, { errors: [429] });
}
