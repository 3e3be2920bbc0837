import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { SYSTEM, type Actor } from '../actor.ts';
import { areaInScope } from '../auth/scope.ts';
import { anomalies } from '../db/schema/compliance.ts';
import { areas } from '../db/schema/areas.ts';
import { people } from '../db/schema/roster.ts';
import { ANOMALY_WORDS, type AnomalyKind } from './words.ts';
import { anomalyView } from './write.ts';

export interface AnomaliesQuery {
  from: number;
  to: number;
  kind?: AnomalyKind | undefined;
  personId?: number | undefined;
  /** The page after this anomaly (the `next` of the page before). */
  cursor?: number | undefined;
  limit: number;
}

/** After the cursor's anomaly in the list's order (detectedAt, id descending). */
function after(deps: Deps, cursor: number | undefined): SQL | undefined {
  if (cursor === undefined) return undefined;
  const at = deps.db.select({ at: anomalies.detectedAt }).from(anomalies).where(eq(anomalies.id, cursor)).get()?.at;
  return at === undefined ? undefined : or(lt(anomalies.detectedAt, at), and(eq(anomalies.detectedAt, at), lt(anomalies.id, cursor)));
}

/** Anomalies detected in [from, to), newest first, with the person's and the area's names. */
export function listAnomalies(deps: Deps, q: AnomaliesQuery, actor: Actor = SYSTEM) {
  const rows = deps.db
    .select({ anomaly: anomalies, personName: people.name, areaName: areas.name })
    .from(anomalies)
    .leftJoin(people, eq(people.id, anomalies.personId))
    .leftJoin(areas, eq(areas.id, anomalies.areaId))
    .where(and(gte(anomalies.detectedAt, q.from), lt(anomalies.detectedAt, q.to), q.kind ? eq(anomalies.kind, q.kind) : undefined, q.personId ? eq(anomalies.personId, q.personId) : undefined, areaInScope(deps.db, actor, anomalies.areaId, true), after(deps, q.cursor)))
    .orderBy(desc(anomalies.detectedAt), desc(anomalies.id))
    .limit(q.limit)
    .all();
  return {
    anomalies: rows.map((r) => ({ ...anomalyView(r.anomaly), label: ANOMALY_WORDS[r.anomaly.kind], personName: r.personName, areaName: r.areaName })),
    next: rows.length === q.limit ? rows.at(-1)!.anomaly.id : null,
  };
}
