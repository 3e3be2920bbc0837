import { and, asc, eq, isNull } from 'drizzle-orm';
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

export function listVisitors(deps: Deps, q: { onSite?: boolean; siteId?: number | undefined }) {
  return deps.db
    .select()
    .from(visitors)
    .where(and(q.onSite ? isNull(visitors.signedOutAt) : undefined, q.siteId ? eq(visitors.siteId, q.siteId) : undefined))
    .orderBy(asc(visitors.registeredAt))
    .all()
    .map(visitorView);
}
