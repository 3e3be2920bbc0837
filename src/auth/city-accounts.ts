import { eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import { sites } from '../db/schema/areas.ts';
import { credentials } from '../db/schema/auth.ts';
import { people } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import type { Person } from '../roster/standing.ts';
import { scopedSiteIds } from './scope.ts';

/**
 * 甲's accounts are 甲's (F4, issue 15). The contractor's admin may create only the first city account of a
 * contract — when no active city person reaches any site of that contract — and enrol its first passkey.
 * From then on, 甲's own staff invite further city accounts (for sites they reach themselves), enrol them,
 * and disable them; the contractor can neither add a city account, nor add a passkey to one, nor change its
 * roles or sites, nor bring back one 甲 disabled. So the contractor cannot invent a 甲 and permit itself.
 * Whoever holds the server can still do anything; the journal shows who created and changed each account.
 */

const isCityActor = (ctx: Ctx) => ctx.actor.type === 'person' && ctx.actor.roles.includes('city');
/** The contractor's staff (not the system, which acts at setup and in the demo). */
const isContractor = (ctx: Ctx) => ctx.actor.type === 'person' && !ctx.actor.roles.includes('city');

/** The sites worked under the contracts of `siteIds`; a site under no contract stands alone. */
export function contractSites(tx: Tx, siteIds: readonly number[]): number[] {
  if (siteIds.length === 0) return [];
  const named = tx.select({ id: sites.id, contractId: sites.contractId }).from(sites).where(inArray(sites.id, [...siteIds])).all();
  const contractIds = [...new Set(named.flatMap((s) => (s.contractId === null ? [] : [s.contractId])))];
  const sameContract = contractIds.length === 0 ? [] : tx.select({ id: sites.id }).from(sites).where(inArray(sites.contractId, contractIds)).all().map((s) => s.id);
  return [...new Set([...siteIds, ...sameContract])];
}

const cityRole = sql`exists (select 1 from json_each(${people.roles}) where value = 'city')`;

/** The city persons whose sites meet `siteIds` (all of them, active or not). */
export function cityPeopleOf(tx: Tx, siteIds: readonly number[]): Person[] {
  if (siteIds.length === 0) return [];
  return tx
    .select()
    .from(people)
    .where(cityRole)
    .all()
    .filter((p) => (p.siteIds ?? []).some((s) => siteIds.includes(s)));
}

/** Active city persons of the contracts of `siteIds`, other than `exceptId`. */
function activeCityOf(tx: Tx, siteIds: readonly number[], exceptId: number | null = null): Person[] {
  return cityPeopleOf(tx, contractSites(tx, siteIds)).filter((p) => p.status === 'active' && p.id !== exceptId);
}

/** 甲's staff act only for sites they reach themselves (the same contract's, which their own sites are). */
function assertWithinCity(ctx: Ctx, siteIds: readonly number[] | null, field: string | null) {
  const own = scopedSiteIds(ctx.actor) ?? [];
  const outside = (siteIds ?? []).findIndex((s) => !own.includes(s));
  if (siteIds === null || outside >= 0) {
    if (field) throw AppError.field(outside >= 0 ? `${field}.${outside}` : field, 'not one of the sites you are responsible for');
    throw new AppError('FORBIDDEN', 'outside the sites you are responsible for');
  }
}

/**
 * Creating a person who holds the city role (or giving the role): the contractor's admin only for the first
 * city account of the contract; 甲's staff for sites they reach. Refusals name `body.roles` / `body.siteIds`.
 */
export function assertMayCreateCity(tx: Tx, ctx: Ctx, siteIds: readonly number[] | null, exceptId: number | null = null): void {
  if (isCityActor(ctx)) return assertWithinCity(ctx, siteIds, 'body.siteIds');
  if (!isContractor(ctx) || siteIds === null) return;
  if (activeCityOf(tx, siteIds, exceptId).length > 0) {
    throw AppError.conflict('body.roles', "the city (甲) already has its own staff for these sites' contract: further city accounts are invited by them, not by the contractor");
  }
}

/** What 甲's staff may do to a person: only to city accounts of sites they reach. */
export function assertCityManages(ctx: Ctx, person: Person): void {
  if (!person.roles.includes('city')) throw new AppError('FORBIDDEN', "the city's (甲) staff manage only the city's own accounts");
  assertWithinCity(ctx, person.siteIds, null);
}

/**
 * An enrolment link for a city person: 甲's staff for the city accounts of their sites; the contractor's
 * admin only for the first passkey of the contract's first city account (none ever enrolled, no other
 * active city person), so the contractor cannot put its own passkey on 甲's account.
 */
export function assertMayEnrol(tx: Tx, ctx: Ctx, person: Person): void {
  if (isCityActor(ctx)) return assertCityManages(ctx, person);
  if (!isContractor(ctx) || !person.roles.includes('city')) return;
  const enrolled = tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.personId, person.id)).get();
  if (enrolled || activeCityOf(tx, person.siteIds ?? [], person.id).length > 0) {
    throw new AppError('FORBIDDEN', "a city (甲) account's passkeys are enrolled through the city's own staff, not by the contractor");
  }
}

/**
 * Changing a person: the contractor neither changes a city account's roles or sites nor gives someone the
 * city role beyond the contract's first; nor brings back a city account (甲 disabled it).
 */
export function assertMayChange(tx: Tx, ctx: Ctx, before: Person, roles: readonly string[] | undefined, siteIds: readonly number[] | null | undefined): void {
  if (!isContractor(ctx)) return;
  if (before.roles.includes('city')) {
    if (roles !== undefined || siteIds !== undefined) throw new AppError('FORBIDDEN', "a city (甲) account's roles and sites are the city's to change");
    return;
  }
  if (roles?.includes('city')) assertMayCreateCity(tx, ctx, siteIds === undefined ? before.siteIds : siteIds, before.id);
}

export function assertMayReactivate(ctx: Ctx, before: Person): void {
  if (isContractor(ctx) && before.roles.includes('city')) throw new AppError('FORBIDDEN', "a city (甲) account disabled by the city is brought back by the city's staff, not by the contractor");
}
