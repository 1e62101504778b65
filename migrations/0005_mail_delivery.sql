-- Mail that is never lost (issue 17). What confirmation mail a signature is owed lives on its
-- row, written in the same statement as the signature itself (the column defaults), so a
-- Worker killed right after its 202 leaves the debt in D1 for the sweep to find. No new B-tree
-- row per signature: the partial index holds only rows whose mail has been touched since
-- (retried, swept, re-owed, given up), and fresh rows are found by id past `mail_sweep`.
ALTER TABLE `signatures` ADD `mail_state` text DEFAULT 'owed' NOT NULL;
--> statement-breakpoint
ALTER TABLE `signatures` ADD `mail_gen` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `signatures` ADD `mail_attempts` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `signatures` ADD `mail_due_at` integer;
--> statement-breakpoint
ALTER TABLE `signatures` ADD `mail_owed_at` integer;
--> statement-breakpoint
-- Signatures from before this migration had their mail sent (or lost) by the old path.
UPDATE `signatures` SET `mail_state` = 'sent';
--> statement-breakpoint
CREATE INDEX `signatures_mail_due` ON `signatures` (`mail_state`,`mail_due_at`) WHERE `mail_due_at` IS NOT NULL;
--> statement-breakpoint
CREATE TABLE `mail_sweep` (
	`id` integer PRIMARY KEY NOT NULL,
	`after_id` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `mail_sweep` (`id`, `after_id`) SELECT 1, coalesce(max(`id`), 0) FROM `signatures`;
