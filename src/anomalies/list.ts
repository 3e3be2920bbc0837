import { and, desc, eq, gte, lt } from 'drizzle-orm';
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
  limit: number;
}

/** Anomalies detected in [from, to), newest first, with the person's and the area's names. */
export function listAnomalies(deps: Deps, q: AnomaliesQuery, actor: Actor = SYSTEM) {
  const rows = deps.db
    .select({ anomaly: anomalies, personName: people.name, areaName: areas.name })
    .from(anomalies)
    .leftJoin(people, eq(people.id, anomalies.personId))
    .leftJoin(areas, eq(areas.id, anomalies.areaId))
    .where(and(gte(anomalies.detectedAt, q.from), lt(anomalies.detectedAt, q.to), q.kind ? eq(anomalies.kind, q.kind) : undefined, q.personId ? eq(anomalies.personId, q.personId) : undefined, areaInScope(deps.db, actor, anomalies.areaId, true)))
    .orderBy(desc(anomalies.detectedAt), desc(anomalies.id))
    .limit(q.limit)
    .all();
  return { anomalies: rows.map((r) => ({ ...anomalyView(r.anomaly), label: ANOMALY_WORDS[r.anomaly.kind], personName: r.personName, areaName: r.areaName })) };
}
