-- Cheaper durable signing (issue 17): the link-token hashes of a signature's current mail live
-- on its row, written by the mail consumer in the statement that marks the mail sent (the
-- tokens are derived from the row, src/lib/link-tokens.ts), instead of two `signature_tokens`
-- rows written by the signing request. Signing writes its row and four index entries; the
-- consumer one row update and two index entries. Partial unique indexes: a row without a mail
-- sent yet (or whose links expired or were moved) has no entry. `signature_tokens` keeps the
-- hashes of earlier mails of a signature (moved there when signing again owes a new one), a
-- removed signature's remove link (moved there by the removal), the partner-consent links, and
-- every token written before this migration.
-- Hand-written; src/db/schema.ts matches it (drizzle-kit generates the same statements).
ALTER TABLE `signatures` ADD `confirm_hash` text;--> statement-breakpoint
ALTER TABLE `signatures` ADD `remove_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_confirm_hash` ON `signatures` (`confirm_hash`) WHERE `confirm_hash` IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `signatures_remove_hash` ON `signatures` (`remove_hash`) WHERE `remove_hash` IS NOT NULL;--> statement-breakpoint
-- Partner-consent mail is owed in D1 too (it was sent once from the request's waitUntil): null
-- when no mail is owed (every consent before this migration), then `owed`, `sent` or `failed`.
ALTER TABLE `consents` ADD `mail_state` text;--> statement-breakpoint
ALTER TABLE `consents` ADD `mail_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `consents` ADD `mail_due_at` integer;--> statement-breakpoint
CREATE INDEX `consents_mail_due` ON `consents` (`mail_state`,`mail_due_at`) WHERE `mail_state` = 'owed';
