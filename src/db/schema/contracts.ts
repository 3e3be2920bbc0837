import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

/**
 * A contract (業務委託契約) the deployment serves: what every document's header names (受託業務名, 受託期間,
 * the contractor and its representative, the addressee at the city, 甲's approving sections). Sites name
 * their contract (`sites.contract_id`): a deployment may serve several contracts (F4, decision 0023).
 */
export const contracts = sqliteTable('contracts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 受託業務名 */
  name: text('name').notNull(),
  /** 受託期間, calendar days `YYYY-MM-DD` (inclusive). */
  periodFrom: text('period_from').notNull(),
  periodTo: text('period_to').notNull(),
  contractorCompany: text('contractor_company').notNull(),
  contractorAddress: text('contractor_address').notNull(),
  representativeTitle: text('representative_title').notNull(),
  representativeName: text('representative_name').notNull(),
  addresseeSection: text('addressee_section').notNull().default(''),
  addresseeTitle: text('addressee_title').notNull(),
  addresseeName: text('addressee_name').notNull().default(''),
  /** 甲's sections whose approval the documents carry (their 確認印 boxes). */
  approverSections: text('approver_sections', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
