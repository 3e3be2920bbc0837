ALTER TABLE `city_permissions` ADD `review_credential_id` text;--> statement-breakpoint
ALTER TABLE `city_permissions` ADD `review_digest` text;