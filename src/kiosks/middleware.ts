import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/app-error.ts';
import { withMeta } from '../http/route-meta.ts';
import { parseKioskState, resolveKioskToken, revokedKioskByToken } from './service.ts';

/**
 * Kiosk routes are authenticated by the device token in `Authorization: Bearer …`. A header, not a
 * cookie, so there is no ambient credential for a cross-site request to ride on.
 */
export const requireKiosk: MiddlewareHandler<AppEnv> = withMeta<MiddlewareHandler<AppEnv>>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  const kiosk = resolveKioskToken(c.get('deps'), token, parseKioskState(c.req.header('x-kiosk-state')));
  if (!kiosk) throw new AppError('UNAUTHENTICATED', 'this kiosk is not enrolled or was revoked');
  c.set('actor', { type: 'kiosk', id: kiosk.id, name: kiosk.name, areaIds: kiosk.areaIds });
  await next();
}, { access: { kind: 'kiosk' }, errors: [401] });

/**
 * The one route a revoked kiosk may still call: handing over the events it kept from before its
 * revocation (issue 19: nothing the kiosk was told is thrown away). They are recorded as refusals
 * (`kiosk_revoked`), never as entries; anything it recorded after the revocation is refused unwritten.
 */
export const requireKioskOrHandover: MiddlewareHandler<AppEnv> = withMeta<MiddlewareHandler<AppEnv>>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  const deps = c.get('deps');
  const kiosk = resolveKioskToken(deps, token, parseKioskState(c.req.header('x-kiosk-state'))) ?? revokedKioskByToken(deps, token);
  if (!kiosk) throw new AppError('UNAUTHENTICATED', 'this kiosk is not enrolled or was revoked');
  c.set('actor', { type: 'kiosk', id: kiosk.id, name: kiosk.name, areaIds: kiosk.areaIds, ...(kiosk.revokedAt !== null ? { revokedAt: kiosk.revokedAt } : {}) });
  await next();
}, { access: { kind: 'kiosk', handover: true }, errors: [401] });

function bearerToken(header: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!match) throw new AppError('UNAUTHENTICATED', 'kiosk device token required');
  return match[1]!;
}
