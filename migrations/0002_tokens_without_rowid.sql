-- Confirm and remove tokens in a WITHOUT ROWID table: each token row lives in its primary-key
-- B-tree (the token hash) instead of a rowid table plus a separate index on the hash, so a
-- signature writes 9 B-tree rows instead of 11 (D1 counts them as rows written). drizzle has
-- no way to say WITHOUT ROWID: see the note on `signatureTokens` in src/db/schema.ts.
CREATE TABLE `signature_tokens_new` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`signature_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `signature_tokens_new` (`token_hash`, `signature_id`, `purpose`, `expires_at`)
	SELECT `token_hash`, `signature_id`, `purpose`, `expires_at` FROM `signature_tokens`;
--> statement-breakpoint
DROP TABLE `signature_tokens`;
--> statement-breakpoint
ALTER TABLE `signature_tokens_new` RENAME TO `signature_tokens`;
--> statement-breakpoint
CREATE INDEX `signature_tokens_signature` ON `signature_tokens` (`signature_id`);
