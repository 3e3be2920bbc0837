import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/app-error.ts';
import { parseKioskState, resolveKioskToken } from './service.ts';

/**
 * Kiosk routes are authenticated by the device token in `Authorization: Bearer …`. A header, not a
 * cookie, so there is no ambient credential for a cross-site request to ride on.
 */
export const requireKiosk: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!match) throw new AppError('UNAUTHENTICATED', 'kiosk device token required');
  const kiosk = resolveKioskToken(c.get('deps'), match[1]!, parseKioskState(c.req.header('x-kiosk-state')));
  if (!kiosk) throw new AppError('UNAUTHENTICATED', 'this kiosk is not enrolled or was revoked');
  c.set('actor', { type: 'kiosk', id: kiosk.id, name: kiosk.name, areaIds: kiosk.areaIds });
  await next();
};
