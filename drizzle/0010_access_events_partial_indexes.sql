DROP INDEX `access_events_visitor_idx`;--> statement-breakpoint
DROP INDEX `access_events_corrects_idx`;--> statement-breakpoint
CREATE INDEX `access_events_visitor_idx` ON `access_events` (`visitor_id`,`occurred_at`) WHERE visitor_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `access_events_corrects_idx` ON `access_events` (`corrects_event_id`) WHERE corrects_event_id IS NOT NULL;