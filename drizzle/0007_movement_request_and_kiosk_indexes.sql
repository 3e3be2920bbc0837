CREATE INDEX `access_events_kiosk_time_idx` ON `access_events` (`kiosk_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `movements_request_idx` ON `movements` (`request_id`);