CREATE TABLE `kiosks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`area_ids` text NOT NULL,
	`enrol_code_hash` text,
	`enrol_expires_at` integer,
	`token_hash` text,
	`enrolled_at` integer,
	`last_seen_at` integer,
	`revoked_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kiosks_enrol_code_hash_unique` ON `kiosks` (`enrol_code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `kiosks_token_hash_unique` ON `kiosks` (`token_hash`);--> statement-breakpoint
CREATE TABLE `access_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_id` integer NOT NULL,
	`direction` text NOT NULL,
	`result` text NOT NULL,
	`refusal_reason` text,
	`flags` text NOT NULL,
	`person_id` integer,
	`visitor_id` integer,
	`escort_person_id` integer,
	`name_snapshot` text,
	`affiliation_snapshot` text,
	`purpose` text DEFAULT '' NOT NULL,
	`method` text NOT NULL,
	`badge_serial` integer,
	`credential_id` text,
	`kiosk_id` integer,
	`recorded_by` integer,
	`note` text DEFAULT '' NOT NULL,
	`corrects_event_id` integer,
	`correction_kind` text,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`device_at` integer,
	`idempotency_scope` text,
	`idempotency_key` text,
	`request_hash` text,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escort_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kiosk_id`) REFERENCES `kiosks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_events_area_time_idx` ON `access_events` (`area_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `access_events_person_idx` ON `access_events` (`person_id`,`occurred_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `access_events_idempotency_uq` ON `access_events` (`idempotency_scope`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `badges` (
	`serial` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by` integer,
	`revoked_at` integer,
	`revoke_reason` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `badges_person_idx` ON `badges` (`person_id`);--> statement-breakpoint
CREATE TABLE `ledger_signoffs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`area_id` integer NOT NULL,
	`day` text NOT NULL,
	`digest` text NOT NULL,
	`person_id` integer NOT NULL,
	`credential_id` text NOT NULL,
	`signed_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_signoffs_area_day_idx` ON `ledger_signoffs` (`area_id`,`day`);--> statement-breakpoint
CREATE TABLE `presence` (
	`area_id` integer NOT NULL,
	`subject` text NOT NULL,
	`person_id` integer,
	`visitor_id` integer,
	`entry_event_id` integer NOT NULL,
	`entered_at` integer NOT NULL,
	PRIMARY KEY(`area_id`, `subject`),
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`affiliation` text NOT NULL,
	`purpose` text NOT NULL,
	`id_type` text NOT NULL,
	`escort_person_id` integer NOT NULL,
	`site_id` integer NOT NULL,
	`registered_by` integer,
	`registered_at` integer NOT NULL,
	`signed_out_at` integer,
	`notice_version` text NOT NULL,
	FOREIGN KEY (`escort_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
