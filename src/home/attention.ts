import { and, count, eq, gt, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import type { Actor } from '../actor.ts';
import type { Role } from '../db/schema/roster.ts';
import { accessEvents, ledgerSignoffs, presence } from '../db/schema/access.ts';
import { areas } from '../db/schema/areas.ts';
import { custodyApprovals, custodyRequests } from '../db/schema/custody.ts';
import { disposalRequests } from '../db/schema/compliance.ts';
import { submissions } from '../db/schema/submissions.ts';
import { areaInScope, scopedAreaIds, scopedSiteIds } from '../auth/scope.ts';
import { contractorApproved } from '../custody/approvals.ts';
import { outside } from '../custody/views.ts';
import { listIncidents } from '../incidents/read.ts';
import { cityPending } from '../city/pending.ts';
import { dayBounds, workingDay } from '../time.ts';

/** What home lists as needing someone today, each for the roles that act on it (issue 17, item 2). */
export const ATTENTION_ITEMS = ['carry_approvals', 'disposal_approvals', 'city_permissions', 'city_paper', 'city_receipts', 'missing_exits', 'overdue_returns', 'incident_deadlines', 'unsigned_ledgers'] as const;
export type AttentionItem = (typeof ATTENTION_ITEMS)[number];

export interface Attention {
  item: AttentionItem;
  count: number;
  /** 甲's permissions waiting, by kind: carry-in/out, disposal, network connection, production data. */
  kinds?: { custody: number; disposal: number; network: number; productionData: number };
  /** The oldest unsigned ledger, where its link opens. */
  first?: { areaId: number; day: string };
}

const ACTS_ON: Record<AttentionItem, readonly Role[]> = {
  carry_approvals: ['guard', 'supervisor'],
  disposal_approvals: ['supervisor'],
  city_permissions: ['city'],
  city_paper: ['city'],
  city_receipts: ['city'],
  missing_exits: ['guard', 'supervisor', 'admin'],
  overdue_returns: ['guard', 'supervisor', 'admin'],
  incident_deadlines: ['supervisor', 'admin', 'guard'],
  unsigned_ledgers: ['supervisor'],
};

/** How far back an unsigned day's ledger is still listed: after a week it is the monthly report's business. */
const LEDGER_DAYS_BACK = 7;

type Person = Extract<Actor, { type: 'person' }>;

/** The items the person's roles act on, with their counts in the person's sites (zero included). */
export function attentionFor(ctx: Ctx, actor: Person): Attention[] {
  const deps = ctx.deps;
  let read: ReturnType<typeof cityPending> | undefined;
  const pending = () => (read ??= cityPending(ctx));
  const count: Record<AttentionItem, () => Attention> = {
    carry_approvals: () => ({ item: 'carry_approvals', count: carryApprovals(deps, actor) }),
    disposal_approvals: () => ({ item: 'disposal_approvals', count: disposalApprovals(deps, actor) }),
    city_permissions: () => {
      const p = pending();
      const kinds = { custody: p.custody.length, disposal: p.disposal.length, network: p.network.length, productionData: p.productionData.length };
      return { item: 'city_permissions', count: kinds.custody + kinds.disposal + kinds.network + kinds.productionData, kinds };
    },
    city_paper: () => ({ item: 'city_paper', count: pending().paper.length }),
    city_receipts: () => ({ item: 'city_receipts', count: awaitingReceipt(deps, actor) }),
    missing_exits: () => ({ item: 'missing_exits', count: missingExits(deps, actor) }),
    overdue_returns: () => ({ item: 'overdue_returns', count: outside(deps, true, actor).overdueCount }),
    incident_deadlines: () => ({ item: 'incident_deadlines', count: incidentDeadlines(deps, actor) }),
    unsigned_ledgers: () => unsignedLedgers(deps, actor),
  };
  return ATTENTION_ITEMS.filter((i) => ACTS_ON[i].some((r) => actor.roles.includes(r))).map((i) => count[i]());
}

/**
 * Submitted requests this person may decide now: the kind their role decides (carry-in by a guard or
 * supervisor, carry-out by a supervisor), not their own, not already decided by them, and not one whose
 * contractor approvals are in and which waits only for 甲.
 */
function carryApprovals(deps: Deps, actor: Person): number {
  const db = deps.db;
  const kinds = actor.roles.includes('supervisor') ? (['carry_in', 'carry_out'] as const) : (['carry_in'] as const);
  const decided = db.select({ id: custodyApprovals.requestId }).from(custodyApprovals).where(eq(custodyApprovals.approverId, actor.id));
  return db
    .select()
    .from(custodyRequests)
    .where(
      and(
        eq(custodyRequests.status, 'submitted'),
        gt(custodyRequests.windowTo, deps.clock.now()),
        inArray(custodyRequests.kind, [...kinds]),
        ne(custodyRequests.requesterId, actor.id),
        sql`(${custodyRequests.carrierId} is null or ${custodyRequests.carrierId} <> ${actor.id})`,
        sql`${custodyRequests.id} not in ${decided}`,
        areaInScope(db, actor, custodyRequests.areaId),
      ),
    )
    .all()
    .filter((r) => !(r.cityRequired && contractorApproved(db, r))).length;
}

function disposalApprovals(deps: Deps, actor: Person): number {
  const sites = scopedSiteIds(actor);
  const row = deps.db
    .select({ n: count() })
    .from(disposalRequests)
    .where(and(eq(disposalRequests.status, 'submitted'), ne(disposalRequests.requesterId, actor.id), sites === null ? undefined : inArray(disposalRequests.siteId, sites.length ? [...sites] : [-1])))
    .get();
  return row?.n ?? 0;
}

/** Documents submitted to 甲 at the person's sites and not yet received or returned (F3). */
function awaitingReceipt(deps: Deps, actor: Person): number {
  const sites = scopedSiteIds(actor);
  const row = deps.db
    .select({ n: count() })
    .from(submissions)
    .where(and(eq(submissions.status, 'submitted'), sites === null ? undefined : inArray(submissions.siteId, sites.length ? [...sites] : [-1])))
    .get();
  return row?.n ?? 0;
}

/** People and visitors still inside since before today: a forgotten exit, or a night shift to check. */
function missingExits(deps: Deps, actor: Person): number {
  const { start } = dayBounds(workingDay(deps.clock.now(), deps.config.timeZone), deps.config.timeZone);
  const row = deps.db
    .select({ n: count() })
    .from(presence)
    .where(and(lt(presence.enteredAt, start), areaInScope(deps.db, actor, presence.areaId)))
    .get();
  return row?.n ?? 0;
}

/** Open incidents with a report still due (pending or overdue). */
function incidentDeadlines(deps: Deps, actor: Person): number {
  const { incidents } = listIncidents(deps, { status: 'open', limit: 1000, offset: 0 }, actor);
  return incidents.filter((i) => i.deadlines.some((d) => d.state === 'pending' || d.state === 'overdue')).length;
}

/** Area-days of the last week before today with accepted entries or exits and no standing sign-off (B13). */
function unsignedLedgers(deps: Deps, actor: Person): Attention {
  const tz = deps.config.timeZone;
  const db = deps.db;
  const ids = scopedAreaIds(db, actor);
  let day = workingDay(deps.clock.now(), tz);
  const open: { areaId: number; day: string }[] = [];
  for (let i = 0; i < LEDGER_DAYS_BACK; i++) {
    day = workingDay(dayBounds(day, tz).start - 1, tz);
    const { start, end } = dayBounds(day, tz);
    const signed = db
      .select({ areaId: ledgerSignoffs.areaId })
      .from(ledgerSignoffs)
      .where(and(eq(ledgerSignoffs.day, day), eq(ledgerSignoffs.ledger, 'access'), isNull(ledgerSignoffs.supersededAt)));
    const rows = db
      .selectDistinct({ areaId: accessEvents.areaId })
      .from(accessEvents)
      .innerJoin(areas, eq(areas.id, accessEvents.areaId))
      .where(
        and(
          eq(accessEvents.result, 'accepted'),
          gte(accessEvents.occurredAt, start),
          lt(accessEvents.occurredAt, end),
          sql`${accessEvents.areaId} not in ${signed}`,
          ids === null ? undefined : inArray(accessEvents.areaId, ids.length ? ids : [-1]),
        ),
      )
      .all();
    open.push(...rows.map((r) => ({ areaId: r.areaId, day })));
  }
  const oldest = open.at(-1);
  return { item: 'unsigned_ledgers', count: open.length, ...(oldest ? { first: oldest } : {}) };
}
