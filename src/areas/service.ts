import { and, asc, eq, gt, isNull, lte, or, sql, type Placeholder } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { areas, authorizations, sites, type IdMethod, type SecurityLevel } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso, sameName } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import type { AreaInput, AreaPatchInput } from './schemas.ts';

export type Site = typeof sites.$inferSelect;
export type Area = typeof areas.$inferSelect;
export type Authorization = typeof authorizations.$inferSelect;

/** Secure areas accept only passkeys (and a guard's record) unless the admin says otherwise (B4). */
export function defaultMethods(level: SecurityLevel): IdMethod[] {
  return level === 'secure' ? ['passkey', 'guard'] : ['passkey', 'badge', 'guard'];
}

export const DEFAULT_PURPOSES = ['定常作業', '保守・点検', '打合せ', '搬入・搬出', '監査・検査'];

// ---- sites ----

export function listSites(deps: Deps): Site[] {
  return deps.db.select().from(sites).orderBy(asc(sites.name)).all();
}

// Names are compared by nameKey, so the (short) list is read: the unique index compares exact text.
function assertSiteNameFree(tx: Tx, name: string, exceptId: number | null) {
  const others = tx.select({ id: sites.id, name: sites.name }).from(sites).all();
  if (sameName(others, name, exceptId)) throw AppError.conflict('body.name', 'a site with this name exists');
}

export function createSite(ctx: Ctx, input: { name: string; address: string }): Site {
  return transact(ctx.deps.db, (tx) => {
    assertSiteNameFree(tx, input.name, null);
    const now = ctx.deps.clock.now();
    const row = tx.insert(sites).values({ ...input, createdAt: now, updatedAt: now }).returning().get();
    recordChange(tx, ctx, { action: 'site.created', entityType: 'site', entityId: row.id, data: row });
    return row;
  });
}

export function updateSite(ctx: Ctx, id: number, patch: { name?: string; address?: string }): Site {
  return transact(ctx.deps.db, (tx) => {
    requireSite(tx, id);
    if (patch.name !== undefined) assertSiteNameFree(tx, patch.name, id);
    const row = tx.update(sites).set({ ...patch, updatedAt: ctx.deps.clock.now() }).where(eq(sites.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'site.updated', entityType: 'site', entityId: id, data: row });
    return row;
  });
}

function requireSite(tx: Tx, id: number, field?: string): Site {
  const row = tx.select().from(sites).where(eq(sites.id, id)).get();
  if (!row) throw field ? AppError.unknown(field, 'site') : AppError.notFound('site');
  return row;
}

// ---- areas ----

export function listAreas(deps: Deps, siteId?: number): Area[] {
  return deps.db
    .select()
    .from(areas)
    .where(siteId ? eq(areas.siteId, siteId) : undefined)
    .orderBy(asc(areas.siteId), asc(areas.name))
    .all();
}

export function getArea(deps: Deps, id: number): Area {
  return requireArea(deps.db, id);
}

export function requireArea(tx: Tx, id: number, field?: string): Area {
  const row = prepared(tx, 'areas.byId', (db) => db.select().from(areas).where(eq(areas.id, sql.placeholder('id'))).prepare()).get({ id });
  if (!row) throw field ? AppError.unknown(field, 'area') : AppError.notFound('area');
  return row;
}

function assertAreaNameFree(tx: Tx, siteId: number, name: string, exceptId: number | null) {
  const others = tx.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.siteId, siteId)).all();
  if (sameName(others, name, exceptId)) throw AppError.conflict('body.name', 'this site already has an area with this name');
}

export function createArea(ctx: Ctx, input: AreaInput): Area {
  return transact(ctx.deps.db, (tx) => {
    requireSite(tx, input.siteId, 'body.siteId');
    assertAreaNameFree(tx, input.siteId, input.name, null);
    const now = ctx.deps.clock.now();
    const row = tx
      .insert(areas)
      .values({
        siteId: input.siteId,
        name: input.name,
        securityLevel: input.securityLevel,
        acceptedMethods: input.acceptedMethods ?? defaultMethods(input.securityLevel),
        twoPersonRule: input.twoPersonRule ?? false,
        carryInApproval: input.carryInApproval ?? true,
        lastPersonOutRule: input.lastPersonOutRule ?? input.securityLevel === 'secure',
        outOfSequence: input.outOfSequence ?? 'flag',
        purposes: input.purposes ?? DEFAULT_PURPOSES,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'area.created', entityType: 'area', entityId: row.id, data: row });
    return row;
  });
}

export function updateArea(ctx: Ctx, id: number, patch: AreaPatchInput): Area {
  return transact(ctx.deps.db, (tx) => {
    const before = requireArea(tx, id);
    if (patch.name !== undefined) assertAreaNameFree(tx, before.siteId, patch.name, id);
    const row = tx.update(areas).set({ ...patch, updatedAt: ctx.deps.clock.now() }).where(eq(areas.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'area.updated', entityType: 'area', entityId: id, data: row });
    return row;
  });
}

// ---- authorizations (B2) ----

export function authorizationView(a: Authorization) {
  return { ...a, validFrom: iso(a.validFrom), validTo: iso(a.validTo), revokedAt: iso(a.revokedAt), createdAt: iso(a.createdAt) };
}

export function listAuthorizations(deps: Deps, q: { personId?: number | undefined; areaId?: number | undefined; active?: 'true' | 'false' | undefined }) {
  const now = deps.clock.now();
  return deps.db
    .select()
    .from(authorizations)
    .where(
      and(
        q.personId ? eq(authorizations.personId, q.personId) : undefined,
        q.areaId ? eq(authorizations.areaId, q.areaId) : undefined,
        q.active === 'true' ? activeAt(now) : undefined,
      ),
    )
    .orderBy(asc(authorizations.id))
    .all()
    .map(authorizationView);
}

function activeAt(at: number | Placeholder) {
  return and(isNull(authorizations.revokedAt), lte(authorizations.validFrom, at), or(isNull(authorizations.validTo), gt(authorizations.validTo, at)));
}

/** Whether `personId` may be in `areaId` at `at` under some unrevoked authorization. */
export function isAuthorized(tx: Tx, personId: number, areaId: number, at: number): boolean {
  const query = prepared(tx, 'authorizations.active', (db) =>
    db
      .select({ id: authorizations.id })
      .from(authorizations)
      .where(and(eq(authorizations.personId, sql.placeholder('personId')), eq(authorizations.areaId, sql.placeholder('areaId')), activeAt(sql.placeholder('at'))))
      .limit(1)
      .prepare(),
  );
  return query.get({ personId, areaId, at }) !== undefined;
}

export function grantAuthorization(ctx: Ctx, input: { personId: number; areaId: number; validFrom: number; validTo: number | null; note: string }) {
  return transact(ctx.deps.db, (tx) => {
    requirePerson(tx, input.personId, 'body.personId');
    requireArea(tx, input.areaId, 'body.areaId');
    const row = tx.insert(authorizations).values({ ...input, createdAt: ctx.deps.clock.now() }).returning().get();
    recordChange(tx, ctx, { action: 'authorization.granted', entityType: 'authorization', entityId: row.id, data: row });
    return authorizationView(row);
  });
}

export function revokeAuthorization(ctx: Ctx, id: number, reason: string) {
  return transact(ctx.deps.db, (tx) => {
    const before = tx.select().from(authorizations).where(eq(authorizations.id, id)).get();
    if (!before) throw AppError.notFound('authorization');
    if (before.revokedAt !== null) throw new AppError('CONFLICT', 'authorization already revoked');
    const row = tx.update(authorizations).set({ revokedAt: ctx.deps.clock.now() }).where(eq(authorizations.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'authorization.revoked', entityType: 'authorization', entityId: id, data: { ...row, reason } });
    return authorizationView(row);
  });
}
