CREATE TABLE `assets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_number` text NOT NULL,
	`kind` text NOT NULL,
	`owner_type` text NOT NULL,
	`serial_number` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`classification` text DEFAULT 'none' NOT NULL,
	`has_storage` integer NOT NULL,
	`network_approved` integer DEFAULT false NOT NULL,
	`fixed` integer DEFAULT false NOT NULL,
	`custodian_id` integer,
	`location_area_id` integer,
	`status` text DEFAULT 'registered' NOT NULL,
	`expected_return_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`custodian_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assets_number_uq` ON `assets` (`asset_number`);--> statement-breakpoint
CREATE INDEX `assets_custodian_idx` ON `assets` (`custodian_id`);--> statement-breakpoint
CREATE INDEX `assets_location_idx` ON `assets` (`location_area_id`);--> statement-breakpoint
CREATE TABLE `custody_approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`approver_id` integer NOT NULL,
	`decision` text NOT NULL,
	`on_the_spot` integer DEFAULT false NOT NULL,
	`kiosk_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `custody_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approver_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kiosk_id`) REFERENCES `kiosks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_approvals_uq` ON `custody_approvals` (`request_id`,`approver_id`);--> statement-breakpoint
CREATE TABLE `custody_request_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`asset_id` integer NOT NULL,
	`scan_date` integer,
	`scan_tool` text,
	`scan_definitions_date` text,
	`scan_result` text,
	FOREIGN KEY (`request_id`) REFERENCES `custody_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_request_items_uq` ON `custody_request_items` (`request_id`,`asset_id`);--> statement-breakpoint
CREATE INDEX `custody_request_items_asset_idx` ON `custody_request_items` (`asset_id`);--> statement-breakpoint
CREATE TABLE `custody_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`requester_id` integer NOT NULL,
	`carrier_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`window_from` integer NOT NULL,
	`window_to` integer NOT NULL,
	`destination` text DEFAULT '' NOT NULL,
	`expected_return_at` integer,
	`protection` text,
	`repair` text,
	`reject_reason` text,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`decided_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carrier_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `custody_requests_area_idx` ON `custody_requests` (`area_id`,`status`);--> statement-breakpoint
CREATE INDEX `custody_requests_carrier_idx` ON `custody_requests` (`carrier_id`);--> statement-breakpoint
CREATE TABLE `exit_confirmations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_event_id` integer NOT NULL,
	`asset_id` integer NOT NULL,
	`answer` text NOT NULL,
	`movement_id` integer,
	`person_id` integer NOT NULL,
	`kiosk_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`entry_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`movement_id`) REFERENCES `movements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kiosk_id`) REFERENCES `kiosks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exit_confirmations_uq` ON `exit_confirmations` (`entry_event_id`,`asset_id`);--> statement-breakpoint
CREATE TABLE `movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`asset_id` integer,
	`scanned_code` text NOT NULL,
	`request_id` integer,
	`area_id` integer NOT NULL,
	`direction` text NOT NULL,
	`result` text NOT NULL,
	`refusal_reason` text,
	`person_id` integer,
	`access_event_id` integer,
	`kiosk_id` integer,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`idempotency_scope` text,
	`idempotency_key` text,
	`request_hash` text,
	FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `custody_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`access_event_id`) REFERENCES `access_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kiosk_id`) REFERENCES `kiosks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `movements_area_time_idx` ON `movements` (`area_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `movements_asset_idx` ON `movements` (`asset_id`,`occurred_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `movements_idempotency_uq` ON `movements` (`idempotency_scope`,`idempotency_key`);--> statement-breakpoint
ALTER TABLE `ledger_signoffs` ADD `ledger` text DEFAULT 'access' NOT NULL;