import { asc, eq } from 'drizzle-orm';
import type { Ctx, Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { credentials } from '../db/schema/auth.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { revokeSession, revokeSessions } from './sessions.ts';
import type { Credential } from './assertion.ts';

/** A credential as the journal records it: the public key as base64url text. */
export function credentialRecord(c: Credential) {
  const { publicKey, ...rest } = c;
  return { ...rest, publicKey: publicKey.toString('base64url') };
}

function view(c: Credential) {
  return {
    id: c.id,
    personId: c.personId,
    name: c.name,
    transports: c.transports,
    createdAt: iso(c.createdAt),
    lastUsedAt: iso(c.lastUsedAt),
    revokedAt: iso(c.revokedAt),
    lockedAt: iso(c.lockedAt),
    status: c.revokedAt !== null ? 'revoked' : c.lockedAt !== null ? 'locked' : 'active',
  };
}

export function listPasskeys(deps: Deps, personId: number) {
  requirePerson(deps.db, personId);
  return deps.db.select().from(credentials).where(eq(credentials.personId, personId)).orderBy(asc(credentials.createdAt)).all().map(view);
}

/** Admins may act on anyone's passkeys; everyone else only on their own. */
function requireOwnOrAdmin(ctx: Ctx, credentialId: string): Credential {
  const row = ctx.deps.db.select().from(credentials).where(eq(credentials.id, credentialId)).get();
  const actor = ctx.actor;
  const isAdmin = actor.type === 'person' && actor.roles.includes('admin');
  if (!row || (!isAdmin && !(actor.type === 'person' && actor.id === row.personId))) throw AppError.notFound('passkey');
  return row;
}

export function revokePasskey(ctx: Ctx, credentialId: string) {
  const before = requireOwnOrAdmin(ctx, credentialId);
  if (before.revokedAt !== null) throw new AppError('CONFLICT', 'passkey already revoked');
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const row = tx.update(credentials).set({ revokedAt: now }).where(eq(credentials.id, credentialId)).returning().get()!;
    // A revoked key may have been stolen: whatever was signed in with it ends now too.
    const sessionsRevoked = revokeSessions(tx, { credentialId }, now);
    recordChange(tx, ctx, { action: 'credential.revoked', entityType: 'credential', entityId: row.id, data: { ...credentialRecord(row), sessionsRevoked } });
    return view(row);
  });
}

export function renamePasskey(ctx: Ctx, credentialId: string, name: string) {
  requireOwnOrAdmin(ctx, credentialId);
  return transact(ctx.deps.db, (tx) => {
    const row = tx.update(credentials).set({ name }).where(eq(credentials.id, credentialId)).returning().get()!;
    recordChange(tx, ctx, { action: 'credential.renamed', entityType: 'credential', entityId: row.id, data: credentialRecord(row) });
    return view(row);
  });
}

export function signOut(ctx: Ctx) {
  if (ctx.actor.type !== 'person' || !ctx.actor.sessionId) throw new AppError('UNAUTHENTICATED', 'not signed in');
  const sessionId = ctx.actor.sessionId;
  transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    if (!revokeSession(tx, sessionId, now)) throw new AppError('UNAUTHENTICATED', 'session already ended');
    recordChange(tx, ctx, { action: 'session.revoked', entityType: 'session', entityId: sessionId, data: { sessionId, revokedAt: now, reason: 'sign_out' } });
  });
}
