import { and, eq, gte, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { presence } from '../db/schema/access.ts';
import { anomalies, incidents } from '../db/schema/compliance.ts';
import { assets } from '../db/schema/custody.ts';
import { kiosks } from '../db/schema/kiosks.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { openIncident } from '../incidents/service.ts';
import { roundTripsInside } from '../custody/round-trips.ts';
import { readSettings } from './settings.ts';
import { anomalyView, insertAnomaly, type AnomalyView } from './write.ts';

const HOUR = 3_600_000;

/** Whoever has been inside longer than the setting: one long_stay anomaly per stay, keyed on its entry. */
function longStays(tx: Tx, now: number): AnomalyView[] {
  const hours = readSettings(tx).longStayHours;
  if (hours === 0) return [];
  const stays = tx.select().from(presence).where(lt(presence.enteredAt, now - hours * HOUR)).all();
  return stays.flatMap((s) => {
    const row = insertAnomaly(tx, {
      kind: 'long_stay',
      personId: s.personId,
      areaId: s.areaId,
      accessEventId: s.entryEventId,
      detectedAt: now,
      detail: { stillInside: true, entryEventId: s.entryEventId, enteredAt: iso(s.enteredAt), hours: Math.floor((now - s.enteredAt) / HOUR), limitHours: hours, visitorId: s.visitorId },
      incidentId: null,
    });
    return row ? [anomalyView(row)] : [];
  });
}

/** Assets carried out whose expected return has passed (C10, E4): one open incident per asset. */
function overdueAssets(tx: Tx, ctx: Ctx, now: number) {
  const overdue = tx
    .select()
    .from(assets)
    .where(and(inArray(assets.status, ['outside', 'on_loan']), isNull(assets.locationAreaId), lt(assets.expectedReturnAt, now)))
    .all();
  if (overdue.length === 0) return [];
  const open = new Set(
    tx
      .select({ assetId: incidents.assetId })
      .from(incidents)
      .where(and(eq(incidents.kind, 'overdue_asset'), eq(incidents.status, 'open'), inArray(incidents.assetId, overdue.map((a) => a.id))))
      .all()
      .map((i) => i.assetId),
  );
  return overdue
    .filter((a) => !open.has(a.id))
    .map((a) => {
      const incident = openIncident(tx, ctx, {
        kind: 'overdue_asset',
        title: `返却期限超過（管理番号 ${a.assetNumber}）`,
        whatLost: `${a.assetNumber} ${a.description}`.trim(),
        quantity: 1,
        location: '',
        circumstances: `返却予定 ${iso(a.expectedReturnAt!)} を過ぎても持込（返却）の記録がない。`,
        personId: a.custodianId,
        assetId: a.id,
        discoveredAt: now,
      });
      return { assetId: a.id, assetNumber: a.assetNumber, expectedReturnAt: iso(a.expectedReturnAt!), incidentId: incident.id };
    });
}

/**
 * Items of a round trip (持込（当日持出）) still inside after its window closed: they were to leave the
 * same visit. One anomaly per carry-in (keyed on its movement), found once; no incident, since the item
 * is inside the area it was approved into: someone must take it out or request to keep it.
 */
function overdueRoundTrips(tx: Tx, now: number): AnomalyView[] {
  const due = roundTripsInside(tx, { dueBefore: now });
  if (due.length === 0) return [];
  const since = Math.min(...due.map((d) => d.dueOutAt));
  const seen = new Set(
    tx
      .select({ detail: anomalies.detail })
      .from(anomalies)
      .where(and(eq(anomalies.kind, 'round_trip_overdue'), gte(anomalies.detectedAt, since)))
      .all()
      .map((a) => a.detail.movementId),
  );
  return due
    .filter((d) => !seen.has(d.movementId))
    .map((d) =>
      anomalyView(
        insertAnomaly(tx, {
          kind: 'round_trip_overdue',
          personId: d.personId,
          areaId: d.areaId,
          accessEventId: null,
          detectedAt: now,
          detail: { assetId: d.assetId, assetNumber: d.assetNumber, requestId: d.requestId, movementId: d.movementId, carriedInAt: iso(d.carriedInAt), dueOutAt: iso(d.dueOutAt) },
          incidentId: null,
        })!,
      ),
    );
}

/** Kiosks not heard from for `kioskSilentAfterMinutes` (issue 19): one open incident per silent kiosk. */
function silentKiosks(tx: Tx, ctx: Ctx, now: number) {
  const minutes = ctx.deps.config.kioskSilentAfterMinutes;
  if (minutes === 0) return [];
  const silent = tx
    .select()
    .from(kiosks)
    .where(and(isNotNull(kiosks.tokenHash), isNull(kiosks.revokedAt), lt(kiosks.lastSeenAt, now - minutes * 60_000)))
    .all();
  const title = (name: string) => `受付端末「${name}」からの連絡が途絶えています`;
  const open = new Set(tx.select({ title: incidents.title }).from(incidents).where(and(eq(incidents.kind, 'other'), eq(incidents.status, 'open'))).all().map((i) => i.title));
  return silent
    .filter((k) => !open.has(title(k.name)))
    .map((k) => {
      const queue = k.queueSize ? `未送信 ${k.queueSize}件${k.queueOldestAt ? `（最も古いもの ${iso(k.queueOldestAt)}）` : ''}` : '未送信の報告なし';
      const incident = openIncident(tx, ctx, {
        kind: 'other',
        title: title(k.name),
        location: k.name,
        circumstances: `最終接続 ${iso(k.lastSeenAt!)}。${queue}。端末の電源・ネットワークを確認してください。`,
        discoveredAt: now,
      });
      return { kioskId: k.id, name: k.name, lastSeenAt: iso(k.lastSeenAt!), incidentId: incident.id };
    });
}

/**
 * The periodic sweep (B7, E4): stays still open past the long-stay limit, assets overdue for return, and
 * round-trip items still inside after their window.
 * Run from the CLI (`sweep`) or by a supervisor; one journal entry when it found anything, none when not.
 */
export function sweepAnomalies(ctx: Ctx) {
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const stays = longStays(tx, now);
    const overdue = overdueAssets(tx, ctx, now);
    const silent = silentKiosks(tx, ctx, now);
    const roundTrips = overdueRoundTrips(tx, now);
    const result = { at: iso(now), longStays: stays, overdueAssets: overdue, silentKiosks: silent, overdueRoundTrips: roundTrips };
    if (stays.length > 0 || overdue.length > 0 || silent.length > 0 || roundTrips.length > 0) {
      recordChange(tx, ctx, { action: 'anomalies.swept', entityType: 'anomaly', entityId: 'sweep', data: { longStays: stays, overdueAssets: overdue, silentKiosks: silent, overdueRoundTrips: roundTrips } });
    }
    return result;
  });
}
