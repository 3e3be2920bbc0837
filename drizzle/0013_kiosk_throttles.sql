CREATE TABLE `kiosk_throttles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kiosk_id` integer NOT NULL,
	`source` text NOT NULL,
	`strikes` integer NOT NULL,
	`level` integer NOT NULL,
	`throttled_until` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`kiosk_id`) REFERENCES `kiosks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kiosk_throttles_source_uq` ON `kiosk_throttles` (`kiosk_id`,`source`);