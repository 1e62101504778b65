CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`detail` text
);
--> statement-breakpoint
CREATE TABLE `blocklist` (
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`kind`, `value`)
);
--> statement-breakpoint
CREATE TABLE `campaign_sources` (
	`campaign_id` integer NOT NULL,
	`position` integer NOT NULL,
	`sentence` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `position`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaign_translations` (
	`campaign_id` integer NOT NULL,
	`lang` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`story` text NOT NULL,
	`target` text NOT NULL,
	`asks` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `lang`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`defender_id` integer,
	`release_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`goal` integer NOT NULL,
	`languages` text DEFAULT '["en"]' NOT NULL,
	`allowed_origins` text DEFAULT '[]' NOT NULL,
	`opened_at` integer,
	`closed_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`defender_id`) REFERENCES `defenders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_slug_unique` ON `campaigns` (`slug`);--> statement-breakpoint
CREATE TABLE `defender_translations` (
	`defender_id` integer NOT NULL,
	`lang` text NOT NULL,
	`name` text NOT NULL,
	`situation` text NOT NULL,
	PRIMARY KEY(`defender_id`, `lang`),
	FOREIGN KEY (`defender_id`) REFERENCES `defenders`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `defenders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`country` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `defenders_slug_unique` ON `defenders` (`slug`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`delivered_on` text NOT NULL,
	`recipient` text NOT NULL,
	`count` integer NOT NULL,
	`digest` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `invalidations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`criteria` text NOT NULL,
	`count` integer NOT NULL,
	`applied_at` integer NOT NULL,
	`reverted_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`name` text NOT NULL,
	`country` text,
	`body` text NOT NULL,
	`lang` text DEFAULT 'en' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`ip_hash` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`moderated_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_campaign_status` ON `messages` (`campaign_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`publisher` text,
	`published_on` text,
	`place` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `releases_slug_unique` ON `releases` (`slug`);--> statement-breakpoint
CREATE TABLE `signature_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`signature_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `signature_tokens_signature` ON `signature_tokens` (`signature_id`);--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`email_hash` text NOT NULL,
	`email_cipher` text,
	`email_key_id` text,
	`name` text,
	`country` text NOT NULL,
	`city` text,
	`comment` text,
	`show_name` integer DEFAULT false NOT NULL,
	`name_in_delivery` integer DEFAULT false NOT NULL,
	`keep_informed` integer DEFAULT false NOT NULL,
	`lang` text DEFAULT 'en' NOT NULL,
	`status` text NOT NULL,
	`rev` integer DEFAULT 0 NOT NULL,
	`status_before_invalidation` text,
	`invalidation_id` integer,
	`ip_hash` text,
	`email_domain` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`confirmed_at` integer,
	`removed_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_campaign_email` ON `signatures` (`campaign_id`,`email_hash`);--> statement-breakpoint
CREATE INDEX `signatures_campaign_status` ON `signatures` (`campaign_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `signatures_ip` ON `signatures` (`ip_hash`);--> statement-breakpoint
CREATE INDEX `signatures_created` ON `signatures` (`created_at`);--> statement-breakpoint
CREATE TABLE `tallies` (
	`campaign_id` integer NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `dimension`, `key`)
);
