import { createHash } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Config } from '../config.ts';
import type { Tx } from '../db/client.ts';
import { assets } from '../db/schema/custody.ts';
import { sites } from '../db/schema/areas.ts';
import { networkRequests } from '../db/schema/city.ts';
import { transact } from '../db/client.ts';
import { recordChange } from '../journal/append.ts';
import { iso } from '../http/fields.ts';
import { personActor } from '../custody/query.ts';
import { assertResponsible } from './responsible.ts';
import { AppError } from '../http/app-error.ts';
import { assetArea, onlySite } from '../auth/scope-trace.ts';
import { areaSites, assertReachesAll, siteOfArea } from '../auth/scope.ts';
import { assetView, requireAsset, type Asset } from '../assets/read.ts';
import { defaultPolicy } from './policy.ts';
import { cityColumn, cityState, counts, namesOf, permissionsOf, type CityPermission, type CityState } from './state.ts';
import { policyOf } from './policy.ts';

/**
 * Connecting a device to the city's network (第9条2 of 新潟市's articles; C7, F1). The contractor marks a
 * device network-approved (`assets.network_approved`, 乙の承認); where the site's policy reserves network
 * connection to 甲, it may do so only once 甲's permission for that device at that site counts: given in
 * the system with 甲's passkey over the device's digest, or transcribed from paper (until 甲 disputes it).
 */

type PolicyConfig = Pick<Config, 'cityPermissionDefault'>;

/**
 * The site a device is connected at: the site of the area it is in (or, carried out, that its last movement
 * crossed). A device that never moved belongs to the installation's only site when there is one
 * (decision 0022's rule), else to none.
 */
export function siteOfAsset(tx: Tx, assetId: number): number | null {
  const at = tx.select({ at: assetArea }).from(assets).where(eq(assets.id, assetId)).get()?.at ?? null;
  return at === null ? onlySite(tx) : siteOfArea(tx, at);
}

function required(tx: Tx, config: PolicyConfig, siteId: number | null): boolean {
  return (siteId === null ? defaultPolicy(config) : policyOf(tx, config, siteId)).networkConnection;
}

/** 甲's decisions on a device, at the site it is at now: a permission given at another site does not carry over. */
function decisionsAt(tx: Tx, assetId: number, siteId: number | null): CityPermission[] {
  return permissionsOf(tx, 'asset_network', [assetId]).filter((p) => p.siteId === siteId);
}

export type NetworkAsk = typeof networkRequests.$inferSelect;

/** The contractor's newest ask to connect the device at this site (its 責任者), or null. */
export function networkAsk(tx: Tx, assetId: number, siteId: number | null): NetworkAsk | null {
  if (siteId === null) return null;
  return tx.select().from(networkRequests).where(and(eq(networkRequests.assetId, assetId), eq(networkRequests.siteId, siteId))).orderBy(desc(networkRequests.id)).limit(1).get() ?? null;
}

/** What 甲's passkey signs: the device as registered, the site it is connected at, and the ask with its 責任者 (F2). */
export function networkDigest(a: Asset, siteId: number, ask: NetworkAsk | null): string {
  const { assetNumber, kind, ownerType, serialNumber, description, classification, hasStorage } = a;
  const request = ask === null ? null : { id: ask.id, responsibleId: ask.responsibleId, purpose: ask.purpose, requestedBy: ask.requestedBy };
  const content = { type: 'asset_network', assetId: a.id, assetNumber, kind, ownerType, serialNumber, description, classification, hasStorage, siteId, request };
  return createHash('sha256').update(JSON.stringify(content), 'utf8').digest('hex');
}

/** Why a device is not open to 甲's decision, or null. */
export function networkClosed(a: Asset): string | null {
  if (a.ownerType === 'personal') return 'personal devices are never approved for the network (C7)';
  if (a.status === 'lost' || a.status === 'disposed' || a.status === 'returned') return `this device is ${a.status}`;
  return null;
}

/**
 * Refuses (409 naming `field`) marking a device network-approved while its site's policy reserves the
 * connection to 甲 and no permission of 甲 for it at that site counts. Called in the marking transaction.
 */
export function assertNetworkPermitted(tx: Tx, ctx: Ctx, assetId: number | null, field: string): void {
  const siteId = assetId === null ? onlySite(tx) : siteOfAsset(tx, assetId);
  if (!required(tx, ctx.deps.config, siteId)) return;
  if (assetId === null) {
    throw AppError.conflict(field, "connecting a device to the city's network needs the city's (甲) prior permission: register the device first, then have the city permit it");
  }
  if (siteId === null) {
    throw AppError.conflict(field, "connecting a device to the city's network needs the city's (甲) prior permission, and this device is at no site yet: carry it in first");
  }
  if (!decisionsAt(tx, assetId, siteId).some(counts)) {
    throw AppError.conflict(field, "the city's (甲) prior permission to connect this device to the network is missing: the city permits it with a passkey, or its paper permission is recorded");
  }
}


/**
 * The device's network side as the console shows it: 乙の承認 (the flag) beside 甲の許可 (at its site now).
 */
export function networkColumn(tx: Tx, config: PolicyConfig, a: Asset) {
  const siteId = siteOfAsset(tx, a.id);
  const site = siteId === null ? null : (tx.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.id, siteId)).get() ?? null);
  const column = cityColumn(tx, 'asset_network', a.id, required(tx, config, siteId));
  const permissions = column.permissions.filter((p) => p.siteId === siteId);
  const state = cityState(column.required, decisionsAt(tx, a.id, siteId));
  const ask = networkAsk(tx, a.id, siteId);
  const names = ask === null ? new Map<number, string>() : namesOf(tx, [ask.responsibleId, ask.requestedBy]);
  return {
    assetId: a.id,
    site,
    closed: networkClosed(a),
    /** The contractor's ask at this site and the 責任者 it names (F2); 甲 decides on it. */
    request:
      ask === null
        ? null
        : {
            id: ask.id,
            responsible: { id: ask.responsibleId, name: names.get(ask.responsibleId) ?? '' },
            purpose: ask.purpose,
            requestedBy: { id: ask.requestedBy, name: names.get(ask.requestedBy) ?? '' },
            at: iso(ask.at),
          },
    contractor: { approved: a.networkApproved },
    city: { required: column.required, state, permissions },
    digest: siteId === null ? null : networkDigest(a, siteId, ask),
  };
}

export type NetworkColumn = ReturnType<typeof networkColumn>;

/** What 甲 is shown when deciding: the device and its network column. */
export function networkView(tx: Tx, config: PolicyConfig, a: Asset) {
  return { asset: assetView(a), network: networkColumn(tx, config, a) };
}

/** 甲's state for many devices at once (the registry's list), each at its own site. */
export function networkStates(tx: Tx, config: PolicyConfig, rows: readonly Asset[]): Map<number, CityState> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return new Map();
  const only = onlySite(tx);
  const areaSite = areaSites(tx);
  const located = tx.select({ id: assets.id, at: assetArea }).from(assets).where(inArray(assets.id, ids)).all();
  const siteOf = new Map(located.map((r) => [r.id, r.at === null ? only : (areaSite.get(r.at) ?? null)]));
  const decisions = permissionsOf(tx, 'asset_network', ids);
  const policies = new Map<number | null, boolean>();
  const reserved = (s: number | null) => {
    if (!policies.has(s)) policies.set(s, required(tx, config, s));
    return policies.get(s)!;
  };
  return new Map(ids.map((id) => [id, cityState(reserved(siteOf.get(id)!), decisions.filter((p) => p.subjectId === id && p.siteId === siteOf.get(id)))]));
}

/** After 甲's permission stops counting (refused, disputed): the flag comes down unless another permission still counts. */
export function withdrawIfUnpermitted(tx: Tx, config: PolicyConfig, assetId: number, now: number): Asset {
  const a = requireAsset(tx, assetId);
  const siteId = siteOfAsset(tx, assetId);
  if (!a.networkApproved || !required(tx, config, siteId)) return a;
  if (siteId !== null && decisionsAt(tx, assetId, siteId).some(counts)) return a;
  return tx.update(assets).set({ networkApproved: false, updatedAt: now }).where(eq(assets.id, assetId)).returning().get()!;
}

/** `GET /api/city/asset-networks/:id`: the device's network column, for whoever reaches its site (甲: only a device at a site). */
export function networkOf(ctx: Ctx, assetId: number) {
  const db = ctx.deps.db;
  const a = requireAsset(db, assetId);
  const siteId = siteOfAsset(db, assetId);
  assertReachesAll(ctx.actor, siteId === null ? [] : [siteId]);
  return networkColumn(db, ctx.deps.config, a);
}

/** The 責任者 of the devices' current asks, each at its own site (the registry's 庁内ネットワーク column). */
export function networkResponsibles(tx: Tx, rows: readonly Asset[]): Map<number, string> {
  const out = new Map<number, string>();
  const asks = rows.flatMap((a) => {
    const ask = networkAsk(tx, a.id, siteOfAsset(tx, a.id));
    return ask === null ? [] : [ask];
  });
  const names = namesOf(tx, asks.map((x) => x.responsibleId));
  for (const ask of asks) out.set(ask.assetId, names.get(ask.responsibleId) ?? '');
  return out;
}

/**
 * `POST /api/city/asset-networks/:id/request`: the contractor asks 甲 to let the device connect at the site
 * it is at, naming the 責任者 (F2): a roster person who can work now, other than the device's custodian
 * while the site's policy wants the 責任者 distinct. Asked again, the newest ask replaces the earlier one;
 * refused while 甲's permission at this site counts (it was given for the 責任者 named then). One journal entry.
 */
export function askNetwork(ctx: Ctx, assetId: number, input: { responsibleId: number; purpose: string }) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const a = requireAsset(tx, assetId);
    const siteId = siteOfAsset(tx, assetId);
    assertReachesAll(ctx.actor, siteId === null ? [] : [siteId]);
    const closed = networkClosed(a);
    if (closed !== null) throw new AppError('CONFLICT', closed);
    if (siteId === null) throw new AppError('CONFLICT', 'this device is at no site yet: carry it in first');
    if (decisionsAt(tx, assetId, siteId).some(counts)) throw new AppError('CONFLICT', "the city's permission to connect this device is already recorded");
    const policy = policyOf(tx, ctx.deps.config, siteId);
    assertResponsible(tx, 'body.responsibleId', input.responsibleId, now, {
      id: a.custodianId,
      distinct: policy.responsibleDistinct,
      words: "the responsible person (責任者) must be someone other than the device's custodian (F2)",
    });
    const row = tx.insert(networkRequests).values({ assetId, siteId, responsibleId: input.responsibleId, purpose: input.purpose, requestedBy: actor.id, at: now }).returning().get();
    recordChange(tx, ctx, { action: 'network_request.filed', entityType: 'network_request', entityId: row.id, data: row });
    return networkColumn(tx, ctx.deps.config, a);
  });
}
