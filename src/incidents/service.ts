import { eq } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { incidents, incidentUpdates, INCIDENT_KINDS, type Incident, type IncidentUpdate } from '../db/schema/compliance.ts';
import { badges } from '../db/schema/access.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { requirePerson } from '../roster/service.ts';
import { requireAsset } from '../assets/read.ts';
import type { IncidentBodyInput, UpdateInput } from './schemas.ts';
import { incidentView } from './read.ts';

export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** What an incident records (E4, 003 §12: what was lost, how many, where, how it happened). */
export interface IncidentInput {
  kind: IncidentKind;
  title: string;
  /** Epoch ms when it was discovered; the deadlines count from here. Defaults to the clock's now. */
  discoveredAt?: number;
  whatLost?: string;
  quantity?: number | null;
  location?: string;
  circumstances?: string;
  personId?: number | null;
  assetId?: number | null;
  badgeSerial?: number | null;
}

/**
 * Inserts an incident in the caller's transaction WITHOUT a journal entry: for an action whose own
 * single journal entry records the incident it opened (a loaned item reported lost at offboarding).
 * The caller must put the returned row in that entry's data.
 */
export function insertIncident(tx: Tx, ctx: Ctx, input: IncidentInput): Incident {
  const now = ctx.deps.clock.now();
  return tx
    .insert(incidents)
    .values({
      kind: input.kind,
      title: input.title,
      whatLost: input.whatLost ?? '',
      quantity: input.quantity ?? null,
      location: input.location ?? '',
      circumstances: input.circumstances ?? '',
      personId: input.personId ?? null,
      assetId: input.assetId ?? null,
      badgeSerial: input.badgeSerial ?? null,
      discoveredAt: input.discoveredAt ?? now,
      openedBy: ctx.actor.type === 'person' ? ctx.actor.id : null,
      status: 'open',
      createdAt: now,
    })
    .returning()
    .get();
}

/**
 * Opens an incident in the caller's transaction and journals it as `incident.opened` (one entry).
 * For automatic incidents (repeated refusals, overdue assets): call it inside the transaction that
 * detected the condition. Referenced ids must exist (a foreign-key failure is a bug, not bad input).
 */
export function openIncident(tx: Tx, ctx: Ctx, input: IncidentInput): Incident {
  const row = insertIncident(tx, ctx, input);
  recordChange(tx, ctx, { action: 'incident.opened', entityType: 'incident', entityId: row.id, data: row });
  return row;
}

/** An incident opened by staff on the console: references are checked and named as 400s. */
export function reportIncident(ctx: Ctx, input: IncidentBodyInput) {
  return transact(ctx.deps.db, (tx) => {
    if (input.discoveredAt > ctx.deps.clock.now()) throw AppError.field('body.discoveredAt', 'is in the future');
    if (input.personId !== null) requirePerson(tx, input.personId, 'body.personId');
    if (input.assetId !== null) requireAsset(tx, input.assetId, 'body.assetId');
    if (input.badgeSerial !== null && !tx.select({ serial: badges.serial }).from(badges).where(eq(badges.serial, input.badgeSerial)).get()) {
      throw AppError.unknown('body.badgeSerial', 'badge');
    }
    return incidentView(tx, openIncident(tx, ctx, input), ctx.deps.clock.now());
  });
}

export function requireIncident(tx: Tx, id: number): Incident {
  const row = tx.select().from(incidents).where(eq(incidents.id, id)).get();
  if (!row) throw AppError.notFound('incident');
  return row;
}

function requireOpen(row: Incident): void {
  if (row.status !== 'open') throw new AppError('CONFLICT', `incident ${row.id} is closed`);
}

function insertUpdate(tx: Tx, ctx: Ctx, incidentId: number, stage: IncidentUpdate['stage'], text: string): IncidentUpdate {
  const personId = ctx.actor.type === 'person' ? ctx.actor.id : null;
  return tx.insert(incidentUpdates).values({ incidentId, stage, text, personId, at: ctx.deps.clock.now() }).returning().get();
}

/** A report stage made (first report, details, corrective plan, corrective action) or a note: the status history. */
export function addIncidentUpdate(ctx: Ctx, id: number, input: UpdateInput) {
  return transact(ctx.deps.db, (tx) => {
    const row = requireIncident(tx, id);
    requireOpen(row);
    const update = insertUpdate(tx, ctx, id, input.stage, input.text);
    recordChange(tx, ctx, { action: 'incident.update_recorded', entityType: 'incident', entityId: id, data: { incident: row, update } });
    return incidentView(tx, row, ctx.deps.clock.now());
  });
}

/** Closes an incident with a final note; unreported stages stay visible on its report. */
export function closeIncident(ctx: Ctx, id: number, note: string) {
  return transact(ctx.deps.db, (tx) => {
    requireOpen(requireIncident(tx, id));
    const now = ctx.deps.clock.now();
    const update = insertUpdate(tx, ctx, id, 'closed', note);
    const row = tx.update(incidents).set({ status: 'closed', closedAt: now }).where(eq(incidents.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'incident.closed', entityType: 'incident', entityId: id, data: { incident: row, update } });
    return incidentView(tx, row, now);
  });
}
