CREATE TABLE `city_permissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`site_id` integer NOT NULL,
	`decision` text NOT NULL,
	`channel` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`credential_id` text,
	`digest` text,
	`reason` text DEFAULT '' NOT NULL,
	`permit_reference` text,
	`permit_date` text,
	`official_name` text,
	`official_section` text,
	`review` text,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`review_note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `city_permissions_subject_idx` ON `city_permissions` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `city_permissions_site_idx` ON `city_permissions` (`site_id`);--> statement-breakpoint
CREATE TABLE `city_policies` (
	`site_id` integer PRIMARY KEY NOT NULL,
	`carry_in` integer NOT NULL,
	`carry_out` integer NOT NULL,
	`disposal` integer NOT NULL,
	`network_connection` integer NOT NULL,
	`production_data` integer NOT NULL,
	`responsible_distinct` integer NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `custody_requests` ADD `responsible_id` integer REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `custody_requests` ADD `city_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `disposal_requests` ADD `site_id` integer REFERENCES sites(id);--> statement-breakpoint
ALTER TABLE `disposal_requests` ADD `responsible_id` integer REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `disposal_requests` ADD `city_required` integer DEFAULT false NOT NULL;