import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { assets } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';
import { z } from 'zod';
import { iso } from '../http/fields.ts';
import { assetView, findAssetByNumber } from '../assets/read.ts';
import { assetNumber } from '../assets/schemas.ts';
import { isAuthorized } from '../areas/service.ts';
import { areaInScope } from '../auth/scope.ts';
import { CUSTODY_READERS, personActor, UNAVAILABLE_STATUSES } from './query.ts';

/**
 * What the request form offers its author: the areas they may name, the assets in their own custody,
 * and the asset whose 管理番号 they typed from its label (`number`, exact). A worker reads neither the
 * registry nor the area list otherwise, so without this they could not write a request at all; they
 * see only the areas they are authorized for now. Staff search the whole registry through GET /api/assets.
 */
export function requestChoices(ctx: Ctx, number?: string) {
  const actor = personActor(ctx);
  const db = ctx.deps.db;
  const now = ctx.deps.clock.now();
  const staff = actor.roles.some((r) => CUSTODY_READERS.includes(r));
  const allAreas = db
    .select({ id: areas.id, name: areas.name, siteId: areas.siteId, siteName: sites.name, securityLevel: areas.securityLevel })
    .from(areas)
    .innerJoin(sites, eq(sites.id, areas.siteId))
    .where(areaInScope(db, ctx.actor, areas.id))
    .orderBy(asc(sites.name), asc(areas.name))
    .all();
  const own = db
    .select()
    .from(assets)
    .where(and(eq(assets.custodianId, actor.id), notInArray(assets.status, [...UNAVAILABLE_STATUSES])))
    .orderBy(asc(assets.assetNumber))
    .limit(500)
    .all();
  // Who may be named 責任者 (F2): the contractor's supervisors and admins still active on the roster.
  const responsibles = db
    .select({ id: people.id, name: people.name, roles: people.roles })
    .from(people)
    .where(eq(people.status, 'active'))
    .orderBy(asc(people.kana))
    .all()
    .filter((p) => p.roles.some((r) => r === 'supervisor' || r === 'admin'))
    .map(({ id, name }) => ({ id, name }));
  const typed = number ? findAssetByNumber(db, number) : undefined;
  const found = typed && !UNAVAILABLE_STATUSES.has(typed.status) && typed.ownerType !== 'personal' ? assetView(typed) : null;
  return {
    found,
    areas: staff ? allAreas : allAreas.filter((a) => isAuthorized(db, actor.id, a.id, now)),
    assets: own.filter((a) => a.ownerType !== 'personal').map(assetView),
    responsibles,
    at: iso(now),
  };
}

export const ChoicesQuery = z.object({ number: assetNumber.optional() });
