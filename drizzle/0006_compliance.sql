CREATE TABLE `anomalies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`person_id` integer,
	`area_id` integer,
	`access_event_id` integer,
	`detected_at` integer NOT NULL,
	`detail` text NOT NULL,
	`incident_id` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`access_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `anomalies_time_idx` ON `anomalies` (`detected_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `anomalies_event_kind_uq` ON `anomalies` (`access_event_id`,`kind`);--> statement-breakpoint
CREATE TABLE `anomaly_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`after_hours_start_minute` integer DEFAULT 1200 NOT NULL,
	`after_hours_end_minute` integer DEFAULT 420 NOT NULL,
	`rare_area_lookback_days` integer DEFAULT 30 NOT NULL,
	`rare_area_max_visits` integer DEFAULT 1 NOT NULL,
	`long_stay_hours` integer DEFAULT 12 NOT NULL,
	`refusals_threshold` integer DEFAULT 3 NOT NULL,
	`refusals_window_minutes` integer DEFAULT 10 NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `area_training_policy` (
	`area_id` integer PRIMARY KEY NOT NULL,
	`required_course` text NOT NULL,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `disposal_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`asset_id` integer,
	`media_name` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`serial_numbers` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `disposal_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disposal_items_request_idx` ON `disposal_items` (`request_id`);--> statement-breakpoint
CREATE TABLE `disposal_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`executed_at` integer NOT NULL,
	`vendor` text NOT NULL,
	`method` text NOT NULL,
	`responsible_person_id` integer NOT NULL,
	`executor_name` text NOT NULL,
	`witness_person_id` integer NOT NULL,
	`serial_numbers` text NOT NULL,
	`certificate_number` text NOT NULL,
	`journal_seq` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `disposal_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`witness_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disposal_records_request_id_unique` ON `disposal_records` (`request_id`);--> statement-breakpoint
CREATE TABLE `disposal_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id` integer NOT NULL,
	`method` text NOT NULL,
	`planned_date` text NOT NULL,
	`vendor` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`approved_by` integer,
	`decided_at` integer,
	`reject_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`stage` text NOT NULL,
	`text` text NOT NULL,
	`person_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_updates_incident_idx` ON `incident_updates` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`what_lost` text DEFAULT '' NOT NULL,
	`quantity` integer,
	`location` text DEFAULT '' NOT NULL,
	`circumstances` text DEFAULT '' NOT NULL,
	`person_id` integer,
	`asset_id` integer,
	`badge_serial` integer,
	`discovered_at` integer NOT NULL,
	`opened_by` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`,`discovered_at`);--> statement-breakpoint
CREATE TABLE `training_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`course` text NOT NULL,
	`completed_at` integer NOT NULL,
	`expires_at` integer,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_records_person_idx` ON `training_records` (`person_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `work_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`day` text NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_schedules_uq` ON `work_schedules` (`person_id`,`day`,`start_minute`);--> statement-breakpoint
CREATE INDEX `access_events_visitor_idx` ON `access_events` (`visitor_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `access_events_corrects_idx` ON `access_events` (`corrects_event_id`);