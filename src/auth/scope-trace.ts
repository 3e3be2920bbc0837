import type { Context, MiddlewareHandler } from 'hono';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { withMeta } from '../http/route-meta.ts';
import { areas, authorizations, sites } from '../db/schema/areas.ts';
import { accessEvents, visitors } from '../db/schema/access.ts';
import { assets, custodyRequests, movements } from '../db/schema/custody.ts';
import { disposalItems, incidents } from '../db/schema/compliance.ts';
import { kiosks } from '../db/schema/kiosks.ts';
import { people } from '../db/schema/roster.ts';
import { assertReachesAll, assertUnscoped, scopedSiteIds, siteOfArea } from './scope.ts';

/**
 * The sites a record of each kind belongs to (F4, src/auth/scope.ts): undefined when there is no such record
 * (the route's own 404 answers), [] when it is traced to no site.
 */
type Trace = readonly number[] | undefined;

const unique = (ids: (number | null)[]) => [...new Set(ids.filter((s): s is number => s !== null))];

export function sitesOfAreas(tx: Tx, areaIds: readonly number[]): number[] {
  if (areaIds.length === 0) return [];
  return unique(tx.select({ siteId: areas.siteId }).from(areas).where(inArray(areas.id, [...areaIds])).all().map((a) => a.siteId));
}

function sitesOfArea(tx: Tx, areaId: number | null | undefined): Trace {
  if (areaId === undefined) return undefined;
  if (areaId === null) return [];
  const siteId = siteOfArea(tx, areaId);
  return siteId === null ? undefined : [siteId];
}

/**
 * Where an asset belongs: the area it is in, or for one carried out, the area its last movement crossed;
 * an asset that never moved and has no location belongs to the installation's only site when there is one
 * (`onlySite`), else to no site.
 */
export const assetArea = sql<number | null>`coalesce(${assets.locationAreaId}, (select ${movements.areaId} from ${movements} where ${movements.assetId} = ${assets.id} order by ${movements.id} desc limit 1))`;

/**
 * The installation's only site, or null when there are none or several (decision 0022's single-site rule):
 * an asset that never moved belongs to it, for 甲 as for everyone.
 */
export function onlySite(tx: Tx): number | null {
  const all = tx.select({ id: sites.id }).from(sites).limit(2).all();
  return all.length === 1 ? all[0]!.id : null;
}

/** The sites of an asset's area; an asset at no area belongs to the only site when there is one. */
function sitesOfAssetArea(tx: Tx, at: number | null | undefined): Trace {
  if (at === null) {
    const only = onlySite(tx);
    return only === null ? [] : [only];
  }
  return sitesOfArea(tx, at);
}

export const trace = {
  site: (tx: Tx, id: number): Trace => (tx.select({ id: sites.id }).from(sites).where(eq(sites.id, id)).get() ? [id] : undefined),
  area: (tx: Tx, id: number): Trace => sitesOfArea(tx, id),
  areas: (tx: Tx, ids: readonly number[]): Trace => sitesOfAreas(tx, ids),
  asset: (tx: Tx, id: number): Trace => sitesOfAssetArea(tx, tx.select({ at: assetArea }).from(assets).where(eq(assets.id, id)).get()?.at),
  assets: (tx: Tx, ids: readonly number[]): Trace => {
    if (ids.length === 0) return [];
    const at = tx.select({ at: assetArea }).from(assets).where(inArray(assets.id, [...ids])).all().map((a) => a.at);
    const only = at.includes(null) ? onlySite(tx) : null;
    return unique([...sitesOfAreas(tx, unique(at)), only]);
  },
  request: (tx: Tx, id: number): Trace => sitesOfArea(tx, tx.select({ at: custodyRequests.areaId }).from(custodyRequests).where(eq(custodyRequests.id, id)).get()?.at),
  visitor: (tx: Tx, id: number): Trace => {
    const v = tx.select({ siteId: visitors.siteId }).from(visitors).where(eq(visitors.id, id)).get();
    return v ? [v.siteId] : undefined;
  },
  kiosk: (tx: Tx, id: number): Trace => {
    const k = tx.select({ areaIds: kiosks.areaIds }).from(kiosks).where(eq(kiosks.id, id)).get();
    return k ? sitesOfAreas(tx, k.areaIds) : undefined;
  },
  authorization: (tx: Tx, id: number): Trace =>
    sitesOfArea(tx, tx.select({ at: authorizations.areaId }).from(authorizations).where(eq(authorizations.id, id)).get()?.at),
  /** The sites a person's roles reach: all of them for a person of every site (only unscoped staff change those). */
  person: (tx: Tx, id: number): Trace => {
    const p = tx.select({ siteIds: people.siteIds }).from(people).where(eq(people.id, id)).get();
    if (!p) return undefined;
    return p.siteIds ?? tx.select({ id: sites.id }).from(sites).all().map((s) => s.id);
  },
  event: (tx: Tx, id: number): Trace => sitesOfArea(tx, tx.select({ at: accessEvents.areaId }).from(accessEvents).where(eq(accessEvents.id, id)).get()?.at),
  /** An incident belongs to the site where the asset it names is located, if any. */
  incident: (tx: Tx, id: number): Trace => {
    const row = tx.select({ assetId: incidents.assetId }).from(incidents).where(eq(incidents.id, id)).get();
    return row ? (row.assetId === null ? [] : (trace.asset(tx, row.assetId) ?? [])) : undefined;
  },
  /** A disposal belongs to the sites where the registered assets it names are located. */
  disposal: (tx: Tx, id: number): Trace => {
    const items = tx.select({ assetId: disposalItems.assetId }).from(disposalItems).where(eq(disposalItems.requestId, id)).all();
    return items.length ? (trace.assets(tx, unique(items.map((i) => i.assetId))) ?? []) : undefined;
  },
};

/** The where-terms of the traced lists (src/auth/scope.ts tracedInScope): incidents and disposals by their assets' locations. */
export const tracedAreas = {
  incident: (areaIds: number[]) => {
    const located = (how: 'in' | 'not in') =>
      sql`select ${incidents.id} from ${incidents} join ${assets} on ${assets.id} = ${incidents.assetId} where ${assetArea} is not null and ${assetArea} ${sql.raw(how)} (${sql.join(areaIds.map((a) => sql`${a}`), sql`, `)})`;
    return { outside: located('not in'), inside: located('in') };
  },
  disposal: (areaIds: number[]) => {
    const located = (how: 'in' | 'not in') =>
      sql`select ${disposalItems.requestId} from ${disposalItems} join ${assets} on ${assets.id} = ${disposalItems.assetId} where ${assetArea} is not null and ${assetArea} ${sql.raw(how)} (${sql.join(areaIds.map((a) => sql`${a}`), sql`, `)})`;
    return { outside: located('not in'), inside: located('in') };
  },
};

/**
 * Middleware: refuses with 403 a request whose record (named in its validated path, query or body) lies
 * outside the actor's sites. Placed after the validators it reads; unscoped actors pass without a read.
 */
export function inScope(of: (tx: Tx, c: Context<AppEnv>) => Trace): MiddlewareHandler<AppEnv> {
  const scoped: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = c.get('actor');
    if (actor && scopedSiteIds(actor) !== null) {
      const found = of(c.get('deps').db, c);
      if (found !== undefined) assertReachesAll(actor, found);
    }
    await next();
  };
  return withMeta(scoped, { errors: [403] });
}

/** The validated input of a request, for the scope middleware (the validators ran before it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const input = (c: Context<AppEnv>, target: 'param' | 'query' | 'json'): any => (c.req as any).valid(target);

/** The common case: the record named by the path's `:id`. */
export const idInScope = (kind: Exclude<keyof typeof trace, 'areas' | 'assets'>) => inScope((tx, c) => trace[kind](tx, input(c, 'param').id));

/** Middleware for what covers every site at once: staff limited to some sites are refused. */
export const unscopedOnly: MiddlewareHandler<AppEnv> = withMeta<MiddlewareHandler<AppEnv>>(
  async (c, next) => {
    const actor = c.get('actor');
    if (actor) assertUnscoped(actor);
    await next();
  },
  { errors: [403] },
);
