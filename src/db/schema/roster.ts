import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** `city` is 甲's own staff (委託元担当者, F4): a role held alone, always limited to named sites. */
export const ROLES = ['admin', 'supervisor', 'guard', 'worker', 'auditor', 'city'] as const;
export type Role = (typeof ROLES)[number];

export const PERSON_STATUSES = ['active', 'suspended', 'offboarded'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const organisations = sqliteTable(
  'organisations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kana: text('kana').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('organisations_name_uq').on(t.name)],
);

/** The roster (作業従事者名簿, A1). `contact` and `nationality` are sensitive (A6). */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kana: text('kana').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id),
    position: text('position').notNull().default(''),
    duties: text('duties').notNull().default(''),
    expertise: text('expertise').notNull().default(''),
    contact: text('contact').notNull().default(''),
    nationality: text('nationality').notNull().default(''),
    roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull(),
    /** The sites this person's roles reach; null reaches every site. Always set for `city` (F4). */
    siteIds: text('site_ids', { mode: 'json' }).$type<number[] | null>(),
    validFrom: integer('valid_from'),
    validTo: integer('valid_to'),
    status: text('status', { enum: PERSON_STATUSES }).notNull().default('active'),
    /** The WebAuthn user handle: random, so it reveals nothing about the person. */
    userHandle: text('user_handle').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('people_kana_idx').on(t.kana),
    index('people_organisation_idx').on(t.organisationId),
    uniqueIndex('people_user_handle_uq').on(t.userHandle),
  ],
);
