-- Campaigns that stay true (issue 16, items 4 and 7): when a campaign was last reviewed, how it
-- ended, its image, and its dated updates. Hand-written; src/db/schema.ts matches it.
ALTER TABLE `campaigns` ADD `reviewed_on` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `outcome_note` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_key` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_type` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_alt` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `image_credit` text;--> statement-breakpoint
CREATE TABLE `campaign_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`posted_on` text NOT NULL,
	`body` text NOT NULL,
	`source_url` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campaign_updates_campaign` ON `campaign_updates` (`campaign_id`,`posted_on`,`id`);
