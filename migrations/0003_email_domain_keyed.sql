-- Email domains are stored keyed (HMAC with EMAIL_PEPPER), never in clear: a personal domain
-- names a person. SQL cannot compute the HMAC, so rows written before this migration keep their
-- clear domain in `email_domain` until the daily Cron Trigger keys them (src/jobs/retention.ts,
-- `keyLegacyDomains`), which then empties `email_domain`; until then invalidations by domain
-- match either column. New rows never write `email_domain`.
ALTER TABLE `signatures` ADD `email_domain_key` text;
--> statement-breakpoint
-- Only rows still holding a clear domain are indexed: empty once they are keyed, and never
-- written by a new signature.
CREATE INDEX `signatures_legacy_domain` ON `signatures` (`email_domain`) WHERE `email_domain` IS NOT NULL;
--> statement-breakpoint
-- Where the data is erased anyway, the clear domain goes now: removed signatures and campaigns
-- already anonymised by retention.
UPDATE `signatures` SET `email_domain` = NULL WHERE `email_domain` IS NOT NULL AND (`status` = 'removed'
  OR `campaign_id` IN (SELECT c.`id` FROM `campaigns` c WHERE c.`status` = 'closed' AND EXISTS (
    SELECT 1 FROM `audit_log` a WHERE a.`action` = 'retention.anonymise' AND a.`subject` = c.`slug`
      AND a.`at` >= c.`closed_at`)));
