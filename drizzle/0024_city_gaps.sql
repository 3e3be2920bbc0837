CREATE TABLE `network_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` integer NOT NULL,
	`site_id` integer NOT NULL,
	`responsible_id` integer NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`requested_by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `network_requests_asset_idx` ON `network_requests` (`asset_id`,`site_id`);--> statement-breakpoint
CREATE TABLE `production_data_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`asset_id` integer,
	`data` text NOT NULL,
	`purpose` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`responsible_id` integer NOT NULL,
	`requester_id` integer NOT NULL,
	`city_required` integer NOT NULL,
	`status` text NOT NULL,
	`reject_reason` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `production_data_requests_site_idx` ON `production_data_requests` (`site_id`,`status`);