import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people } from './roster.ts';
import { contracts } from './contracts.ts';

export const ID_METHODS = ['passkey', 'badge', 'guard'] as const;
export type IdMethod = (typeof ID_METHODS)[number];

export const SECURITY_LEVELS = ['general', 'secure'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

export const sites = sqliteTable(
  'sites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    /** The contract this site is worked under (null: not yet attached to one). */
    contractId: integer('contract_id').references(() => contracts.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('sites_name_uq').on(t.name)],
);

/** A managed area (管理区域, B1) and its policy. */
export const areas = sqliteTable(
  'areas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    securityLevel: text('security_level', { enum: SECURITY_LEVELS }).notNull(),
    acceptedMethods: text('accepted_methods', { mode: 'json' }).$type<IdMethod[]>().notNull(),
    twoPersonRule: integer('two_person_rule', { mode: 'boolean' }).notNull().default(false),
    carryInApproval: integer('carry_in_approval', { mode: 'boolean' }).notNull().default(true),
    lastPersonOutRule: integer('last_person_out_rule', { mode: 'boolean' }).notNull().default(false),
    outOfSequence: text('out_of_sequence', { enum: ['flag', 'refuse'] }).notNull().default('flag'),
    purposes: text('purposes', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('areas_site_name_uq').on(t.siteId, t.name)],
);

/** Person × area × validity window (B2). Revoked, never deleted. */
export const authorizations = sqliteTable(
  'authorizations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    areaId: integer('area_id')
      .notNull()
      .references(() => areas.id),
    validFrom: integer('valid_from').notNull(),
    validTo: integer('valid_to'),
    note: text('note').notNull().default(''),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('authorizations_person_area_idx').on(t.personId, t.areaId)],
);
