import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { sessions } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { rosterStanding, type Person } from '../roster/standing.ts';
import { hashToken, randomToken } from './tokens.ts';

export type Session = typeof sessions.$inferSelect;

// Writing last_seen_at on every request would turn every read into a write; a minute is fine-grained enough for idle expiry.
const TOUCH_EVERY_MS = 60_000;

export function sessionCookieName(deps: Deps): string {
  return deps.config.rpOrigin.startsWith('https:') ? '__Host-ledger_session' : 'ledger_session';
}

/** Creates a session inside the caller's transaction. The token leaves here once and is never stored. */
export function insertSession(tx: Tx, deps: Deps, personId: number, credentialId: string | null): { token: string; session: Session } {
  const token = randomToken();
  const now = deps.clock.now();
  const session = tx
    .insert(sessions)
    .values({
      id: randomUUID(),
      tokenHash: hashToken(token),
      personId,
      credentialId,
      csrfToken: randomToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + deps.config.sessionAbsoluteMs,
    })
    .returning()
    .get();
  return { token, session };
}

/** The live session and its person for a cookie token, or null (unknown, revoked, idle, expired, person not in good standing). */
export function resolveSession(deps: Deps, token: string): { session: Session; person: Person } | null {
  const now = deps.clock.now();
  const row = deps.db
    .select({ session: sessions, person: people })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(eq(sessions.tokenHash, hashToken(token)))
    .get();
  if (!row) return null;
  const { session, person } = row;
  if (session.revokedAt !== null || now >= session.expiresAt || now - session.lastSeenAt >= deps.config.sessionIdleMs) return null;
  if (rosterStanding(person, now) !== 'ok') return null;
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    deps.db.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, session.id), sql`${sessions.revokedAt} is null`)).run();
  }
  return row;
}

export function revokeSession(tx: Tx, sessionId: string, now: number): boolean {
  return tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), sql`${sessions.revokedAt} is null`)).run().changes === 1;
}

/**
 * Ends every live session of a person (suspension, offboarding) or opened with one passkey (revoked or
 * locked), in the caller's transaction. Returns how many ended.
 */
export function revokeSessions(tx: Tx, of: { personId: number } | { credentialId: string }, now: number): number {
  const owner = 'personId' in of ? eq(sessions.personId, of.personId) : eq(sessions.credentialId, of.credentialId);
  return tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(owner, sql`${sessions.revokedAt} is null`))
    .run().changes;
}
