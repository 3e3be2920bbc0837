import { eq } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Config } from '../config.ts';
import { transact, type Tx } from '../db/client.ts';
import { cityPolicies } from '../db/schema/city.ts';
import { sites } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { assertSiteInScope } from '../auth/scope.ts';
import { personActor } from '../custody/query.ts';
import type { PolicyInput } from './schemas.ts';

/** The kinds of action a site's 甲 may reserve to their prior permission (F1). */
export const RESERVABLE = ['carryIn', 'carryOut', 'disposal', 'networkConnection', 'productionData'] as const;
export type Reservable = (typeof RESERVABLE)[number];

export type Policy = Record<Reservable, boolean> & { responsibleDistinct: boolean };

/**
 * With no stored row: 新潟市's articles reserve every kind to 甲 (第6条4, 第7条2, 第8条, 第9条2, 第10条,
 * 第11条2, 第15条) and want a 責任者 other than the carrier. A deployment may start from none instead.
 */
export function defaultPolicy(config: Pick<Config, 'cityPermissionDefault'>): Policy {
  const all = config.cityPermissionDefault === 'all';
  return { carryIn: all, carryOut: all, disposal: all, networkConnection: all, productionData: all, responsibleDistinct: true };
}

export function policyOf(tx: Tx, config: Pick<Config, 'cityPermissionDefault'>, siteId: number): Policy {
  const row = tx.select().from(cityPolicies).where(eq(cityPolicies.siteId, siteId)).get();
  if (!row) return defaultPolicy(config);
  const { siteId: _s, updatedBy: _b, updatedAt: _a, ...policy } = row;
  return policy;
}

function requireSite(tx: Tx, siteId: number) {
  const site = tx.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId)).get();
  if (!site) throw AppError.notFound('site');
  return site;
}

function viewIn(tx: Tx, config: Pick<Config, 'cityPermissionDefault'>, siteId: number) {
  const site = requireSite(tx, siteId);
  const row = tx.select().from(cityPolicies).where(eq(cityPolicies.siteId, siteId)).get();
  return { site, policy: policyOf(tx, config, siteId), stored: row !== undefined, updatedAt: iso(row?.updatedAt ?? null) };
}

/** Everyone whose sites include this one may read it. */
export function policyView(ctx: Ctx, siteId: number) {
  requireSite(ctx.deps.db, siteId);
  assertSiteInScope(ctx.actor, siteId);
  return viewIn(ctx.deps.db, ctx.deps.config, siteId);
}

/** 甲's own decision: only a `city` person whose sites include this one changes it. One journal entry. */
export function updatePolicy(ctx: Ctx, siteId: number, input: PolicyInput) {
  const actor = personActor(ctx);
  if (!actor.roles.includes('city')) throw new AppError('FORBIDDEN', "the site's policy is the city's (甲) decision");
  return transact(ctx.deps.db, (tx) => {
    requireSite(tx, siteId);
    assertSiteInScope(ctx.actor, siteId);
    const now = ctx.deps.clock.now();
    const values = { ...input, updatedBy: actor.id, updatedAt: now };
    const row = tx
      .insert(cityPolicies)
      .values({ siteId, ...values })
      .onConflictDoUpdate({ target: cityPolicies.siteId, set: values })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'city_policy.updated', entityType: 'city_policy', entityId: siteId, data: row });
    return viewIn(tx, ctx.deps.config, siteId);
  });
}
