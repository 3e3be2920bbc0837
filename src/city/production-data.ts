import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { assets } from '../db/schema/custody.ts';
import { productionDataRequests } from '../db/schema/city.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { assertSiteInScope, scopedSiteIds } from '../auth/scope.ts';
import { requireArea } from '../areas/service.ts';
import { requireAsset } from '../assets/read.ts';
import { personActor } from '../custody/query.ts';
import { workingDay } from '../time.ts';
import { policyOf } from './policy.ts';
import { siteOfAsset } from './network.ts';
import { assertResponsible } from './responsible.ts';
import { cityColumn, namesOf } from './state.ts';
import type { ProductionDataInput } from './schemas.ts';

/**
 * Using production data (本番データ, 第15条 of 新潟市's articles; F1, F2). The contractor's admin or supervisor
 * files a request naming what data, for what, over which days, in which area (and on which device), under
 * which 責任者. Where the site's policy reserves production-data use to 甲 when it is filed, the request stays
 * `submitted` until 甲's permission counts — given by 甲 with a passkey, or a paper permission 甲 later
 * confirms or disputes (src/city/permissions.ts, subject `production_data`). Otherwise the filing is the
 * contractor's own approval and it is `approved` at once. Nothing else in the product reads production data:
 * the request is the record that the use was permitted before it began.
 */

export type ProductionDataRequest = typeof productionDataRequests.$inferSelect;

export function requireProductionData(tx: Tx, id: number): ProductionDataRequest {
  const row = tx.select().from(productionDataRequests).where(eq(productionDataRequests.id, id)).get();
  if (!row) throw AppError.notFound('production data request');
  return row;
}

/** A request whose period has ended without 甲's permission is no longer open to it. */
export function productionDataOpen(r: ProductionDataRequest, today: string): boolean {
  return r.status === 'submitted' && today <= r.periodTo;
}

export function productionDataView(tx: Tx, r: ProductionDataRequest, today: string) {
  const names = namesOf(tx, [r.requesterId, r.responsibleId]);
  const site = tx.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, r.siteId)).get()!;
  const area = tx.select({ id: areas.id, name: areas.name }).from(areas).where(eq(areas.id, r.areaId)).get()!;
  const asset = r.assetId === null ? null : (tx.select({ id: assets.id, assetNumber: assets.assetNumber }).from(assets).where(eq(assets.id, r.assetId)).get() ?? null);
  return {
    id: r.id,
    site,
    area,
    asset,
    data: r.data,
    purpose: r.purpose,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    requester: { id: r.requesterId, name: names.get(r.requesterId) ?? '' },
    responsible: { id: r.responsibleId, name: names.get(r.responsibleId) ?? '' },
    /** `expired`: still submitted when its period ended, so never approved. */
    status: r.status === 'submitted' && today > r.periodTo ? ('expired' as const) : r.status,
    rejectReason: r.rejectReason,
    createdAt: iso(r.createdAt),
    decidedAt: iso(r.decidedAt),
    city: cityColumn(tx, 'production_data', r.id, r.cityRequired),
  };
}

export type ProductionDataView = ReturnType<typeof productionDataView>;

const today = (ctx: Ctx) => workingDay(ctx.deps.clock.now(), ctx.deps.config.timeZone);

/** `POST /api/city/production-data`: one journal entry, `production_data_request.filed`, saying whether 甲's permission is needed. */
export function fileProductionData(ctx: Ctx, input: ProductionDataInput) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const day = today(ctx);
    const area = requireArea(tx, input.areaId, 'body.areaId');
    assertSiteInScope(ctx.actor, area.siteId);
    if (input.periodTo < day) throw AppError.field('body.periodTo', 'the period has already ended');
    if (input.assetId !== null) {
      const a = requireAsset(tx, input.assetId, 'body.assetId');
      if (a.ownerType === 'personal') throw AppError.field('body.assetId', "a personal device never holds the city's data (C7)");
      if (a.status === 'lost' || a.status === 'disposed' || a.status === 'returned') throw AppError.field('body.assetId', `this device is ${a.status}`);
      if (siteOfAsset(tx, a.id) !== area.siteId) throw AppError.field('body.assetId', "this device is not at the area's site");
    }
    const policy = policyOf(tx, ctx.deps.config, area.siteId);
    assertResponsible(tx, 'body.responsibleId', input.responsibleId, now, {
      id: actor.id,
      distinct: policy.responsibleDistinct,
      words: 'the responsible person (責任者) must be someone other than the one who files the request (F2)',
    });
    const cityRequired = policy.productionData;
    const row = tx
      .insert(productionDataRequests)
      .values({ ...input, siteId: area.siteId, requesterId: actor.id, cityRequired, status: cityRequired ? 'submitted' : 'approved', decidedAt: cityRequired ? null : now, createdAt: now })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'production_data_request.filed', entityType: 'production_data_request', entityId: row.id, data: row });
    return productionDataView(tx, row, day);
  });
}

export function listProductionData(ctx: Ctx, status?: ProductionDataRequest['status']) {
  const db = ctx.deps.db;
  const scope = scopedSiteIds(ctx.actor);
  const day = today(ctx);
  const rows = db
    .select()
    .from(productionDataRequests)
    .where(and(status === undefined ? undefined : eq(productionDataRequests.status, status), scope === null ? undefined : inArray(productionDataRequests.siteId, scope.length ? [...scope] : [-1])))
    .orderBy(desc(productionDataRequests.id))
    .limit(500)
    .all();
  return { requests: rows.map((r) => productionDataView(db, r, day)) };
}

export function getProductionData(ctx: Ctx, id: number) {
  const r = requireProductionData(ctx.deps.db, id);
  assertSiteInScope(ctx.actor, r.siteId);
  return productionDataView(ctx.deps.db, r, today(ctx));
}
