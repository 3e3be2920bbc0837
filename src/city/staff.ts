import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../deps.ts';
import { transact } from '../db/client.ts';
import { sites } from '../db/schema/areas.ts';
import { credentials } from '../db/schema/auth.ts';
import { journal } from '../db/schema/journal.ts';
import { people } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import { iso, kana, note, text } from '../http/fields.ts';
import { insertPerson, requirePerson, suspendPerson } from '../roster/service.ts';
import { SiteIdList } from '../roster/schemas.ts';
import { assertCityManages, cityPeopleOf } from '../auth/city-accounts.ts';
import { scopedSiteIds } from '../auth/scope.ts';
import { personActor } from '../custody/query.ts';
import { namesOf } from './state.ts';

/**
 * 甲's own accounts (F4, issue 15): 甲's staff see the city accounts of their sites, with who created each and
 * when (from the journal's `person.created`), invite a colleague for sites they reach themselves, and disable
 * one. The contractor's admin creates only the contract's first city account (src/auth/city-accounts.ts).
 */

export const CityStaffBody = z
  .object({ name: text(100), kana, position: text(100, 0).default(''), siteIds: SiteIdList.unwrap() })
  .strict();
export const DisableBody = z.object({ reason: note(500, 1) }).strict();

export function listCityStaff(ctx: Ctx) {
  const db = ctx.deps.db;
  const own = scopedSiteIds(ctx.actor) ?? [];
  const rows = cityPeopleOf(db, own).sort((a, b) => a.kana.localeCompare(b.kana, 'ja'));
  const ids = rows.map((p) => p.id);
  const created = ids.length === 0 ? [] : db
    .select({ entityId: journal.entityId, actorType: journal.actorType, actorId: journal.actorId, at: journal.at })
    .from(journal)
    .where(and(eq(journal.entityType, 'person'), eq(journal.action, 'person.created'), inArray(journal.entityId, ids.map(String))))
    .all();
  const byPerson = new Map(created.map((c) => [Number(c.entityId), c]));
  const creators = db.select({ id: people.id, name: people.name, roles: people.roles }).from(people).where(inArray(people.id, created.flatMap((c) => (c.actorType === 'person' && c.actorId ? [Number(c.actorId)] : [])).concat(-1))).all();
  const creator = new Map(creators.map((c) => [c.id, c]));
  const siteNames = new Map(db.select({ id: sites.id, name: sites.name }).from(sites).orderBy(asc(sites.name)).all().map((s) => [s.id, s.name]));
  const keys = new Map<number, number>();
  if (ids.length) for (const c of db.select({ personId: credentials.personId }).from(credentials).where(and(inArray(credentials.personId, ids), isNull(credentials.revokedAt))).all()) keys.set(c.personId, (keys.get(c.personId) ?? 0) + 1);
  return {
    staff: rows.map((p) => {
      const c = byPerson.get(p.id);
      const by = c?.actorType === 'person' && c.actorId ? creator.get(Number(c.actorId)) : undefined;
      return {
        id: p.id,
        name: p.name,
        kana: p.kana,
        position: p.position,
        status: p.status,
        // Only the sites the reader reaches: a colleague's sites of another contract stay unnamed (F4).
        sites: (p.siteIds ?? []).filter((s) => own.includes(s)).map((s) => ({ id: s, name: siteNames.get(s) ?? '' })),
        passkeys: keys.get(p.id) ?? 0,
        createdAt: iso(c?.at ?? p.createdAt),
        /** Who created the account: 甲's own staff, the contractor (the contract's first account), or the system. */
        createdBy: by ? { id: by.id, name: by.name, city: by.roles.includes('city') } : null,
        self: ctx.actor.type === 'person' && p.id === ctx.actor.id,
      };
    }),
  };
}

/** `POST /api/city/staff`: 甲 invites a colleague for sites 甲 reaches; the colleague enrols through a link 甲 issues. One journal entry. */
export function inviteCityStaff(ctx: Ctx, input: z.output<typeof CityStaffBody>) {
  const actor = personActor(ctx);
  return transact(ctx.deps.db, (tx) => {
    const inviter = requirePerson(tx, actor.id);
    const row = insertPerson(tx, ctx, {
      name: input.name,
      kana: input.kana,
      organisationId: inviter.organisationId,
      position: input.position,
      duties: '',
      expertise: '',
      contact: '',
      nationality: '',
      roles: ['city'],
      siteIds: input.siteIds,
      validFrom: null,
      validTo: null,
    });
    const names = namesOf(tx, [actor.id]);
    return { id: row.id, name: row.name, status: row.status, createdBy: { id: actor.id, name: names.get(actor.id) ?? '' }, createdAt: iso(row.createdAt) };
  });
}

/** `POST /api/city/staff/:id/disable`: 甲 disables a city account of their sites (never their own), ending its sessions. One journal entry. */
export function disableCityStaff(ctx: Ctx, id: number, reason: string) {
  const actor = personActor(ctx);
  const person = requirePerson(ctx.deps.db, id);
  assertCityManages(ctx, person);
  if (person.id === actor.id) throw new AppError('CONFLICT', 'ask a colleague to disable your own account');
  const row = suspendPerson(ctx, id, { reason });
  return { id: row.id, status: row.status };
}
