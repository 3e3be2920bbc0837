import { and, asc, count, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { areas } from '../db/schema/areas.ts';
import { anomalies, ANOMALY_KINDS, disposalItems, disposalRecords, incidents, INCIDENT_KINDS, trainingRecords } from '../db/schema/compliance.ts';
import { assets, custodyApprovals, custodyRequests, MOVEMENT_REFUSALS, movements } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';
import type { AnomalyKind } from '../anomalies/words.ts';
import { LIST_LIMIT } from './month-access.ts';
import type { AssetRow } from './as-of.ts';
import { assetInSite, type SiteScope } from './site-scope.ts';

type Counts<K extends string> = Record<K, number>;
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Counts<K>;

/** Movements scanned at the site's kiosks and the requests for its areas decided in the month (C9, E1). */
export function custodyMonth(db: Tx, scope: SiteScope, start: number, end: number) {
  const out = { carriedIn: 0, carriedOut: 0, refused: 0, refusalsByReason: zeros(MOVEMENT_REFUSALS), decisions: { carry_in: { approved: 0, rejected: 0 }, carry_out: { approved: 0, rejected: 0 } }, onTheSpot: 0 };
  for (const areaId of scope.areaIds) {
    const groups = db
      .select({ direction: movements.direction, result: movements.result, reason: movements.refusalReason, n: count() })
      .from(movements)
      .where(and(eq(movements.areaId, areaId), gte(movements.occurredAt, start), lt(movements.occurredAt, end)))
      .groupBy(movements.direction, movements.result, movements.refusalReason)
      .all();
    for (const g of groups) {
      if (g.result === 'refused') {
        out.refused += g.n;
        if (g.reason) out.refusalsByReason[g.reason] += g.n;
      } else if (g.direction === 'in') out.carriedIn += g.n;
      else out.carriedOut += g.n;
    }
  }
  const decided = scope.areaIds.length === 0 ? [] : db
    .select({ approval: custodyApprovals, kind: custodyRequests.kind, approverName: people.name })
    .from(custodyApprovals)
    .innerJoin(custodyRequests, eq(custodyRequests.id, custodyApprovals.requestId))
    .innerJoin(people, eq(people.id, custodyApprovals.approverId))
    .where(and(inArray(custodyRequests.areaId, scope.areaIds), gte(custodyApprovals.at, start), lt(custodyApprovals.at, end)))
    .orderBy(asc(custodyApprovals.at), asc(custodyApprovals.id))
    .all();
  for (const d of decided) {
    out.decisions[d.kind][d.approval.decision] += 1;
    if (d.approval.onTheSpot) out.onTheSpot += 1;
  }
  const approvals = decided.slice(0, LIST_LIMIT).map((d) => ({ requestId: d.approval.requestId, kind: d.kind, decision: d.approval.decision, approverName: d.approverName, onTheSpot: d.approval.onTheSpot, at: iso(d.approval.at) }));
  return { ...out, approvals };
}

/**
 * What was carried in and not out, and carried out and not back, at `at`, from the assets as they stood
 * then (StateAsOf); overdue when the return date had passed (C10). Names are today's. Only the site's
 * assets: inside one of its areas, or away after a last movement through one (assetInSite).
 */
export function assetsAt(db: Tx, scope: SiteScope, asOf: AssetRow[], at: number) {
  const names = (table: typeof people | typeof areas, ids: (number | null)[]) => {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    return new Map(wanted.length ? db.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, wanted)).all().map((r) => [r.id, r.name]) : []);
  };
  const held = asOf.filter((a) => (a.status === 'inside' || a.status === 'outside' || a.status === 'on_loan') && assetInSite(scope, a, at)).sort((x, y) => (x.assetNumber < y.assetNumber ? -1 : x.assetNumber > y.assetNumber ? 1 : 0));
  const custodians = names(people, held.map((a) => a.custodianId));
  const places = names(areas, held.map((a) => a.locationAreaId));
  const rows = held.map((asset) => ({ asset, custodianName: asset.custodianId === null ? null : (custodians.get(asset.custodianId) ?? null), areaName: asset.locationAreaId === null ? null : (places.get(asset.locationAreaId) ?? null) }));
  const view = (r: (typeof rows)[number]) => ({
    assetId: r.asset.id,
    assetNumber: r.asset.assetNumber,
    kind: r.asset.kind,
    ownerType: r.asset.ownerType,
    status: r.asset.status,
    areaName: r.areaName,
    custodianName: r.custodianName,
    expectedReturnAt: iso(r.asset.expectedReturnAt),
  });
  const inside = rows.filter((r) => r.asset.status === 'inside');
  const away = rows.filter((r) => r.asset.status !== 'inside');
  const overdue = away.filter((r) => r.asset.expectedReturnAt !== null && r.asset.locationAreaId === null && r.asset.expectedReturnAt < at);
  return { at: iso(at), inside: inside.length, outside: away.length, overdue: overdue.length, insideList: inside.slice(0, LIST_LIMIT).map(view), outsideList: away.slice(0, LIST_LIMIT).map(view), overdueList: overdue.slice(0, LIST_LIMIT).map(view) };
}

/** Training (A4) of the people active at the month's end (`active`), as of then: current, expired only, or none on record. */
export function trainingMonth(db: Tx, start: number, end: number, active: number[]) {
  const records = db.select({ personId: trainingRecords.personId, completedAt: trainingRecords.completedAt, expiresAt: trainingRecords.expiresAt }).from(trainingRecords).where(lt(trainingRecords.completedAt, end)).all();
  const current = new Set<number>();
  const any = new Set<number>();
  for (const r of records) {
    any.add(r.personId);
    if (r.expiresAt === null || r.expiresAt >= end) current.add(r.personId);
  }
  return {
    recordsKept: records.length > 0,
    activePeople: active.length,
    current: active.filter((id) => current.has(id)).length,
    expired: active.filter((id) => any.has(id) && !current.has(id)).length,
    untrained: active.filter((id) => !any.has(id)).length,
    completedInMonth: records.filter((r) => r.completedAt >= start).length,
  };
}

/**
 * Whether an incident is the site's: its asset was the site's when it was discovered, or its person is
 * one of the site's people. An incident that names neither belongs to no site of several (decision 0022).
 */
function incidentInSite(db: Tx, scope: SiteScope, r: { assetId: number | null; personId: number | null; discoveredAt: number }): boolean {
  if (scope.only) return true;
  if (r.personId !== null && scope.hasPerson(r.personId)) return true;
  return r.assetId !== null && assetAreaIn(db, scope, r.assetId, r.discoveredAt + 1);
}

/** Whether an asset's last movement before `before`, or else its recorded place, lies in the site. */
function assetAreaIn(db: Tx, scope: SiteScope, assetId: number, before: number): boolean {
  const moved = scope.lastArea(assetId, before);
  if (moved !== null) return scope.hasArea(moved);
  return scope.hasArea(db.select({ areaId: assets.locationAreaId }).from(assets).where(eq(assets.id, assetId)).get()?.areaId ?? null);
}

/** The site's incidents discovered in the month, and how many were still open at its end (E4). */
export function incidentsMonth(db: Tx, scope: SiteScope, start: number, end: number) {
  const rows = db.select().from(incidents).where(and(gte(incidents.discoveredAt, start), lt(incidents.discoveredAt, end))).orderBy(asc(incidents.discoveredAt), asc(incidents.id)).all().filter((r) => incidentInSite(db, scope, r));
  const byKind = zeros(INCIDENT_KINDS);
  for (const r of rows) byKind[r.kind] += 1;
  // Open at the end: discovered before it, and not closed before it (closed_at is set when one closes).
  const openNow = db
    .select({ assetId: incidents.assetId, personId: incidents.personId, discoveredAt: incidents.discoveredAt })
    .from(incidents)
    .where(and(lt(incidents.discoveredAt, end), or(isNull(incidents.closedAt), gte(incidents.closedAt, end))))
    .all()
    .filter((r) => incidentInSite(db, scope, r)).length;
  const list = rows.slice(0, LIST_LIMIT).map((r) => ({ id: r.id, kind: r.kind, title: r.title, location: r.location, discoveredAt: iso(r.discoveredAt), status: r.status, closedAt: iso(r.closedAt) }));
  return { total: rows.length, byKind, openNow, list };
}

/** Anomalies the rules found in the month (B7) in the site's areas. */
export function anomaliesMonth(db: Tx, scope: SiteScope, start: number, end: number) {
  if (!scope.only && scope.areaIds.length === 0) return { total: 0, byKind: zeros<AnomalyKind>(ANOMALY_KINDS), list: [] };
  const rows = db
    .select({ a: anomalies, personName: people.name, areaName: areas.name })
    .from(anomalies)
    .leftJoin(people, eq(people.id, anomalies.personId))
    .leftJoin(areas, eq(areas.id, anomalies.areaId))
    // With one site, every anomaly is its own, one that names no area too.
    .where(and(scope.only ? undefined : inArray(anomalies.areaId, scope.areaIds), gte(anomalies.detectedAt, start), lt(anomalies.detectedAt, end)))
    .orderBy(asc(anomalies.detectedAt), asc(anomalies.id))
    .all();
  const byKind = zeros<AnomalyKind>(ANOMALY_KINDS);
  for (const r of rows) byKind[r.a.kind] += 1;
  const list = rows.slice(0, LIST_LIMIT).map((r) => ({ id: r.a.id, kind: r.a.kind, detectedAt: iso(r.a.detectedAt), personName: r.personName, areaName: r.areaName, accessEventId: r.a.accessEventId, incidentId: r.a.incidentId }));
  return { total: rows.length, byKind, list };
}

/**
 * Whether a disposal is the site's. A disposal request names no site: it is the site's when one of its
 * items' assets was the site's when it was carried out (last movement, else recorded place), or, for a
 * disposal of media that are not registered assets, when its responsible person is one of the site's people.
 */
function disposalInSite(db: Tx, scope: SiteScope, r: { requestId: number; executedAt: number; responsiblePersonId: number }): boolean {
  if (scope.only) return true;
  const assetIds = db.select({ assetId: disposalItems.assetId }).from(disposalItems).where(eq(disposalItems.requestId, r.requestId)).all().map((i) => i.assetId).filter((id): id is number => id !== null);
  if (assetIds.length === 0) return scope.hasPerson(r.responsiblePersonId);
  return assetIds.some((id) => assetAreaIn(db, scope, id, r.executedAt + 1));
}

/** The site's disposals carried out in the month (D2): their certificates are printed by the disposal feature. */
export function disposalsMonth(db: Tx, scope: SiteScope, start: number, end: number) {
  const rows = db.select().from(disposalRecords).where(and(gte(disposalRecords.executedAt, start), lt(disposalRecords.executedAt, end))).orderBy(asc(disposalRecords.executedAt)).all().filter((r) => disposalInSite(db, scope, r));
  return { total: rows.length, list: rows.slice(0, LIST_LIMIT).map((r) => ({ id: r.id, requestId: r.requestId, executedAt: iso(r.executedAt), method: r.method, vendor: r.vendor, certificateNumber: r.certificateNumber })) };
}
