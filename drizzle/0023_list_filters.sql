CREATE INDEX `visitors_registered_idx` ON `visitors` (`registered_at`,`id`);--> statement-breakpoint
CREATE INDEX `custody_requests_created_idx` ON `custody_requests` (`created_at`,`id`);