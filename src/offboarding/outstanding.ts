import { and, asc, eq, isNull, notInArray, or } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { badges } from '../db/schema/access.ts';
import { assets } from '../db/schema/custody.ts';
import { iso } from '../http/fields.ts';
import { assetView, type Asset } from '../assets/read.ts';
import { badgeView, type Badge } from '../badges/service.ts';
import { requirePerson } from '../roster/service.ts';

/** An asset in these states is no longer anyone's to hand back. */
export const SETTLED_ASSET_STATUSES: Asset['status'][] = ['lost', 'disposed', 'returned'];

/**
 * A badge is out with its holder until it comes back or is reported lost: still active, or revoked at
 * offboarding ('offboarded') and not yet handed in. Once handed in its reason becomes 'returned' or
 * 'lost'; a badge 'replaced' by a newer one is settled when the newer one is issued.
 */
export function badgeOutstanding(b: Pick<Badge, 'revokedAt' | 'revokeReason'>): boolean {
  return b.revokedAt === null || b.revokeReason === 'offboarded';
}

export function assetOutstanding(a: Pick<Asset, 'status'>): boolean {
  return !SETTLED_ASSET_STATUSES.includes(a.status);
}

/** Every asset in a person's custody and every item loaned to them, not yet returned or reported lost (A5, B8, C10). */
export function outstandingOf(tx: Tx, personId: number) {
  const held = tx
    .select()
    .from(assets)
    .where(and(eq(assets.custodianId, personId), notInArray(assets.status, SETTLED_ASSET_STATUSES)))
    .orderBy(asc(assets.assetNumber))
    .all();
  const out = tx
    .select()
    .from(badges)
    .where(and(eq(badges.personId, personId), or(isNull(badges.revokedAt), eq(badges.revokeReason, 'offboarded'))))
    .orderBy(asc(badges.serial))
    .all();
  const loaned = [
    ...out.map((b) => ({ type: 'badge' as const, ...badgeView(b) })),
    ...held.filter((a) => a.kind === 'security_key').map((a) => ({ type: 'security_key' as const, asset: assetView(a) })),
  ];
  return { assets: held.filter((a) => a.kind !== 'security_key').map(assetView), loanedItems: loaned, outstanding: held.length + out.length };
}

/** The offboarding checklist of one person: their standing, and what is still out with them. */
export function offboardingView(deps: Deps, personId: number) {
  const p = requirePerson(deps.db, personId);
  const items = outstandingOf(deps.db, personId);
  return { person: { id: p.id, name: p.name, kana: p.kana, status: p.status }, ...items, cleared: items.outstanding === 0, at: iso(deps.clock.now()) };
}
