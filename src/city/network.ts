import { createHash } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Config } from '../config.ts';
import type { Tx } from '../db/client.ts';
import { assets } from '../db/schema/custody.ts';
import { sites } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';
import { assetArea } from '../auth/scope-trace.ts';
import { areaSites, assertReachesAll, siteOfArea } from '../auth/scope.ts';
import { assetView, requireAsset, type Asset } from '../assets/read.ts';
import { defaultPolicy, policyOf } from './policy.ts';
import { cityColumn, cityState, counts, permissionsOf, type CityPermission, type CityState } from './state.ts';

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
  return at === null ? singleSite(tx) : siteOfArea(tx, at);
}

function required(tx: Tx, config: PolicyConfig, siteId: number | null): boolean {
  return (siteId === null ? defaultPolicy(config) : policyOf(tx, config, siteId)).networkConnection;
}

/** 甲's decisions on a device, at the site it is at now: a permission given at another site does not carry over. */
function decisionsAt(tx: Tx, assetId: number, siteId: number | null): CityPermission[] {
  return permissionsOf(tx, 'asset_network', [assetId]).filter((p) => p.siteId === siteId);
}

/** What 甲's passkey signs: the device as registered, and the site it is connected at. */
export function networkDigest(a: Asset, siteId: number): string {
  const { assetNumber, kind, ownerType, serialNumber, description, classification, hasStorage } = a;
  const content = { type: 'asset_network', assetId: a.id, assetNumber, kind, ownerType, serialNumber, description, classification, hasStorage, siteId };
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
  const siteId = assetId === null ? singleSite(tx) : siteOfAsset(tx, assetId);
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

function singleSite(tx: Tx): number | null {
  const all = tx.select({ id: sites.id }).from(sites).limit(2).all();
  return all.length === 1 ? all[0]!.id : null;
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
  return {
    assetId: a.id,
    site,
    closed: networkClosed(a),
    contractor: { approved: a.networkApproved },
    city: { required: column.required, state, permissions },
    digest: siteId === null ? null : networkDigest(a, siteId),
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
  const only = singleSite(tx);
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
