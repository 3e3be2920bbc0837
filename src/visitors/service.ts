import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { visitors, presence } from '../db/schema/access.ts';
import { sites } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import { NOTICES } from '../notices.ts';
import type { Actor } from '../actor.ts';
import { scopedSiteIds } from '../auth/scope.ts';

export type Visitor = typeof visitors.$inferSelect;


export const ID_TYPES = ['drivers_license', 'my_number_card', 'passport', 'residence_card', 'employee_id', 'other'] as const;

export function visitorView(v: Visitor) {
  return { ...v, registeredAt: iso(v.registeredAt), signedOutAt: iso(v.signedOutAt), status: v.signedOutAt === null ? 'on_site' : 'signed_out' };
}

export function registerVisitor(ctx: Ctx, input: { name: string; affiliation: string; purpose: string; idType: (typeof ID_TYPES)[number]; escortPersonId: number; siteId: number }) {
  return transact(ctx.deps.db, (tx) => {
    const escort = requirePerson(tx, input.escortPersonId, 'body.escortPersonId');
    if (rosterStanding(escort, ctx.deps.clock.now()) !== 'ok') throw AppError.field('body.escortPersonId', 'the escort must be an active roster person');
    if (!tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId)).get()) throw AppError.unknown('body.siteId', 'site');
    const row = tx
      .insert(visitors)
      .values({ ...input, registeredBy: ctx.actor.type === 'person' ? ctx.actor.id : null, registeredAt: ctx.deps.clock.now(), noticeVersion: NOTICES.visitor.version })
      .returning()
      .get();
    recordChange(tx, ctx, { action: 'visitor.registered', entityType: 'visitor', entityId: row.id, data: row });
    return visitorView(row);
  });
}

/** Signing a visitor out ends the visit; they must have left every area first (the guard records the exit). */
export function signOutVisitor(ctx: Ctx, id: number) {
  return transact(ctx.deps.db, (tx) => {
    const before = tx.select().from(visitors).where(eq(visitors.id, id)).get();
    if (!before) throw AppError.notFound('visitor');
    if (before.signedOutAt !== null) throw new AppError('CONFLICT', 'visitor already signed out');
    if (tx.select({ a: presence.areaId }).from(presence).where(eq(presence.visitorId, id)).get()) {
      throw new AppError('CONFLICT', 'the visitor is still inside an area: record their exit first');
    }
    const row = tx.update(visitors).set({ signedOutAt: ctx.deps.clock.now() }).where(eq(visitors.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'visitor.signed_out', entityType: 'visitor', entityId: id, data: row });
    return visitorView(row);
  });
}

export const VISITOR_STATUSES = ['on_site', 'signed_out'] as const;

export interface VisitorsFilter {
  status?: (typeof VISITOR_STATUSES)[number] | undefined;
  siteId?: number | undefined;
  /** When registered: [start, end) in epoch ms. */
  start?: number | undefined;
  end?: number | undefined;
  /** The page after this visitor (the `next` of the page before). */
  cursor?: number | undefined;
  limit: number;
}

/**
 * Visitors by registration time, status and site, newest first (issue 18 item 5): only the actor's sites,
 * read through the registration-time index; `next` is the cursor of the following page, null at the end.
 */
export function listVisitors(deps: Deps, q: VisitorsFilter, actor: Actor) {
  const sites = scopedSiteIds(actor);
  const conditions: (SQL | undefined)[] = [
    q.status === 'on_site' ? isNull(visitors.signedOutAt) : q.status === 'signed_out' ? isNotNull(visitors.signedOutAt) : undefined,
    q.siteId !== undefined ? eq(visitors.siteId, q.siteId) : undefined,
    sites === null ? undefined : inArray(visitors.siteId, [...sites]),
    q.start !== undefined ? gte(visitors.registeredAt, q.start) : undefined,
    q.end !== undefined ? lt(visitors.registeredAt, q.end) : undefined,
  ];
  if (q.cursor !== undefined) {
    const after = deps.db.select({ at: visitors.registeredAt }).from(visitors).where(eq(visitors.id, q.cursor)).get();
    if (after) conditions.push(or(lt(visitors.registeredAt, after.at), and(eq(visitors.registeredAt, after.at), lt(visitors.id, q.cursor))));
  }
  const rows = deps.db
    .select()
    .from(visitors)
    .where(and(...conditions))
    .orderBy(desc(visitors.registeredAt), desc(visitors.id))
    .limit(q.limit)
    .all();
  return { visitors: rows.map(visitorView), next: rows.length === q.limit ? rows.at(-1)!.id : null };
}
