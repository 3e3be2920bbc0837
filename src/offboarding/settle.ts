import { eq } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { badges } from '../db/schema/access.ts';
import { assets } from '../db/schema/custody.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { assetView, requireAsset } from '../assets/read.ts';
import { badgeView } from '../badges/service.ts';
import { KIND_LABELS } from '../assets/labels.ts';
import { requirePerson } from '../roster/service.ts';
import { type Person } from '../roster/standing.ts';
import { insertIncident } from '../incidents/service.ts';
import type { Incident } from '../db/schema/compliance.ts';
import { incidentView } from '../incidents/read.ts';
import { assetOutstanding, badgeOutstanding, outstandingOf } from './outstanding.ts';
import type { SettleInput } from './schemas.ts';

// Why not revokeBadge / setAssetStatus: each opens its own transaction and writes its own journal
// entry, and revokeBadge refuses a badge already revoked at offboarding. Here the item's change and the
// incident a loss opens commit together under one entry, with the same action names those services use.

/** The person must be offboarded; a discovery time cannot lie ahead. Checked before anything is written. */
function checkSettlement(tx: Tx, ctx: Ctx, personId: number, input: SettleInput): Person {
  if (input.discoveredAt !== undefined && input.discoveredAt > ctx.deps.clock.now()) throw AppError.field('body.discoveredAt', 'is in the future');
  const person = requirePerson(tx, personId);
  if (person.status !== 'offboarded') {
    throw new AppError('CONFLICT', `person is ${person.status}: items are settled here after offboarding (use the badge and asset routes otherwise)`);
  }
  return person;
}

function lossIncident(tx: Tx, ctx: Ctx, input: SettleInput, base: { kind: Incident['kind']; title: string; whatLost: string; personId: number; assetId?: number; badgeSerial?: number }) {
  return insertIncident(tx, ctx, { ...base, quantity: 1, location: input.location, circumstances: input.circumstances, ...(input.discoveredAt === undefined ? {} : { discoveredAt: input.discoveredAt }) });
}

function result(tx: Tx, ctx: Ctx, personId: number, incident: Incident | null) {
  const still = outstandingOf(tx, personId);
  return { incident: incident && incidentView(tx, incident, ctx.deps.clock.now()), outstanding: still.outstanding, cleared: still.outstanding === 0 };
}

/** A loaned badge handed back, or reported lost (B8): a loss opens a lost_badge incident in the same transaction. */
export function settleBadge(ctx: Ctx, personId: number, serial: number, input: SettleInput) {
  return transact(ctx.deps.db, (tx) => {
    const person = checkSettlement(tx, ctx, personId, input);
    const before = tx.select().from(badges).where(eq(badges.serial, serial)).get();
    if (!before || before.personId !== personId) throw AppError.notFound('badge');
    if (!badgeOutstanding(before)) throw new AppError('CONFLICT', `badge ${serial} is already settled (${before.revokeReason})`);
    const row = tx
      .update(badges)
      .set({ revokedAt: before.revokedAt ?? ctx.deps.clock.now(), revokeReason: input.outcome })
      .where(eq(badges.serial, serial))
      .returning()
      .get()!;
    const incident =
      input.outcome === 'lost'
        ? lossIncident(tx, ctx, input, { kind: 'lost_badge', title: `名札の紛失（シリアル ${serial}、${person.name}）`, whatLost: `QR名札 シリアル ${serial}`, personId, badgeSerial: serial })
        : null;
    const action = input.outcome === 'lost' ? 'badge.reported_lost' : 'badge.returned';
    recordChange(tx, ctx, { action, entityType: 'badge', entityId: serial, data: { ...row, note: input.note, offboarding: true, incident } });
    return { badge: badgeView(row), ...result(tx, ctx, personId, incident) };
  });
}

/**
 * An asset in the leaver's custody handed back (custody ends: the custodian is cleared, where it is
 * does not change) or reported lost (status lost, out of any area; a lost_asset or lost_security_key
 * incident opens in the same transaction).
 */
export function settleAsset(ctx: Ctx, personId: number, assetId: number, input: SettleInput) {
  return transact(ctx.deps.db, (tx) => {
    const person = checkSettlement(tx, ctx, personId, input);
    const before = requireAsset(tx, assetId);
    if (before.custodianId !== personId) throw AppError.notFound('asset in this person\u2019s custody');
    if (!assetOutstanding(before)) throw new AppError('CONFLICT', `asset ${before.assetNumber} is already ${before.status}`);
    const now = ctx.deps.clock.now();
    const change = input.outcome === 'lost' ? { status: 'lost' as const, locationAreaId: null, expectedReturnAt: null } : { custodianId: null };
    const row = tx.update(assets).set({ ...change, updatedAt: now }).where(eq(assets.id, assetId)).returning().get()!;
    const what = `${KIND_LABELS[before.kind]} ${before.assetNumber}${before.serialNumber ? `（製造番号 ${before.serialNumber}）` : ''}`;
    const incident =
      input.outcome === 'lost'
        ? lossIncident(tx, ctx, input, {
            kind: before.kind === 'security_key' ? 'lost_security_key' : 'lost_asset',
            title: `${KIND_LABELS[before.kind]}の紛失（${before.assetNumber}、${person.name}）`,
            whatLost: what,
            personId,
            assetId,
          })
        : null;
    const action = input.outcome === 'lost' ? 'asset.reported_lost' : 'asset.custody_returned';
    recordChange(tx, ctx, { action, entityType: 'asset', entityId: assetId, data: { ...row, note: input.note, fromPersonId: personId, offboarding: true, incident } });
    return { asset: assetView(row), ...result(tx, ctx, personId, incident) };
  });
}
