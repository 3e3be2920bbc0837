CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`kind` text NOT NULL,
	`subject_key` text NOT NULL,
	`subject` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`digest` text NOT NULL,
	`previous_id` integer,
	`submitted_by` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`return_comment` text,
	`receipt_credential_id` text,
	`receipt_assertion` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receipt_credential_id`) REFERENCES `credentials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `submissions_site_status_idx` ON `submissions` (`site_id`,`status`);--> statement-breakpoint
CREATE INDEX `submissions_subject_idx` ON `submissions` (`kind`,`subject_key`);