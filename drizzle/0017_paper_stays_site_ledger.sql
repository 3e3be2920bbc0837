CREATE TABLE `site_ledger_signoffs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`day` text NOT NULL,
	`digest` text NOT NULL,
	`person_id` integer NOT NULL,
	`credential_id` text NOT NULL,
	`signed_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `site_ledger_signoffs_site_day_idx` ON `site_ledger_signoffs` (`site_id`,`day`);--> statement-breakpoint
ALTER TABLE `access_events` ADD `paper_sheet` text;