CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`contractor_company` text NOT NULL,
	`contractor_address` text NOT NULL,
	`representative_title` text NOT NULL,
	`representative_name` text NOT NULL,
	`addressee_section` text DEFAULT '' NOT NULL,
	`addressee_title` text NOT NULL,
	`addressee_name` text DEFAULT '' NOT NULL,
	`approver_sections` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sites` ADD `contract_id` integer REFERENCES contracts(id);