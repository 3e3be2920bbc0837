import { and, asc, desc, eq, gt, gte, inArray, isNull } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { policyOf } from './policy.ts';
import { cityPermissions } from '../db/schema/city.ts';
import { assets, custodyRequests } from '../db/schema/custody.ts';
import { disposalRequests } from '../db/schema/compliance.ts';
import { people } from '../db/schema/roster.ts';
import { scopedSiteIds } from '../auth/scope.ts';
import { requestView } from '../custody/request-view.ts';
import { disposalView } from '../disposal/read.ts';
import { permissionsOf, permissionView, standing } from './state.ts';
import { networkRequests, productionDataRequests } from '../db/schema/city.ts';
import { workingDay } from '../time.ts';
import { productionDataView } from './production-data.ts';
import { requireAsset } from '../assets/read.ts';
import { networkClosed, networkColumn, siteOfAsset } from './network.ts';
import { assetView } from '../assets/read.ts';

/**
 * What waits for 甲 at the actor's sites (F1): requests reserved to 甲 with no decision standing, and
 * paper permissions 甲 has not yet confirmed or disputed (a device's network connection among them).
 */
export function cityPending(ctx: Ctx) {
  const db = ctx.deps.db;
  const now = ctx.deps.clock.now();
  const scope = scopedSiteIds(ctx.actor);
  const inSites = <T>(col: T) => (scope === null ? undefined : inArray(col as never, scope));
  const custody = db
    .select({ request: custodyRequests })
    .from(custodyRequests)
    .innerJoin(areas, eq(areas.id, custodyRequests.areaId))
    .where(and(eq(custodyRequests.status, 'submitted'), eq(custodyRequests.cityRequired, true), gt(custodyRequests.windowTo, now), inSites(areas.siteId)))
    .orderBy(desc(custodyRequests.id))
    .all()
    .filter(({ request }) => standing(permissionsOf(db, 'custody_request', [request.id])) === null)
    .map(({ request }) => requestView(db, request, now));
  const disposal = db
    .select()
    .from(disposalRequests)
    .where(and(eq(disposalRequests.status, 'submitted'), eq(disposalRequests.cityRequired, true), inSites(disposalRequests.siteId)))
    .orderBy(desc(disposalRequests.id))
    .all()
    .filter((r) => standing(permissionsOf(db, 'disposal_request', [r.id])) === null)
    .map((r) => disposalView(db, r));
  const paperRows = db
    .select()
    .from(cityPermissions)
    .where(and(eq(cityPermissions.channel, 'paper'), isNull(cityPermissions.review), inSites(cityPermissions.siteId)))
    .orderBy(desc(cityPermissions.id))
    .all();
  const ids = [...new Set(paperRows.map((p) => p.recordedBy))];
  const names = new Map(ids.length === 0 ? [] : db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)).all().map((r) => [r.id, r.name]));
  const siteRows = db.select({ id: sites.id, name: sites.name }).from(sites).where(inSites(sites.id)).orderBy(asc(sites.name)).all();
  const policies = siteRows.map((s) => ({ ...s, policy: policyOf(db, ctx.deps.config, s.id) }));
  // A device's paper permission names the device by its 管理番号, as the staff and 甲 know it.
  const deviceIds = paperRows.filter((p) => p.subjectType === 'asset_network').map((p) => p.subjectId);
  const numbers = new Map(deviceIds.length === 0 ? [] : db.select({ id: assets.id, n: assets.assetNumber }).from(assets).where(inArray(assets.id, deviceIds)).all().map((r) => [r.id, r.n]));
  const paper = paperRows.map((p) => ({ ...permissionView(p, names), ...(p.subjectType === 'asset_network' ? { assetNumber: numbers.get(p.subjectId) ?? null } : {}) }));
  // Devices the contractor asked to connect (naming the 責任者), at the site each is at now, with no decision of 甲 standing there.
  const asked = db.select().from(networkRequests).where(inSites(networkRequests.siteId)).orderBy(desc(networkRequests.id)).all();
  const seen = new Set<number>();
  const network = asked.flatMap((ask) => {
    if (seen.has(ask.assetId)) return [];
    seen.add(ask.assetId);
    const a = requireAsset(db, ask.assetId);
    if (networkClosed(a) !== null || siteOfAsset(db, a.id) !== ask.siteId) return [];
    const column = networkColumn(db, ctx.deps.config, a);
    if (column.request?.id !== ask.id || column.city.state !== 'awaiting') return [];
    return [{ asset: assetView(a), network: column }];
  });
  const today = workingDay(now, ctx.deps.config.timeZone);
  const productionData = db
    .select()
    .from(productionDataRequests)
    .where(and(eq(productionDataRequests.status, 'submitted'), eq(productionDataRequests.cityRequired, true), gte(productionDataRequests.periodTo, today), inSites(productionDataRequests.siteId)))
    .orderBy(desc(productionDataRequests.id))
    .all()
    .filter((r) => standing(permissionsOf(db, 'production_data', [r.id])) === null)
    .map((r) => productionDataView(db, r, today));
  return { custody, disposal, network, productionData, paper, sites: policies };
}
