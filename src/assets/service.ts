import { and, asc, eq, isNull, like, or, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { assets, ASSET_KINDS } from '../db/schema/custody.ts';
import { recordChange } from '../journal/append.ts';
import { insertIncident } from '../incidents/service.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { workingDay } from '../time.ts';
import { tagPayload } from './tag.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { areaInScope, isCity, reachesSite } from '../auth/scope.ts';
import { assetArea, onlySite } from '../auth/scope-trace.ts';
import type { AssetInput, AssetPatchInput } from './schemas.ts';
import { assetView, requireAsset, findAssetByNumber, type Asset } from './read.ts';
import { assertNetworkPermitted, networkResponsibles, networkStates } from '../city/network.ts';

type Kind = (typeof ASSET_KINDS)[number];

const KINDS_WITH_STORAGE: ReadonlySet<Kind> = new Set(['laptop', 'desktop', 'tablet', 'smartphone', 'usb_memory', 'external_disk', 'optical_media']);

/** The next free number for the configured format, e.g. A2026-00042. */
function nextAssetNumber(tx: Tx, deps: Deps): string {
  const year = workingDay(deps.clock.now(), deps.config.timeZone).slice(0, 4);
  const format = deps.config.assetNumberFormat.replace('{YYYY}', year);
  const m = /\{SEQ:(\d)\}/.exec(format)!;
  const [prefix, suffix] = [format.slice(0, m.index), format.slice(m.index + m[0].length)];
  const width = Number(m[1]);
  const taken = tx
    .select({ n: assets.assetNumber })
    .from(assets)
    .where(like(assets.assetNumber, `${prefix.replace(/[%_]/g, '')}%`))
    .all()
    .map((r) => Number(r.n.slice(prefix.length, r.n.length - suffix.length)))
    .filter(Number.isInteger);
  const next = (taken.length ? Math.max(...taken) : 0) + 1;
  return `${prefix}${String(next).padStart(width, '0')}${suffix}`;
}

/** Inserts one asset in the caller's transaction (single create and CSV import share it). */
function insertAsset(tx: Tx, ctx: Ctx, input: AssetInput, field: string): Asset {
  if (input.custodianId !== null) requirePerson(tx, input.custodianId, `${field}.custodianId`);
  // 第9条2 (C7, F1): where the policy reserves network connection to 甲, a new device cannot come marked.
  if (input.networkApproved && input.ownerType !== 'personal') assertNetworkPermitted(tx, ctx, null, `${field}.networkApproved`);
  const number = input.assetNumber ?? nextAssetNumber(tx, ctx.deps);
  if (findAssetByNumber(tx, number)) throw AppError.conflict(`${field}.assetNumber`, `asset number ${number} is already registered`);
  const now = ctx.deps.clock.now();
  return tx
    .insert(assets)
    .values({
      ...input,
      assetNumber: number,
      hasStorage: input.hasStorage ?? KINDS_WITH_STORAGE.has(input.kind),
      // C4/C7: a personal device is registered only so that the kiosk can recognise and refuse it.
      networkApproved: input.ownerType === 'personal' ? false : input.networkApproved,
      status: 'registered',
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

export function createAsset(ctx: Ctx, input: AssetInput) {
  return transact(ctx.deps.db, (tx) => {
    const row = insertAsset(tx, ctx, input, 'body');
    recordChange(tx, ctx, { action: 'asset.registered', entityType: 'asset', entityId: row.id, data: row });
    return assetView(row);
  });
}

/** A first inventory from CSV: all rows or none, one journal entry listing every asset registered. */
export function importAssets(ctx: Ctx, rows: AssetInput[]) {
  return transact(ctx.deps.db, (tx) => {
    const created = rows.map((r, i) => insertAsset(tx, ctx, r, `body.rows.${i}`));
    recordChange(tx, ctx, { action: 'assets.imported', entityType: 'asset', entityId: 'import', data: { count: created.length, assets: created } });
    return created.map(assetView);
  });
}

export function updateAsset(ctx: Ctx, id: number, patch: AssetPatchInput) {
  return transact(ctx.deps.db, (tx) => {
    const before = requireAsset(tx, id);
    if (patch.custodianId != null) requirePerson(tx, patch.custodianId, 'body.custodianId');
    if (patch.networkApproved && before.ownerType === 'personal') throw AppError.field('body.networkApproved', 'personal devices are never approved for the network (C7)');
    // 第9条2 (C7, F1): marking a device network-approved needs 甲's prior permission where the site's policy says so.
    if (patch.networkApproved && !before.networkApproved) assertNetworkPermitted(tx, ctx, id, 'body.networkApproved');
    const row = tx.update(assets).set({ ...patch, updatedAt: ctx.deps.clock.now() }).where(eq(assets.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'asset.updated', entityType: 'asset', entityId: id, data: row });
    return assetView(row);
  });
}

/** An asset reported lost, or handed back to its owner (the city, at contract end). */
export function setAssetStatus(ctx: Ctx, id: number, status: 'lost' | 'returned', note: string) {
  return transact(ctx.deps.db, (tx) => {
    const before = requireAsset(tx, id);
    if (before.status === 'disposed') throw new AppError('CONFLICT', 'asset was disposed of');
    if (before.status === status) throw new AppError('CONFLICT', `asset is already ${status}`);
    const row = tx.update(assets).set({ status, locationAreaId: null, updatedAt: ctx.deps.clock.now() }).where(eq(assets.id, id)).returning().get()!;
    // E4: a lost asset is an incident, opened in the same transaction and journal entry.
    const incident =
      status === 'lost'
        ? insertIncident(tx, ctx, { kind: before.kind === 'security_key' ? 'lost_security_key' : 'lost_asset', title: `${before.assetNumber} の紛失`, whatLost: before.description || before.assetNumber, quantity: 1, circumstances: note, personId: before.custodianId, assetId: id })
        : null;
    recordChange(tx, ctx, { action: status === 'lost' ? 'asset.reported_lost' : 'asset.returned', entityType: 'asset', entityId: id, data: { ...row, note, incident } });
    return assetView(row);
  });
}

export function listAssets(
  deps: Deps,
  q: { q?: string | undefined; status?: Asset['status'] | undefined; areaId?: number | undefined; custodianId?: number | undefined; kind?: Kind | undefined; limit: number; offset: number },
  actor: Actor = SYSTEM,
) {
  const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = deps.db
    .select()
    .from(assets)
    .where(
      and(
        pattern
          ? or(sql`${assets.assetNumber} like ${pattern} escape '\\'`, sql`${assets.serialNumber} like ${pattern} escape '\\'`, sql`${assets.description} like ${pattern} escape '\\'`)
          : undefined,
        q.status ? eq(assets.status, q.status) : undefined,
        q.areaId ? eq(assets.locationAreaId, q.areaId) : undefined,
        q.custodianId ? eq(assets.custodianId, q.custodianId) : undefined,
        q.kind ? eq(assets.kind, q.kind) : undefined,
        inScope(deps, actor),
      ),
    )
    .orderBy(asc(assets.assetNumber))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  // The registry is the list of network-approved devices (C7): each row says where 甲's permission stands.
  const city = networkStates(deps.db, deps.config, rows);
  const responsible = networkResponsibles(deps.db, rows);
  return rows.map((r) => ({ ...assetView(r), networkCity: city.get(r.id)!, networkResponsible: responsible.get(r.id) ?? null }));
}

/**
 * The registry rows in the actor's sites. An asset that never moved belongs to no site, which 甲 does not
 * see — except in a single-site installation, where it is the only site's (trace.asset, decision 0022).
 */
function inScope(deps: Deps, actor: Actor) {
  const located = areaInScope(deps.db, actor, assetArea, true);
  if (located === undefined || !isCity(actor)) return located;
  const only = onlySite(deps.db);
  return only !== null && reachesSite(actor, only) ? or(isNull(assetArea), located) : located;
}

export function getAsset(deps: Deps, id: number) {
  return assetView(requireAsset(deps.db, id));
}
