import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact } from '../db/client.ts';
import { badges } from '../db/schema/access.ts';
import { credentials, enrolments } from '../db/schema/auth.ts';
import { recordChange } from '../journal/append.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { markOffboarded } from '../roster/service.ts';
import { iso } from '../http/fields.ts';
import { outstandingOf } from './outstanding.ts';
import type { OffboardInput } from './schemas.ts';

/**
 * Offboarding (A5, B8) as one action in one transaction: the person becomes offboarded, and every
 * passkey, session, badge and open enrolment link of theirs stops working at the same instant. One
 * journal entry lists all of it and what is still out with them.
 */
export function offboardPerson(ctx: Ctx, personId: number, input: OffboardInput) {
  return transact(ctx.deps.db, (tx) => {
    const person = markOffboarded(tx, ctx, personId);
    const now = ctx.deps.clock.now();
    const sessionsRevoked = revokeSessions(tx, { personId }, now);
    const passkeys = tx
      .update(credentials)
      .set({ revokedAt: now })
      .where(and(eq(credentials.personId, personId), isNull(credentials.revokedAt)))
      .returning({ id: credentials.id })
      .all();
    const revokedBadges = tx
      .update(badges)
      .set({ revokedAt: now, revokeReason: 'offboarded' })
      .where(and(eq(badges.personId, personId), isNull(badges.revokedAt)))
      .returning({ serial: badges.serial })
      .all();
    // An unused enrolment link would be refused anyway (the person is not in good standing); closing it keeps the list honest.
    const links = tx
      .update(enrolments)
      .set({ expiresAt: now })
      .where(and(eq(enrolments.personId, personId), isNull(enrolments.usedAt), gt(enrolments.expiresAt, now)))
      .returning({ id: enrolments.id })
      .all();
    const revoked = {
      passkeys: passkeys.map((p) => p.id),
      sessions: sessionsRevoked,
      badges: revokedBadges.map((b) => b.serial),
      enrolmentLinks: links.map((l) => l.id),
    };
    const still = outstandingOf(tx, personId);
    recordChange(tx, ctx, {
      action: 'person.offboarded',
      entityType: 'person',
      entityId: personId,
      data: {
        ...person,
        reason: input.reason,
        approvalRef: input.approvalRef ?? null,
        revoked,
        outstanding: { assetIds: still.assets.map((a) => a.id), loaned: still.loanedItems.map((i) => (i.type === 'badge' ? { badgeSerial: i.serial } : { assetId: i.asset.id })) },
      },
    });
    return { person: { id: person.id, name: person.name, status: person.status, updatedAt: iso(person.updatedAt) }, revoked, ...still, cleared: still.outstanding === 0 };
  });
}
