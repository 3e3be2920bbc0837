import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { credentials, enrolments } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import { SYSTEM } from '../actor.ts';
import { hashToken, randomToken } from './tokens.ts';
import { assertMayEnrol } from './city-accounts.ts';

export type Enrolment = typeof enrolments.$inferSelect;

export const SETUP_LINK_TTL_MS = 24 * 3600_000;
export const ENROLMENT_LINK_TTL_MS = 72 * 3600_000;

/** Whether some admin can sign in at `now`: active, inside their validity window, holding a usable passkey. */
export function hasUsableAdmin(db: Tx, now: number): boolean {
  const row = db
    .select({ id: people.id })
    .from(people)
    .innerJoin(credentials, eq(credentials.personId, people.id))
    .where(
      and(
        eq(people.status, 'active'),
        or(isNull(people.validFrom), lte(people.validFrom, now)),
        or(isNull(people.validTo), gt(people.validTo, now)),
        sql`exists (select 1 from json_each(${people.roles}) where value = 'admin')`,
        isNull(credentials.revokedAt),
        isNull(credentials.lockedAt),
      ),
    )
    .get();
  return row !== undefined;
}

function insertLink(tx: Tx, ctx: Ctx, kind: 'setup' | 'enrol', personId: number | null, ttl: number) {
  const token = randomToken();
  const now = ctx.deps.clock.now();
  const createdBy = ctx.actor.type === 'person' ? ctx.actor.id : null;
  const row = tx
    .insert(enrolments)
    .values({ tokenHash: hashToken(token), kind, personId, createdBy, createdAt: now, expiresAt: now + ttl })
    .returning()
    .get();
  const { tokenHash: _secret, ...recorded } = row;
  recordChange(tx, ctx, { action: 'enrolment.issued', entityType: 'enrolment', entityId: row.id, data: recorded });
  const path = kind === 'setup' ? 'setup' : 'enrol';
  // The token travels in the fragment, which browsers never send to a server or write to its access log.
  return { id: row.id, url: `${ctx.deps.config.rpOrigin}/${path}#${token}`, token, expiresAt: iso(row.expiresAt) };
}

/** The first-admin link. Refused once an admin can sign in: from then on admins issue enrolment links. */
export function issueSetupLink(deps: Deps, requestId: string | null = null) {
  return transact(deps.db, (tx) => {
    if (hasUsableAdmin(tx, deps.clock.now())) throw new AppError('CONFLICT', 'an admin already exists; ask them for an enrolment link');
    return insertLink(tx, { deps, actor: SYSTEM, requestId }, 'setup', null, SETUP_LINK_TTL_MS);
  });
}

/** A one-time link with which a roster person registers a passkey (their first, or another one). */
export function issueEnrolmentLink(ctx: Ctx, personId: number) {
  return transact(ctx.deps.db, (tx) => {
    const person = requirePerson(tx, personId);
    assertMayEnrol(tx, ctx, person);
    const standing = rosterStanding(person, ctx.deps.clock.now());
    if (standing !== 'ok') throw new AppError('CONFLICT', `person cannot enrol: ${standing}`);
    return insertLink(tx, ctx, 'enrol', personId, ENROLMENT_LINK_TTL_MS);
  });
}

/** The unused, unexpired link for a token, or 401. */
export function findOpenEnrolment(db: Tx, token: string, now: number): Enrolment {
  const row = db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.tokenHash, hashToken(token)), isNull(enrolments.usedAt), gt(enrolments.expiresAt, now)))
    .get();
  if (!row) throw new AppError('UNAUTHENTICATED', 'this link is unknown, already used or expired; ask an admin for a new one');
  return row;
}

/**
 * What the page behind a link shows before registration: whose link it is and until when, and nothing
 * else about the person. A dead link says why (used or expired), so the page can tell them in words;
 * the reason reveals nothing to a guesser, who never holds a real token.
 */
export function enrolmentFacts(db: Tx, token: string, now: number): { kind: 'setup' | 'enrol'; name: string | null; expiresAt: string } {
  const row = db.select().from(enrolments).where(eq(enrolments.tokenHash, hashToken(token))).get();
  if (!row) throw new AppError('UNAUTHENTICATED', 'this link is unknown; ask an admin for a new one', { reason: 'unknown' });
  if (row.usedAt !== null) throw new AppError('UNAUTHENTICATED', 'this link was already used; ask an admin for a new one', { reason: 'used', at: iso(row.usedAt) });
  if (row.expiresAt <= now) throw new AppError('UNAUTHENTICATED', 'this link has expired; ask an admin for a new one', { reason: 'expired', at: iso(row.expiresAt) });
  const person = row.personId === null ? undefined : db.select({ name: people.name }).from(people).where(eq(people.id, row.personId)).get();
  return { kind: row.kind, name: person?.name ?? null, expiresAt: iso(row.expiresAt) };
}
