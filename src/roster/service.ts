import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { organisations, people, type Role } from '../db/schema/roster.ts';
import { sites } from '../db/schema/areas.ts';
import { revokeSessions } from '../auth/sessions.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { iso, sameName } from '../http/fields.ts';
import { scopedSiteIds } from '../auth/scope.ts';
import { assertMayChange, assertMayCreateCity, assertMayReactivate } from '../auth/city-accounts.ts';
import { scopeProblem, type PersonInput, type PersonPatchInput } from './schemas.ts';
import type { Person } from './standing.ts';
import { byKana } from './kana-order.ts';

export type Organisation = typeof organisations.$inferSelect;

/** A6: only these roles may read contact and nationality, and each such read is journaled. */
export const SENSITIVE_READERS: readonly Role[] = ['admin', 'supervisor', 'auditor'];
export const SENSITIVE_FIELDS = ['contact', 'nationality'] as const;


// ---- organisations ----

export function listOrganisations(deps: Deps): Organisation[] {
  return deps.db.select().from(organisations).all().sort(byKana);
}

function insertOrganisation(tx: Tx, ctx: Ctx, input: { name: string; kana: string }): Organisation {
  assertOrganisationNameFree(tx, input.name, null);
  const now = ctx.deps.clock.now();
  const row = tx.insert(organisations).values({ ...input, createdAt: now, updatedAt: now }).returning().get();
  recordChange(tx, ctx, { action: 'organisation.created', entityType: 'organisation', entityId: row.id, data: row });
  return row;
}

export function createOrganisation(ctx: Ctx, input: { name: string; kana: string }): Organisation {
  return transact(ctx.deps.db, (tx) => insertOrganisation(tx, ctx, input));
}

export function updateOrganisation(ctx: Ctx, id: number, patch: { name?: string; kana?: string }): Organisation {
  return transact(ctx.deps.db, (tx) => {
    requireOrganisation(tx, id);
    if (patch.name !== undefined) assertOrganisationNameFree(tx, patch.name, id);
    const row = tx.update(organisations).set({ ...patch, updatedAt: ctx.deps.clock.now() }).where(eq(organisations.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'organisation.updated', entityType: 'organisation', entityId: id, data: row });
    return row;
  });
}

function requireOrganisation(tx: Tx, id: number, field?: string): Organisation {
  const row = tx.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!row) throw field ? AppError.unknown(field, 'organisation') : AppError.notFound('organisation');
  return row;
}

// Names are compared by nameKey, so the whole (short) list is read: the unique index compares exact text.
function assertOrganisationNameFree(tx: Tx, name: string, exceptId: number | null) {
  const others = tx.select({ id: organisations.id, name: organisations.name }).from(organisations).all();
  if (sameName(others, name, exceptId)) throw AppError.conflict('body.name', 'an organisation with this name exists');
}

/** Finds an organisation by name or creates it, in the caller's transaction (first-admin setup). */
export function ensureOrganisation(tx: Tx, ctx: Ctx, name: string, kana: string): Organisation {
  return sameName(tx.select().from(organisations).all(), name) ?? insertOrganisation(tx, ctx, { name, kana });
}

// ---- people ----

export function newUserHandle(): string {
  return randomBytes(16).toString('base64url');
}

/** Inserts a person and its journal entry inside the caller's transaction (shared with first-admin setup). */
export function insertPerson(tx: Tx, ctx: Ctx, input: NewPerson, userHandle = newUserHandle()): Person {
  requireOrganisation(tx, input.organisationId, 'body.organisationId');
  const { approvalRef, siteIds = null, ...rest } = input;
  requireSites(tx, siteIds);
  assertSitesWithinAdmin(ctx, siteIds);
  if (rest.roles.includes('city')) assertMayCreateCity(tx, ctx, siteIds);
  const fields = { ...rest, siteIds };
  const now = ctx.deps.clock.now();
  const row = tx.insert(people).values({ ...fields, status: 'active', userHandle, createdAt: now, updatedAt: now }).returning().get();
  recordChange(tx, ctx, { action: 'person.created', entityType: 'person', entityId: row.id, data: { ...row, approvalRef: approvalRef ?? null } });
  return row;
}

/** A new person as the roster route takes it; callers inside the product may leave the sites out (every site). */
export type NewPerson = Omit<PersonInput, 'siteIds'> & { siteIds?: number[] | null };

export function createPerson(ctx: Ctx, input: NewPerson): Person {
  return transact(ctx.deps.db, (tx) => insertPerson(tx, ctx, input));
}

function requireSites(tx: Tx, siteIds: number[] | null) {
  if (siteIds === null) return;
  const known = new Set(tx.select({ id: sites.id }).from(sites).where(inArray(sites.id, siteIds)).all().map((r) => r.id));
  const i = siteIds.findIndex((s) => !known.has(s));
  if (i >= 0) throw AppError.unknown(`body.siteIds.${i}`, 'site');
}

/**
 * An admin limited to some sites (F4) keeps the people of those sites: whoever they add or change names
 * only their sites, never every site, so a scoped admin cannot make anyone reach further than themselves.
 * (Which people they may change at all is checked at the route, src/auth/scope-trace.ts trace.person.)
 */
function assertSitesWithinAdmin(ctx: Ctx, siteIds: number[] | null) {
  const own = scopedSiteIds(ctx.actor);
  if (own === null) return;
  if (siteIds === null) throw AppError.field('body.siteIds', 'name the sites: you are responsible for some sites only');
  const i = siteIds.findIndex((s) => !own.includes(s));
  if (i >= 0) throw AppError.field(`body.siteIds.${i}`, 'not one of the sites you are responsible for');
}

export function requirePerson(tx: Tx, id: number, field?: string): Person {
  const row = tx.select().from(people).where(eq(people.id, id)).get();
  if (!row) throw field ? AppError.unknown(field, 'person') : AppError.notFound('person');
  return row;
}

export function updatePerson(ctx: Ctx, id: number, patch: PersonPatchInput): Person {
  return transact(ctx.deps.db, (tx) => {
    const before = requirePerson(tx, id);
    const { approvalRef, ...fields } = patch;
    assertMayChange(tx, ctx, before, fields.roles, fields.siteIds);
    if (fields.organisationId !== undefined) requireOrganisation(tx, fields.organisationId, 'body.organisationId');
    const validFrom = fields.validFrom !== undefined ? fields.validFrom : before.validFrom;
    const validTo = fields.validTo !== undefined ? fields.validTo : before.validTo;
    if (validFrom !== null && validTo !== null && validTo <= validFrom) throw AppError.field('body.validTo', 'must be after validFrom');
    if (fields.roles && before.roles.includes('admin') && !fields.roles.includes('admin')) assertNotLastAdmin(tx, id);
    const siteIds = fields.siteIds !== undefined ? fields.siteIds : before.siteIds;
    const problem = scopeProblem(fields.roles ?? before.roles, siteIds);
    if (problem) throw AppError.field(`body.${problem.path}`, problem.message);
    if (fields.siteIds !== undefined) requireSites(tx, fields.siteIds);
    if (fields.siteIds !== undefined) assertSitesWithinAdmin(ctx, fields.siteIds);
    const row = tx.update(people).set({ ...fields, updatedAt: ctx.deps.clock.now() }).where(eq(people.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'person.updated', entityType: 'person', entityId: id, data: { ...row, approvalRef: approvalRef ?? null } });
    return row;
  });
}

function assertNotLastAdmin(tx: Tx, id: number) {
  const admins = tx
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.status, 'active'), sql`exists (select 1 from json_each(${people.roles}) where value = 'admin')`))
    .all();
  if (admins.every((a) => a.id === id)) throw new AppError('CONFLICT', 'this is the last active admin');
}

export function suspendPerson(ctx: Ctx, id: number, input: { reason: string; approvalRef?: string | undefined }): Person {
  return transact(ctx.deps.db, (tx) => {
    const before = requirePerson(tx, id);
    if (before.status !== 'active') throw new AppError('CONFLICT', `person is ${before.status}`);
    if (before.roles.includes('admin')) assertNotLastAdmin(tx, id);
    const now = ctx.deps.clock.now();
    const row = tx.update(people).set({ status: 'suspended', updatedAt: now }).where(eq(people.id, id)).returning().get()!;
    const revoked = revokeSessions(tx, { personId: id }, now);
    recordChange(tx, ctx, { action: 'person.suspended', entityType: 'person', entityId: id, data: { ...row, reason: input.reason, approvalRef: input.approvalRef ?? null, sessionsRevoked: revoked } });
    return row;
  });
}

/**
 * Sets a person offboarded (A5), from active or suspended, in the caller's transaction. Final: nothing
 * reactivates an offboarded person. No journal entry here: the offboarding action writes one entry for
 * this and everything it revokes with it (src/offboarding).
 */
export function markOffboarded(tx: Tx, ctx: Ctx, id: number): Person {
  const before = requirePerson(tx, id);
  if (before.status === 'offboarded') throw new AppError('CONFLICT', 'person is already offboarded');
  if (before.status === 'active' && before.roles.includes('admin')) assertNotLastAdmin(tx, id);
  return tx.update(people).set({ status: 'offboarded', updatedAt: ctx.deps.clock.now() }).where(eq(people.id, id)).returning().get()!;
}

export function reactivatePerson(ctx: Ctx, id: number, input: { reason: string; approvalRef?: string | undefined }): Person {
  return transact(ctx.deps.db, (tx) => {
    const before = requirePerson(tx, id);
    assertMayReactivate(ctx, before);
    if (before.status !== 'suspended') throw new AppError('CONFLICT', `person is ${before.status}`);
    const row = tx.update(people).set({ status: 'active', updatedAt: ctx.deps.clock.now() }).where(eq(people.id, id)).returning().get()!;
    recordChange(tx, ctx, { action: 'person.reactivated', entityType: 'person', entityId: id, data: { ...row, reason: input.reason, approvalRef: input.approvalRef ?? null } });
    return row;
  });
}

// ---- reading, with A6 applied ----

export interface PersonView {
  id: number;
  name: string;
  kana: string;
  organisationId: number;
  organisationName: string;
  position: string;
  duties: string;
  expertise: string;
  roles: Role[];
  siteIds: number[] | null;
  validFrom: string | null;
  validTo: string | null;
  status: Person['status'];
  createdAt: string;
  updatedAt: string;
  contact?: string;
  nationality?: string;
}

function view(p: Person, organisationName: string, sensitive: boolean): PersonView {
  const base: PersonView = {
    id: p.id,
    name: p.name,
    kana: p.kana,
    organisationId: p.organisationId,
    organisationName,
    position: p.position,
    duties: p.duties,
    expertise: p.expertise,
    roles: p.roles,
    siteIds: p.siteIds ?? null,
    validFrom: iso(p.validFrom),
    validTo: iso(p.validTo),
    status: p.status,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
  return sensitive ? { ...base, contact: p.contact, nationality: p.nationality } : base;
}

function assertMayReadSensitive(ctx: Ctx) {
  const roles = ctx.actor.type === 'person' ? ctx.actor.roles : [];
  if (!roles.some((r) => SENSITIVE_READERS.includes(r))) {
    throw new AppError('FORBIDDEN', 'contact and nationality are restricted to admin, supervisor and auditor');
  }
}

/** Journals who read whose sensitive fields (A6), in its own transaction, before the data leaves. */
function journalSensitiveRead(ctx: Ctx, personIds: number[]) {
  if (personIds.length === 0) return;
  transact(ctx.deps.db, (tx) =>
    recordChange(tx, ctx, {
      action: 'person.sensitive_read',
      entityType: 'person',
      entityId: personIds.length === 1 ? personIds[0]! : 'list',
      data: { personIds, fields: [...SENSITIVE_FIELDS] },
    }),
  );
}

export function listPeople(
  ctx: Ctx,
  query: { q?: string | undefined; organisationId?: number | undefined; status?: Person['status'] | undefined; include?: 'sensitive' | undefined },
): PersonView[] {
  const sensitive = query.include === 'sensitive';
  if (sensitive) assertMayReadSensitive(ctx);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = ctx.deps.db
    .select({ p: people, organisationName: organisations.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(
      and(
        pattern ? or(sql`${people.name} like ${pattern} escape '\\'`, sql`${people.kana} like ${pattern} escape '\\'`) : undefined,
        query.organisationId ? eq(people.organisationId, query.organisationId) : undefined,
        query.status ? eq(people.status, query.status) : undefined,
      ),
    )
    .all()
    .sort((a, b) => byKana(a.p, b.p));
  if (sensitive) journalSensitiveRead(ctx, rows.map((r) => r.p.id));
  return rows.map((r) => view(r.p, r.organisationName, sensitive));
}

export function getPerson(ctx: Ctx, id: number, include?: 'sensitive'): PersonView {
  const sensitive = include === 'sensitive';
  if (sensitive) assertMayReadSensitive(ctx);
  const row = ctx.deps.db
    .select({ p: people, organisationName: organisations.name })
    .from(people)
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(eq(people.id, id))
    .get();
  if (!row) throw AppError.notFound('person');
  if (sensitive) journalSensitiveRead(ctx, [id]);
  return view(row.p, row.organisationName, sensitive);
}

/** Whether the person may act at `at`: active and inside the roster validity window (A2). */
