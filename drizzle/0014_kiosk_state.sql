ALTER TABLE `kiosks` ADD `queue_size` integer;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `queue_oldest_at` integer;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `app_version` text;