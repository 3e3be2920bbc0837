import { and, asc, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { areas } from '../db/schema/areas.ts';
import { assets, custodyRequestItems, custodyRequests, movements } from '../db/schema/custody.ts';
import { journal } from '../db/schema/journal.ts';
import { people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';
import { assetView, requireAsset, type Asset } from '../assets/read.ts';
import { requirePerson } from '../roster/service.ts';
import { personActor } from './query.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { areaInScope } from '../auth/scope.ts';
import { assetArea } from '../auth/scope-trace.ts';
import { requestView } from './request-view.ts';
import { movementView } from './movements.ts';
import { roundTripsInside } from './round-trips.ts';

const custodian = { id: people.id, name: people.name };

/** An asset with its custodian's name, and for an asset away on loan whether its return is overdue (C10). */
function custodyRow(a: Asset, custodianName: string | null, now: number) {
  return { ...assetView(a), custodianName, overdue: a.expectedReturnAt !== null && a.locationAreaId === null && a.expectedReturnAt < now };
}

/**
 * For assets inside on a round trip (持込（当日持出）): the request, when it is due out, and whether that
 * has passed (the sweep flags it as round_trip_overdue).
 */
function roundTripsOf(db: Tx, assetIds: number[], now: number) {
  return new Map(
    roundTripsInside(db, { assetIds }).map((s) => [s.assetId, { requestId: s.requestId, dueOutAt: iso(s.dueOutAt)!, overdue: s.dueOutAt <= now }]),
  );
}

type RoundTrip = ReturnType<typeof roundTripsOf> extends Map<number, infer V> ? V : never;

/** Every asset carried in and not carried out, by area (C10): at any moment, and at contract end. */
export function insideByArea(deps: Deps, areaId?: number, actor: Actor = SYSTEM) {
  const rows = deps.db
    .select({ asset: assets, areaName: areas.name, custodian })
    .from(assets)
    .innerJoin(areas, eq(areas.id, assets.locationAreaId))
    .leftJoin(people, eq(people.id, assets.custodianId))
    .where(and(eq(assets.status, 'inside'), areaId ? eq(assets.locationAreaId, areaId) : undefined, areaInScope(deps.db, actor, assets.locationAreaId)))
    .orderBy(asc(areas.name), asc(assets.assetNumber))
    .all();
  const now = deps.clock.now();
  const trips = roundTripsOf(deps.db, rows.map((r) => r.asset.id), now);
  const byArea = new Map<number, { areaId: number; areaName: string; assets: (ReturnType<typeof custodyRow> & { roundTrip: RoundTrip | null })[] }>();
  for (const r of rows) {
    const id = r.asset.locationAreaId!;
    if (!byArea.has(id)) byArea.set(id, { areaId: id, areaName: r.areaName, assets: [] });
    byArea.get(id)!.assets.push({ ...custodyRow(r.asset, r.custodian?.name ?? null, now), roundTrip: trips.get(r.asset.id) ?? null });
  }
  return { areas: [...byArea.values()], at: iso(now) };
}

/** Everything carried out and not back: on loan with an expected return (overdue flagged), or out for good. */
export function outside(deps: Deps, onlyOverdue: boolean, actor: Actor = SYSTEM) {
  const now = deps.clock.now();
  const rows = deps.db
    .select({ asset: assets, custodian })
    .from(assets)
    .leftJoin(people, eq(people.id, assets.custodianId))
    .where(and(inArray(assets.status, ['outside', 'on_loan']), areaInScope(deps.db, actor, assetArea, true)))
    .orderBy(asc(assets.expectedReturnAt), asc(assets.assetNumber))
    .all()
    .map((r) => custodyRow(r.asset, r.custodian?.name ?? null, now));
  const list = onlyOverdue ? rows.filter((r) => r.overdue) : rows;
  return { assets: list, overdueCount: rows.filter((r) => r.overdue).length, at: iso(now) };
}

/** What one person holds now, and the requests they made or carry. */
export function personCustody(deps: Deps, personId: number, actor: Actor = SYSTEM) {
  const db = deps.db;
  const person = requirePerson(db, personId);
  const now = deps.clock.now();
  const held = db
    .select()
    .from(assets)
    .where(and(eq(assets.custodianId, personId), inArray(assets.status, ['inside', 'outside', 'on_loan']), areaInScope(db, actor, assetArea, true)))
    .orderBy(asc(assets.assetNumber))
    .all()
    .map((a) => custodyRow(a, person.name, now));
  const requests = db
    .select()
    .from(custodyRequests)
    .where(and(or(eq(custodyRequests.requesterId, personId), eq(custodyRequests.carrierId, personId)), areaInScope(db, actor, custodyRequests.areaId)))
    .orderBy(desc(custodyRequests.id))
    .limit(100)
    .all()
    .map((r) => requestView(db, r, now));
  return { person: { id: person.id, name: person.name }, assets: held, requests, at: iso(now) };
}

export function myCustody(ctx: Ctx) {
  return personCustody(ctx.deps, personActor(ctx).id);
}

/**
 * The journal entries about an asset: its own, and those of its movements and requests. These entity
 * types record assets, requests and movements, never a person's contact or nationality (A6).
 */
function journalOf(db: Tx, assetId: number, movementIds: number[], requestIds: number[]) {
  const refs = [
    and(eq(journal.entityType, 'asset'), eq(journal.entityId, String(assetId))),
    movementIds.length ? and(eq(journal.entityType, 'movement'), inArray(journal.entityId, movementIds.map(String))) : undefined,
    requestIds.length ? and(eq(journal.entityType, 'custody_request'), inArray(journal.entityId, requestIds.map(String))) : undefined,
  ];
  return db
    .select({ seq: journal.seq, at: journal.at, action: journal.action, entityType: journal.entityType, entityId: journal.entityId, actorType: journal.actorType, actorId: journal.actorId, actorName: journal.actorName, data: journal.data })
    .from(journal)
    .where(or(...refs))
    .orderBy(asc(journal.seq))
    .all()
    .map((e) => ({ ...e, at: iso(e.at), data: e.data === null ? null : (JSON.parse(e.data) as unknown) }));
}

/** An asset's whole story (C10): the requests that named it, their approvals, its movements and journal entries. */
export function assetHistory(deps: Deps, assetId: number) {
  const db = deps.db;
  const asset = requireAsset(db, assetId);
  const now = deps.clock.now();
  const requestIds = db
    .selectDistinct({ id: custodyRequestItems.requestId })
    .from(custodyRequestItems)
    .where(eq(custodyRequestItems.assetId, assetId))
    .all()
    .map((r) => r.id);
  const requests = requestIds.length
    ? db.select().from(custodyRequests).where(inArray(custodyRequests.id, requestIds)).orderBy(asc(custodyRequests.id)).all().map((r) => requestView(db, r, now))
    : [];
  const moves = db.select().from(movements).where(and(isNotNull(movements.assetId), eq(movements.assetId, assetId))).orderBy(asc(movements.occurredAt), asc(movements.id)).all();
  const holder = asset.custodianId === null ? null : (db.select(custodian).from(people).where(eq(people.id, asset.custodianId)).get() ?? null);
  return {
    asset: custodyRow(asset, holder?.name ?? null, now),
    requests,
    movements: moves.map(movementView),
    journal: journalOf(db, assetId, moves.map((m) => m.id), requestIds),
  };
}
