PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_long_stays` (
	`exit_event_id` integer PRIMARY KEY NOT NULL,
	`entry_event_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`person_id` integer,
	`visitor_id` integer,
	`entered_at` integer NOT NULL,
	`exited_at` integer NOT NULL,
	FOREIGN KEY (`exit_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "long_stays_one_subject" CHECK((person_id IS NULL) <> (visitor_id IS NULL))
);
--> statement-breakpoint
-- Edited by hand: drizzle-kit selected the new visitor_id from the old table, which has none.
INSERT INTO `__new_long_stays`("exit_event_id", "entry_event_id", "area_id", "person_id", "visitor_id", "entered_at", "exited_at") SELECT "exit_event_id", "entry_event_id", "area_id", "person_id", NULL, "entered_at", "exited_at" FROM `long_stays`;--> statement-breakpoint
DROP TABLE `long_stays`;--> statement-breakpoint
ALTER TABLE `__new_long_stays` RENAME TO `long_stays`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `long_stays_area_entered_idx` ON `long_stays` (`area_id`,`entered_at`);