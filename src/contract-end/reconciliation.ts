import { and, asc, eq, inArray, isNotNull, isNull, notInArray, or } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { badges } from '../db/schema/access.ts';
import { areas } from '../db/schema/areas.ts';
import { incidents } from '../db/schema/compliance.ts';
import { assets } from '../db/schema/custody.ts';
import { organisations, people } from '../db/schema/roster.ts';
import { iso } from '../http/fields.ts';

/** Assets in these states are settled: nothing is left to return or carry out. */
const SETTLED = ['lost', 'disposed', 'returned'] as const;

/**
 * The contract-end reconciliation (C10, D4): every asset carried in and not carried out, every loaned
 * item not returned (city-loaned assets, security keys, name badges still out), every person still
 * active, and every open incident. Empty lists everywhere is a clean hand-over.
 */
export function buildReconciliation(deps: Pick<Deps, 'db' | 'clock'>) {
  const db = deps.db;
  const now = deps.clock.now();
  const assetRow = { asset: assets, areaName: areas.name, custodianName: people.name };
  const assetView = (r: { asset: typeof assets.$inferSelect; areaName: string | null; custodianName: string | null }) => ({
    id: r.asset.id,
    assetNumber: r.asset.assetNumber,
    kind: r.asset.kind,
    ownerType: r.asset.ownerType,
    serialNumber: r.asset.serialNumber,
    description: r.asset.description,
    status: r.asset.status,
    areaName: r.areaName,
    custodianName: r.custodianName,
    expectedReturnAt: iso(r.asset.expectedReturnAt),
    overdue: r.asset.expectedReturnAt !== null && r.asset.locationAreaId === null && r.asset.expectedReturnAt < now,
  });
  const assetsWhere = (where: ReturnType<typeof and>) =>
    db.select(assetRow).from(assets).leftJoin(areas, eq(areas.id, assets.locationAreaId)).leftJoin(people, eq(people.id, assets.custodianId)).where(where).orderBy(asc(assets.assetNumber)).all().map(assetView);

  const carriedInNotOut = assetsWhere(and(eq(assets.status, 'inside'), notInArray(assets.ownerType, ['city_loaned'])));
  const cityLoaned = assetsWhere(and(eq(assets.ownerType, 'city_loaned'), notInArray(assets.status, [...SETTLED])));
  const securityKeys = assetsWhere(and(eq(assets.kind, 'security_key'), notInArray(assets.ownerType, ['city_loaned']), isNotNull(assets.custodianId), notInArray(assets.status, [...SETTLED])));
  const badgesOut = db
    .select({ serial: badges.serial, personId: badges.personId, personName: people.name, issuedAt: badges.issuedAt, revokeReason: badges.revokeReason })
    .from(badges)
    .innerJoin(people, eq(people.id, badges.personId))
    .where(or(isNull(badges.revokedAt), eq(badges.revokeReason, 'offboarded')))
    .orderBy(asc(badges.serial))
    .all()
    .map((b) => ({ ...b, issuedAt: iso(b.issuedAt), active: b.revokeReason === null }));
  const activePeople = db
    .select({ id: people.id, name: people.name, kana: people.kana, organisationName: organisations.name, roles: people.roles, status: people.status })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(inArray(people.status, ['active', 'suspended']))
    .orderBy(asc(people.kana), asc(people.id))
    .all();
  const openIncidents = db
    .select({ id: incidents.id, kind: incidents.kind, title: incidents.title, discoveredAt: incidents.discoveredAt, location: incidents.location })
    .from(incidents)
    .where(eq(incidents.status, 'open'))
    .orderBy(asc(incidents.discoveredAt))
    .all()
    .map((i) => ({ ...i, discoveredAt: iso(i.discoveredAt) }));
  const counts = {
    carriedInNotOut: carriedInNotOut.length,
    cityLoanedNotReturned: cityLoaned.length,
    securityKeysOut: securityKeys.length,
    badgesOut: badgesOut.length,
    peopleNotOffboarded: activePeople.length,
    openIncidents: openIncidents.length,
  };
  return {
    at: iso(now),
    clear: Object.values(counts).every((n) => n === 0),
    counts,
    carriedInNotOut,
    loaned: { cityLoaned, securityKeys, badges: badgesOut },
    people: activePeople,
    openIncidents,
  };
}

export type Reconciliation = ReturnType<typeof buildReconciliation>;
