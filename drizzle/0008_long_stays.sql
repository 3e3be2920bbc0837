CREATE TABLE `long_stays` (
	`exit_event_id` integer PRIMARY KEY NOT NULL,
	`entry_event_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	`exited_at` integer NOT NULL,
	FOREIGN KEY (`exit_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `long_stays_area_entered_idx` ON `long_stays` (`area_id`,`entered_at`);