import { randomInt } from 'node:crypto';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { kiosks } from '../db/schema/kiosks.ts';
import { areas } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requireArea } from '../areas/service.ts';
import type { Actor } from '../actor.ts';
import { hashToken, randomToken } from '../auth/tokens.ts';
import { activeThrottles, throttleView } from './throttle.ts';

export type Kiosk = typeof kiosks.$inferSelect;

export const KIOSK_CODE_TTL_MS = 3600_000;
// Crockford's base32 without the letters people confuse (I, L, O, U): the code is typed on a tablet.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// A kiosk is used all day long; writing last_seen_at on every request is wasted I/O.
const TOUCH_EVERY_MS = 60_000;

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Accepts what a person types: any case, with or without the dash, O for 0 and I/L for 1. */
export function normaliseCode(typed: string): string {
  const c = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return c.length === 10 ? `${c.slice(0, 5)}-${c.slice(5)}` : c;
}

export function kioskView(k: Kiosk) {
  const status = k.revokedAt !== null ? 'revoked' : k.tokenHash !== null ? 'enrolled' : 'awaiting_enrolment';
  return {
    id: k.id, name: k.name, areaIds: k.areaIds, status, enrolledAt: iso(k.enrolledAt), lastSeenAt: iso(k.lastSeenAt), revokedAt: iso(k.revokedAt), createdAt: iso(k.createdAt),
    queue: { size: k.queueSize, oldestAt: iso(k.queueOldestAt) },
    appVersion: k.appVersion,
  };
}

function record(k: Kiosk) {
  const { enrolCodeHash: _code, tokenHash: _token, ...rest } = k;
  return rest;
}

/** An admin registers a kiosk for its areas; the one-time code is shown once and expires in an hour. */
export function createKiosk(ctx: Ctx, input: { name: string; areaIds: number[] }) {
  return transact(ctx.deps.db, (tx) => {
    input.areaIds.forEach((id, i) => requireArea(tx, id, `body.areaIds.${i}`));
    const code = newCode();
    const now = ctx.deps.clock.now();
    const row = tx
      .insert(kiosks)
      .values({ name: input.name, areaIds: input.areaIds, enrolCodeHash: hashToken(code), enrolExpiresAt: now + KIOSK_CODE_TTL_MS, createdBy: ctx.actor.type === 'person' ? ctx.actor.id : null, createdAt: now })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'kiosk.created', entityType: 'kiosk', entityId: row.id, data: record(row) });
    return { kiosk: kioskView(row), code, expiresAt: iso(row.enrolExpiresAt!) };
  });
}

/** The tablet exchanges the code for its device token; the code cannot be used again. */
export function enrolKiosk(deps: Deps, requestId: string | null, typedCode: string) {
  return transact(deps.db, (tx) => {
    const now = deps.clock.now();
    const row = tx
      .select()
      .from(kiosks)
      .where(and(eq(kiosks.enrolCodeHash, hashToken(normaliseCode(typedCode))), gt(kiosks.enrolExpiresAt, now), isNull(kiosks.revokedAt)))
      .get();
    if (!row) throw new AppError('UNAUTHENTICATED', 'this code is unknown, used or expired; ask an admin for a new one');
    const token = randomToken();
    const updated = tx
      .update(kiosks)
      .set({ tokenHash: hashToken(token), enrolCodeHash: null, enrolExpiresAt: null, enrolledAt: now, lastSeenAt: now })
      .where(eq(kiosks.id, row.id))
      .returning()
      .get()!;
    const actor: Actor = { type: 'kiosk', id: row.id, name: row.name, areaIds: row.areaIds };
    recordChange(tx, { deps, actor, requestId }, { action: 'kiosk.enrolled', entityType: 'kiosk', entityId: row.id, data: record(updated) });
    return { token, kiosk: kioskProfile(tx, updated) };
  });
}

/** The kiosk's own view of itself, for the tablet. */
export function getKioskProfile(deps: Deps, kioskId: number) {
  const row = deps.db.select().from(kiosks).where(eq(kiosks.id, kioskId)).get();
  if (!row) throw AppError.notFound('kiosk');
  return kioskProfile(deps.db, row);
}

/** What the tablet needs to show: its areas with their policies and common purposes. */
export function kioskProfile(tx: Tx, k: Kiosk) {
  const list = k.areaIds.map((id) => tx.select().from(areas).where(eq(areas.id, id)).get()).filter((a) => a !== undefined);
  return {
    id: k.id,
    name: k.name,
    areas: list.map((a) => ({ id: a.id, name: a.name, siteId: a.siteId, securityLevel: a.securityLevel, acceptedMethods: a.acceptedMethods, purposes: a.purposes })),
  };
}

/** Every kiosk, with the sources it is making wait now (for the guard who may release them). */
export function listKiosks(deps: Deps) {
  const throttles = activeThrottles(deps.db, deps.clock.now());
  return deps.db
    .select()
    .from(kiosks)
    .orderBy(asc(kiosks.id))
    .all()
    .map((k) => ({ ...kioskView(k), throttles: (throttles.get(k.id) ?? []).map(throttleView) }));
}

export function revokeKiosk(ctx: Ctx, id: number) {
  return transact(ctx.deps.db, (tx) => {
    const before = tx.select().from(kiosks).where(eq(kiosks.id, id)).get();
    if (!before) throw AppError.notFound('kiosk');
    if (before.revokedAt !== null) throw new AppError('CONFLICT', 'kiosk already revoked');
    const row = tx.update(kiosks).set({ revokedAt: ctx.deps.clock.now(), enrolCodeHash: null }).where(eq(kiosks.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'kiosk.revoked', entityType: 'kiosk', entityId: id, data: record(row) });
    return kioskView(row);
  });
}

/** What a kiosk says of itself with each call (`X-Kiosk-State`), for the console's list of kiosks. */
export interface KioskState {
  queueSize: number;
  queueOldestAt: number | null;
  appVersion: string;
}

const STATE = /^q=(\d{1,6});oldest=(\d{1,15})?;v=([A-Za-z0-9._-]{1,64})$/;

/** The state header as the kiosk sends it, or null when absent or not in that exact form (it is only a report). */
export function parseKioskState(header: string | undefined): KioskState | null {
  const m = header ? STATE.exec(header) : null;
  if (!m) return null;
  return { queueSize: Number(m[1]), queueOldestAt: m[2] === undefined ? null : Number(m[2]), appVersion: m[3]! };
}

/**
 * The live kiosk for a device token, or null (unknown or revoked). Its last contact is written once a
 * minute; what it reports of its queue and build as soon as that changes, so that a kiosk back from an
 * outage shows its count and age in the console at once.
 */
/** A revoked kiosk by its old token (it may still hand over what it kept: requireKioskOrHandover). */
export function revokedKioskByToken(deps: Deps, token: string): Kiosk | null {
  const row = deps.db.select().from(kiosks).where(eq(kiosks.tokenHash, hashToken(token))).get();
  return row && row.revokedAt !== null ? row : null;
}

export function resolveKioskToken(deps: Deps, token: string, state: KioskState | null = null): Kiosk | null {
  const row = prepared(deps.db, 'kiosks.byToken', (db) => db.select().from(kiosks).where(eq(kiosks.tokenHash, sql.placeholder('hash'))).prepare()).get({ hash: hashToken(token) });
  if (!row || row.revokedAt !== null) return null;
  const now = deps.clock.now();
  const changed = state !== null && (state.queueSize !== row.queueSize || state.queueOldestAt !== row.queueOldestAt || state.appVersion !== row.appVersion);
  if (changed || row.lastSeenAt === null || now - row.lastSeenAt >= TOUCH_EVERY_MS) {
    deps.db.update(kiosks).set({ lastSeenAt: now, ...(state ?? {}) }).where(eq(kiosks.id, row.id)).run();
  }
  return row;
}
