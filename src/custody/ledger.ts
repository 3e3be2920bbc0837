import { contractOfSite } from '../contract/service.ts';
import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { accessEvents } from '../db/schema/access.ts';
import { assets, custodyApprovals, custodyRequests, movements } from '../db/schema/custody.ts';
import { people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';
import { dayBounds, eraDate } from '../time.ts';
import { signoffView, type SignoffView } from '../ledger/build.ts';
import type { LedgerArea } from '../ledger/content.ts';
import { requireLedgerArea } from '../ledger/query.ts';
import type { Asset } from '../assets/read.ts';
import type { MovementRefusal } from './words.ts';
import { cityColumn } from '../city/state.ts';
import { cityWords } from '../city/words.ts';

/** One asset's carry-in and carry-out, paired: either half may lie outside the day, or be missing. */
export interface CustodyRow {
  assetId: number;
  assetNumber: string;
  kind: Asset['kind'];
  ownerType: Asset['ownerType'];
  classification: Asset['classification'];
  carriedInAt: string | null;
  carriedOutAt: string | null;
  inMovementId: number | null;
  outMovementId: number | null;
  carriers: string[];
  /** The carriers' organisations as identified at the door. */
  companies: string[];
  /** The purposes of the requests the movements were made under. */
  purposes: string[];
  requestIds: number[];
  approvers: { name: string; onTheSpot: boolean }[];
  /** The 責任者 (F2) of the requests, blank for requests made before one was asked for. */
  responsibles: string[];
  /** 甲's permission (F1) on each request, in words. */
  cityPermissions: string[];
  destination: string;
  expectedReturnAt: string | null;
  /**
   * Set only when true or present, so that the content (and the digest a sign-off holds) of a day
   * without round trips or keyed-in numbers reads exactly as before these existed.
   */
  roundTrip?: true;
  /** A half whose 管理番号 was keyed in at the kiosk, with the name of whoever confirmed it (手入力（警備員確認）). */
  keyedIn?: { direction: 'in' | 'out'; confirmedBy: string }[];
}

export interface CustodyRefusalRow {
  movementId: number;
  at: string;
  direction: 'in' | 'out';
  assetNumber: string | null;
  scannedCode: string;
  name: string;
  reason: MovementRefusal | null;
  requestId: number | null;
  /** Keyed in at the kiosk rather than scanned (set only then, like CustodyRow's). */
  keyedIn?: true;
}

/** What the digest covers: everything printed on the 持込・持出管理簿 except the sign-off. */
export interface CustodyLedgerContent {
  ledger: 'custody';
  area: LedgerArea;
  day: string;
  eraDay: string;
  rows: CustodyRow[];
  refusals: CustodyRefusalRow[];
  totals: { carriedIn: number; carriedOut: number; refusals: number };
}

export interface CustodyLedger extends CustodyLedgerContent {
  digest: string;
  signoff: SignoffView | null;
  generatedAt: string;
  /** The 受託業務名 printed in the head, outside the digest (see DailyLedger). */
  contractName: string | null;
}

const confirmers = alias(people, 'confirmers');

const COLUMNS = {
  id: movements.id,
  assetId: movements.assetId,
  requestId: movements.requestId,
  direction: movements.direction,
  result: movements.result,
  refusalReason: movements.refusalReason,
  scannedCode: movements.scannedCode,
  occurredAt: movements.occurredAt,
  /** The name as identified at the door, like the 入退室管理簿; the roster name if the event has none. */
  name: sql<string>`coalesce(${accessEvents.nameSnapshot}, ${people.name}, '')`,
  company: sql<string>`coalesce(${accessEvents.affiliationSnapshot}, '')`,
  keyedIn: movements.keyedIn,
  keyedBy: confirmers.name,
};
type MovementRow = typeof movements.$inferSelect;
type Move = Pick<MovementRow, 'id' | 'assetId' | 'requestId' | 'direction' | 'result' | 'refusalReason' | 'scannedCode' | 'occurredAt' | 'keyedIn'> & { name: string; company: string; keyedBy: string | null };

function movesOf(db: Tx, where: ReturnType<typeof and>, order = asc(movements.occurredAt)) {
  return db
    .select(COLUMNS)
    .from(movements)
    .leftJoin(accessEvents, eq(accessEvents.id, movements.accessEventId))
    .leftJoin(people, eq(people.id, movements.personId))
    .leftJoin(confirmers, eq(confirmers.id, movements.keyedById))
    .where(where)
    .orderBy(order, asc(movements.id));
}

/** The asset's last carry-in to the area before the day: the other half of a carry-out with no carry-in that day. */
function carryInBefore(db: Tx, areaId: number, assetId: number, start: number): Move | null {
  return (
    movesOf(db, and(eq(movements.assetId, assetId), eq(movements.areaId, areaId), eq(movements.direction, 'in'), eq(movements.result, 'accepted'), lt(movements.occurredAt, start)), desc(movements.occurredAt))
      .limit(1)
      .get() ?? null
  );
}

/** Pairs the day's accepted movements per asset: each carry-in with the asset's next carry-out. */
function pair(db: Tx, areaId: number, day: Move[], start: number): { in: Move | null; out: Move | null }[] {
  const pairs: { in: Move | null; out: Move | null }[] = [];
  const open = new Map<number, { in: Move | null; out: Move | null }>();
  for (const m of day) {
    if (m.direction === 'in') {
      const p = { in: m, out: null };
      pairs.push(p);
      open.set(m.assetId!, p);
    } else if (open.has(m.assetId!)) {
      open.get(m.assetId!)!.out = m;
      open.delete(m.assetId!);
    } else pairs.push({ in: carryInBefore(db, areaId, m.assetId!, start), out: m });
  }
  return pairs;
}

function approversOf(db: Tx, requestIds: number[]): Map<number, { name: string; onTheSpot: boolean }[]> {
  const out = new Map<number, { name: string; onTheSpot: boolean }[]>();
  if (requestIds.length === 0) return out;
  const rows = db
    .select({ requestId: custodyApprovals.requestId, name: people.name, onTheSpot: custodyApprovals.onTheSpot })
    .from(custodyApprovals)
    .innerJoin(people, eq(people.id, custodyApprovals.approverId))
    .where(and(inArray(custodyApprovals.requestId, requestIds), eq(custodyApprovals.decision, 'approved')))
    .orderBy(asc(custodyApprovals.at), asc(custodyApprovals.id))
    .all();
  for (const r of rows) out.set(r.requestId, [...(out.get(r.requestId) ?? []), { name: r.name, onTheSpot: r.onTheSpot }]);
  return out;
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

function rowsOf(db: Tx, pairs: { in: Move | null; out: Move | null }[]): CustodyRow[] {
  const moves = pairs.flatMap((p) => [p.in, p.out]).filter((m): m is Move => m !== null);
  const requestIds = unique(moves.map((m) => m.requestId).filter((id): id is number => id !== null));
  const approvers = approversOf(db, requestIds);
  const requests = new Map(
    (requestIds.length ? db.select().from(custodyRequests).where(inArray(custodyRequests.id, requestIds)).all() : []).map((r) => [r.id, r]),
  );
  const responsibleIds = unique([...requests.values()].map((r) => r.responsibleId).filter((id): id is number => id !== null));
  const names = new Map(responsibleIds.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, responsibleIds)).all().map((r) => [r.id, r.name]) : []);
  const assetIds = unique(moves.map((m) => m.assetId!));
  const assetRows = new Map((assetIds.length ? db.select().from(assets).where(inArray(assets.id, assetIds)).all() : []).map((a) => [a.id, a]));
  return pairs.map((p) => {
    const halves = [p.in, p.out].filter((m): m is Move => m !== null);
    const a = assetRows.get(halves[0]!.assetId!)!;
    const ids = unique(halves.map((m) => m.requestId).filter((id): id is number => id !== null));
    const carryOut = p.out?.requestId ? requests.get(p.out.requestId) : undefined;
    const roundTrip = ids.some((id) => requests.get(id)?.roundTrip === true);
    const keyed = halves.filter((m) => m.keyedIn).map((m) => ({ direction: m.direction, confirmedBy: m.keyedBy ?? '' }));
    return {
      assetId: a.id,
      assetNumber: a.assetNumber,
      kind: a.kind,
      ownerType: a.ownerType,
      classification: a.classification,
      carriedInAt: p.in ? iso(p.in.occurredAt) : null,
      carriedOutAt: p.out ? iso(p.out.occurredAt) : null,
      inMovementId: p.in?.id ?? null,
      outMovementId: p.out?.id ?? null,
      carriers: unique(halves.map((m) => m.name)),
      companies: unique(halves.map((m) => m.company).filter((c) => c !== '')),
      purposes: unique(ids.map((id) => requests.get(id)?.purpose ?? '').filter((p) => p !== '')),
      requestIds: ids,
      approvers: ids.flatMap((id) => approvers.get(id) ?? []),
      responsibles: unique(ids.map((id) => names.get(requests.get(id)?.responsibleId ?? -1) ?? '').filter((n) => n !== '')),
      cityPermissions: unique(ids.map((id) => cityWords(cityColumn(db, 'custody_request', id, requests.get(id)?.cityRequired ?? false)))),
      destination: carryOut?.destination ?? '',
      expectedReturnAt: iso(carryOut?.expectedReturnAt ?? null),
      ...(roundTrip ? { roundTrip: true as const } : {}),
      ...(keyed.length > 0 ? { keyedIn: keyed } : {}),
    };
  });
}

function assetNumbers(db: Tx, ids: number[]): Map<number, string> {
  const list = unique(ids);
  if (list.length === 0) return new Map();
  return new Map(db.select({ id: assets.id, n: assets.assetNumber }).from(assets).where(inArray(assets.id, list)).all().map((a) => [a.id, a.n]));
}

/**
 * The 持込・持出管理簿 of one area for one working day: its movements paired per asset, and its refusals.
 * It reads nothing after the day, so once the day is over its content (and a sign-off of it) is final.
 */
export function buildCustodyLedger(db: Tx, clock: { timeZone: string; now: number }, areaId: number, day: string): CustodyLedger {
  const area = requireLedgerArea(db, areaId);
  const { start, end } = dayBounds(day, clock.timeZone);
  const all = movesOf(db, and(eq(movements.areaId, areaId), gte(movements.occurredAt, start), lt(movements.occurredAt, end))).all();
  const accepted = all.filter((m) => m.result === 'accepted');
  const numbers = assetNumbers(db, all.map((m) => m.assetId).filter((id): id is number => id !== null));
  const content: CustodyLedgerContent = {
    ledger: 'custody',
    area,
    day,
    eraDay: eraDate(day, clock.timeZone),
    rows: rowsOf(db, pair(db, areaId, accepted, start)),
    refusals: all
      .filter((m) => m.result === 'refused')
      .map((m) => ({ movementId: m.id, at: iso(m.occurredAt), direction: m.direction, assetNumber: m.assetId === null ? null : (numbers.get(m.assetId) ?? null), scannedCode: m.scannedCode, name: m.name, reason: m.refusalReason, requestId: m.requestId, ...(m.keyedIn ? { keyedIn: true as const } : {}) })),
    totals: { carriedIn: accepted.filter((m) => m.direction === 'in').length, carriedOut: accepted.filter((m) => m.direction === 'out').length, refusals: all.length - accepted.length },
  };
  const digest = sha256Hex(canonicalJson(content));
  return { ...content, digest, signoff: signoffView(db, areaId, day, digest, 'custody'), generatedAt: iso(clock.now), contractName: contractOfSite(db, area.site.id)?.name ?? null };
}

export function dailyCustodyLedger(deps: Deps, areaId: number, day: string): CustodyLedger {
  return buildCustodyLedger(deps.db, { timeZone: deps.config.timeZone, now: deps.clock.now() }, areaId, day);
}
