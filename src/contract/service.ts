import { asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { contracts } from '../db/schema/contracts.ts';
import { sites } from '../db/schema/areas.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { sameName } from '../http/fields.ts';
import { reachesSite, scopedSiteIds } from '../auth/scope.ts';
import type { Actor } from '../actor.ts';
import type { ContractInput } from './schemas.ts';

type ContractRow = typeof contracts.$inferSelect;

/** What a document's head prints of its contract (stored with the document it heads). */
export type ContractHeader = Omit<Contract, 'sites'>;

/** A contract as the API reads it: the header's fields, and the sites worked under it. */
export interface Contract {
  id: number;
  name: string;
  periodFrom: string;
  periodTo: string;
  contractor: { company: string; address: string; representativeTitle: string; representativeName: string };
  addressee: { section: string; title: string; name: string };
  approverSections: string[];
  sites: { id: number; name: string }[];
}

/** The head's fields: no list of sites, which would tell 甲 of one site the names of the contract's others. */
function header(row: ContractRow): ContractHeader {
  return {
    id: row.id,
    name: row.name,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    contractor: { company: row.contractorCompany, address: row.contractorAddress, representativeTitle: row.representativeTitle, representativeName: row.representativeName },
    addressee: { section: row.addresseeSection, title: row.addresseeTitle, name: row.addresseeName },
    approverSections: row.approverSections,
  };
}

function view(tx: Tx, row: ContractRow): Contract {
  return {
    ...header(row),
    sites: tx.select({ id: sites.id, name: sites.name }).from(sites).where(eq(sites.contractId, row.id)).orderBy(asc(sites.name)).all(),
  };
}

function columns(input: ContractInput) {
  const c = input.contractor;
  const a = input.addressee;
  return {
    name: input.name,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    contractorCompany: c.company,
    contractorAddress: c.address,
    representativeTitle: c.representativeTitle,
    representativeName: c.representativeName,
    addresseeSection: a.section,
    addresseeTitle: a.title,
    addresseeName: a.name,
    approverSections: input.approverSections,
  };
}

function requireContract(tx: Tx, id: number): ContractRow {
  const row = tx.select().from(contracts).where(eq(contracts.id, id)).get();
  if (!row) throw AppError.notFound('contract');
  return row;
}

/**
 * 甲's staff and scoped staff read the contracts their sites are worked under: a contract is theirs when
 * one of its sites is. A contract with no site yet is read by staff of every site only.
 */
function readable(actor: Actor, c: Contract): boolean {
  if (scopedSiteIds(actor) === null) return true;
  return c.sites.some((s) => reachesSite(actor, s.id));
}

/** A contract as the actor may read it: its other sites are left out for staff limited to some sites (F4). */
function asSeenBy(actor: Actor, c: Contract): Contract {
  return scopedSiteIds(actor) === null ? c : { ...c, sites: c.sites.filter((s) => reachesSite(actor, s.id)) };
}

export function listContracts(ctx: Ctx): Contract[] {
  const db = ctx.deps.db;
  return db
    .select()
    .from(contracts)
    .orderBy(asc(contracts.id))
    .all()
    .map((r) => view(db, r))
    .filter((c) => readable(ctx.actor, c))
    .map((c) => asSeenBy(ctx.actor, c));
}

export function getContract(ctx: Ctx, id: number): Contract {
  const c = view(ctx.deps.db, requireContract(ctx.deps.db, id));
  if (!readable(ctx.actor, c)) throw new AppError('FORBIDDEN', 'outside the sites you are responsible for');
  return asSeenBy(ctx.actor, c);
}

/** Names are compared as site names are (NFKC, case and spaces folded): two contracts of one name would be confused on paper. */
function assertNameFree(tx: Tx, name: string, exceptId: number | null) {
  const others = tx.select({ id: contracts.id, name: contracts.name }).from(contracts).all();
  if (sameName(others, name, exceptId)) throw AppError.conflict('body.name', 'a contract with this name exists');
}

/**
 * Attaches exactly `siteIds` to the contract. A site worked under another contract is refused rather than
 * moved: moving it would silently change the header of every document of that site.
 */
function attachSites(tx: Tx, contractId: number, siteIds: number[], now: number) {
  const named = siteIds.length ? tx.select({ id: sites.id, contractId: sites.contractId }).from(sites).where(inArray(sites.id, siteIds)).all() : [];
  if (named.length !== siteIds.length) throw AppError.unknown('body.siteIds', 'site');
  if (named.some((s) => s.contractId !== null && s.contractId !== contractId)) throw AppError.conflict('body.siteIds', 'a site named here is worked under another contract; take it off that contract first');
  const current = tx.select({ id: sites.id }).from(sites).where(eq(sites.contractId, contractId)).all();
  const leaving = current.filter((s) => !siteIds.includes(s.id)).map((s) => s.id);
  const joining = named.filter((s) => s.contractId === null).map((s) => s.id);
  if (leaving.length) tx.update(sites).set({ contractId: null, updatedAt: now }).where(inArray(sites.id, leaving)).run();
  if (joining.length) tx.update(sites).set({ contractId, updatedAt: now }).where(inArray(sites.id, joining)).run();
}

export function createContract(ctx: Ctx, input: ContractInput): Contract {
  return transact(ctx.deps.db, (tx) => {
    assertNameFree(tx, input.name, null);
    const now = ctx.deps.clock.now();
    const row = tx.insert(contracts).values({ ...columns(input), createdAt: now, updatedAt: now }).returning().get();
    attachSites(tx, row.id, input.siteIds, now);
    const c = view(tx, row);
    recordChange(tx, ctx, { action: 'contract.created', entityType: 'contract', entityId: row.id, data: c });
    return c;
  });
}

/** Replaces the contract's fields and its sites: one entry records the whole new content. */
export function updateContract(ctx: Ctx, id: number, input: ContractInput): Contract {
  return transact(ctx.deps.db, (tx) => {
    requireContract(tx, id);
    assertNameFree(tx, input.name, id);
    const now = ctx.deps.clock.now();
    const row = tx.update(contracts).set({ ...columns(input), updatedAt: now }).where(eq(contracts.id, id)).returning().get()!;
    attachSites(tx, id, input.siteIds, now);
    const c = view(tx, row);
    recordChange(tx, ctx, { action: 'contract.updated', entityType: 'contract', entityId: id, data: c });
    return c;
  });
}

/**
 * The contract a document of `siteId` is made under: the site's own. A record of no site (a disposal of
 * media only) is under the deployment's one contract when there is exactly one; otherwise none is known.
 */
export function contractOfSite(tx: Tx, siteId: number | null): ContractHeader | null {
  if (siteId !== null) {
    const site = tx.select({ contractId: sites.contractId }).from(sites).where(eq(sites.id, siteId)).get();
    if (!site || site.contractId === null) return null;
    return header(requireContract(tx, site.contractId));
  }
  const all = tx.select().from(contracts).limit(2).all();
  return all.length === 1 ? header(all[0]!) : null;
}
