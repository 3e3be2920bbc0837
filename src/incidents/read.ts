import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { incidents, incidentUpdates } from '../db/schema/compliance.ts';
import { assets } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { deadlinesOf } from './deadlines.ts';
import type { Incident, IncidentUpdate } from '../db/schema/compliance.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { tracedInScope } from '../auth/scope.ts';
import { tracedAreas } from '../auth/scope-trace.ts';
import type { IncidentsQueryInput } from './schemas.ts';

function namesOf(tx: Tx, ids: (number | null)[]): Map<number, string> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted)).all().map((r) => [r.id, r.name]));
}

function updatesOf(tx: Tx, incidentIds: number[]): Map<number, IncidentUpdate[]> {
  const byIncident = new Map<number, IncidentUpdate[]>(incidentIds.map((id) => [id, []]));
  if (incidentIds.length === 0) return byIncident;
  const rows = tx.select().from(incidentUpdates).where(inArray(incidentUpdates.incidentId, incidentIds)).orderBy(asc(incidentUpdates.at), asc(incidentUpdates.id)).all();
  for (const u of rows) byIncident.get(u.incidentId)!.push(u);
  return byIncident;
}

function views(tx: Tx, rows: Incident[], now: number) {
  const updates = updatesOf(tx, rows.map((r) => r.id));
  const names = namesOf(tx, [...rows.flatMap((r) => [r.personId, r.openedBy]), ...[...updates.values()].flat().map((u) => u.personId)]);
  const assetIds = [...new Set(rows.map((r) => r.assetId).filter((i): i is number => i !== null))];
  const numbers = new Map(
    assetIds.length ? tx.select({ id: assets.id, n: assets.assetNumber }).from(assets).where(inArray(assets.id, assetIds)).all().map((a) => [a.id, a.n]) : [],
  );
  return rows.map((r) => {
    const history = updates.get(r.id)!;
    const deadlines = deadlinesOf(r.discoveredAt, history, r.closedAt ?? now);
    return {
      ...r,
      personName: r.personId === null ? null : (names.get(r.personId) ?? null),
      openedByName: r.openedBy === null ? null : (names.get(r.openedBy) ?? null),
      assetNumber: r.assetId === null ? null : (numbers.get(r.assetId) ?? null),
      discoveredAt: iso(r.discoveredAt),
      closedAt: iso(r.closedAt),
      createdAt: iso(r.createdAt),
      deadlines,
      overdue: deadlines.some((d) => d.state === 'overdue'),
      history: history.map((u) => ({ id: u.id, stage: u.stage, text: u.text, personId: u.personId, personName: u.personId === null ? null : (names.get(u.personId) ?? null), at: iso(u.at) })),
    };
  });
}

export type IncidentView = ReturnType<typeof views>[number];

/** An incident with its deadlines (met, late, overdue, pending against `now`) and its status history. */
export function incidentView(tx: Tx, row: Incident, now: number): IncidentView {
  return views(tx, [row], now)[0]!;
}

export function getIncident(deps: Deps, id: number): IncidentView {
  const row = deps.db.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) throw AppError.notFound('incident');
  return incidentView(deps.db, row, deps.clock.now());
}

/**
 * Newest discovered first. `overdue` filters on the computed deadlines, so with it the paging applies
 * after the filter (incidents are counted in tens, not millions).
 */
export function listIncidents(deps: Deps, q: IncidentsQueryInput, actor: Actor = SYSTEM) {
  const query = deps.db
    .select()
    .from(incidents)
    .where(and(q.status ? eq(incidents.status, q.status) : undefined, q.kind ? eq(incidents.kind, q.kind) : undefined, tracedInScope(deps.db, actor, incidents.id, tracedAreas.incident)))
    .orderBy(desc(incidents.discoveredAt), desc(incidents.id));
  const now = deps.clock.now();
  if (q.overdue === undefined) return { incidents: views(deps.db, query.limit(q.limit).offset(q.offset).all(), now), at: iso(now) };
  const wanted = q.overdue === 'true';
  const list = views(deps.db, query.all(), now).filter((i) => i.overdue === wanted);
  return { incidents: list.slice(q.offset, q.offset + q.limit), at: iso(now) };
}
