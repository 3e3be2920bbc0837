import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { badges } from '../db/schema/access.ts';
import { recordChange } from '../journal/append.ts';
import { insertIncident } from '../incidents/service.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { requirePerson } from '../roster/service.ts';
import { rosterStanding } from '../roster/standing.ts';
import type { SigningKey } from '../crypto/signing-key.ts';

export type Badge = typeof badges.$inferSelect;

const PREFIX = 'LDG1';

/** The QR payload: serial and person, signed with the server's Ed25519 key (kept outside the database). */
export function badgePayload(key: SigningKey, serial: number, personId: number): string {
  const body = `${PREFIX}.${serial}.${personId}`;
  return `${body}.${key.sign(Buffer.from(body)).toString('base64url')}`;
}

// Verifying an Ed25519 signature is the costliest step of a badge check-in, and the same badges come
// back every day. A payload that verified once always verifies under the same key, so remember it.
// Only genuine payloads are remembered (forgeries cannot fill the cache); revocation is checked
// against the database on every scan, never cached.
const VERIFIED_CACHE_SIZE = 10_000;
const verified = new WeakMap<SigningKey, Map<string, { serial: number; personId: number }>>();

/** The serial and person of a payload whose signature holds, or null for anything forged, altered or garbled. */
export function readBadgePayload(key: SigningKey, payload: string): { serial: number; personId: number } | null {
  const trimmed = payload.trim();
  let cache = verified.get(key);
  const hit = cache?.get(trimmed);
  if (hit) return hit;
  const m = /^LDG1\.(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{86})$/.exec(trimmed);
  if (!m) return null;
  const body = `${PREFIX}.${m[1]}.${m[2]}`;
  // 86 characters carry 516 bits for a 512-bit signature: the decoder ignores the last character's low
  // four bits, so sixteen spellings would verify. Only the one the server wrote is a badge.
  const signature = Buffer.from(m[3]!, 'base64url');
  if (signature.toString('base64url') !== m[3] || !key.verify(Buffer.from(body), signature)) return null;
  const read = { serial: Number(m[1]), personId: Number(m[2]) };
  if (!cache) verified.set(key, (cache = new Map()));
  if (cache.size >= VERIFIED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(trimmed, read);
  return read;
}

export function badgeView(b: Badge) {
  return { serial: b.serial, personId: b.personId, issuedAt: iso(b.issuedAt), revokedAt: iso(b.revokedAt), revokeReason: b.revokeReason, status: b.revokedAt === null ? 'active' : 'revoked' };
}

/** One person, one badge (B8): issuing a new one retires the previous as replaced, in the same transaction. */
export function issueBadge(ctx: Ctx, personId: number) {
  return transact(ctx.deps.db, (tx) => {
    const person = requirePerson(tx, personId);
    if (rosterStanding(person, ctx.deps.clock.now()) !== 'ok') throw new AppError('CONFLICT', 'badges are issued only to people in good standing');
    const now = ctx.deps.clock.now();
    const replaced = tx
      .update(badges)
      .set({ revokedAt: now, revokeReason: 'replaced' })
      .where(and(eq(badges.personId, personId), isNull(badges.revokedAt)))
      .returning({ serial: badges.serial })
      .all();
    const row = tx.insert(badges).values({ personId, issuedAt: now, issuedBy: ctx.actor.type === 'person' ? ctx.actor.id : null }).returning().get();
    recordChange(tx, ctx, { action: 'badge.issued', entityType: 'badge', entityId: row.serial, data: { ...row, replacedSerials: replaced.map((r) => r.serial) } });
    return { ...badgeView(row), payload: badgePayload(ctx.deps.signingKey, row.serial, personId) };
  });
}

/** A badge reported lost or handed back is refused at every kiosk from this moment (B8). */
export function revokeBadge(ctx: Ctx, serial: number, reason: 'lost' | 'returned', note: string) {
  return transact(ctx.deps.db, (tx) => {
    const before = tx.select().from(badges).where(eq(badges.serial, serial)).get();
    if (!before) throw AppError.notFound('badge');
    if (before.revokedAt !== null) throw new AppError('CONFLICT', `badge already revoked (${before.revokeReason})`);
    const row = tx.update(badges).set({ revokedAt: ctx.deps.clock.now(), revokeReason: reason }).where(eq(badges.serial, serial)).returning().get()!;
    // E4: a lost badge is an incident; it is opened here, in the same transaction and journal entry.
    const incident = reason === 'lost' ? insertIncident(tx, ctx, { kind: 'lost_badge', title: `名札 No.${serial} の紛失`, whatLost: '名札（QRコード付き）', quantity: 1, circumstances: note, personId: row.personId, badgeSerial: serial }) : null;
    recordChange(tx, ctx, { action: reason === 'lost' ? 'badge.reported_lost' : 'badge.returned', entityType: 'badge', entityId: serial, data: { ...row, note, incident } });
    return badgeView(row);
  });
}

export function listBadges(deps: Deps, personId?: number) {
  return deps.db
    .select()
    .from(badges)
    .where(personId ? eq(badges.personId, personId) : undefined)
    .orderBy(asc(badges.serial))
    .all()
    .map(badgeView);
}

export function findBadge(tx: Tx, serial: number): Badge | undefined {
  return prepared(tx, 'badges.bySerial', (db) => db.select().from(badges).where(eq(badges.serial, sql.placeholder('serial'))).prepare()).get({ serial });
}
