import type { Ctx } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { placeholders, prepared } from '../db/prepared.ts';
import { anomalies } from '../db/schema/compliance.ts';
import { iso } from '../http/fields.ts';
import { openIncident } from '../incidents/service.ts';
import type { Assessment, PendingAnomaly } from './rules.ts';

export type AnomalyRow = typeof anomalies.$inferSelect;

export function anomalyView(a: AnomalyRow) {
  return { ...a, detectedAt: iso(a.detectedAt) };
}
export type AnomalyView = ReturnType<typeof anomalyView>;

type NewAnomaly = typeof anomalies.$inferInsert;
const COLUMNS = ['kind', 'personId', 'areaId', 'accessEventId', 'detectedAt', 'detail', 'incidentId'] as const satisfies readonly (keyof NewAnomaly)[];

/** Inserts one anomaly unless the same event already has one of this kind (the sweep may meet a stay twice). */
export function insertAnomaly(tx: Tx, values: Required<Pick<NewAnomaly, (typeof COLUMNS)[number]>>): AnomalyRow | undefined {
  const { changes, lastInsertRowid } = prepared(tx, 'anomalies.insert', (db) =>
    db
      .insert(anomalies)
      .values(placeholders<NewAnomaly>(COLUMNS))
      .onConflictDoNothing()
      .prepare(),
  ).run(values);
  // No RETURNING: it costs more than the insert (see insertEvent in access/record.ts); the row is what was written.
  return changes === 0 ? undefined : { id: Number(lastInsertRowid), ...values };
}

function write(tx: Tx, ctx: Ctx, event: { id: number; personId: number | null; areaId: number }, p: PendingAnomaly): AnomalyRow | undefined {
  // The incident register journals it as incident.opened, in this same transaction (E4).
  const incidentId = p.incident ? openIncident(tx, ctx, p.incident).id : null;
  return insertAnomaly(tx, { kind: p.kind, personId: event.personId, areaId: event.areaId, accessEventId: event.id, detectedAt: ctx.deps.clock.now(), detail: p.detail, incidentId });
}

/**
 * Writes the anomalies the rules found for an access event just inserted (and any incident they open),
 * in the recording transaction. Returns them for the event's journal entry.
 */
export function recordAnomalies(tx: Tx, ctx: Ctx, event: { id: number; personId: number | null; areaId: number }, assessment: Assessment): AnomalyView[] {
  if (assessment.pending.length === 0) return [];
  return assessment.pending.flatMap((p) => {
    const row = write(tx, ctx, event, p);
    return row ? [anomalyView(row)] : [];
  });
}
