ALTER TABLE `custody_requests` ADD `round_trip` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `movements` ADD `keyed_in` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `movements` ADD `keyed_by_id` integer REFERENCES people(id);