CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_tokenHash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `campaign_partners` (
	`campaign_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`listed` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`campaign_id`, `organisation_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_partners_organisation` ON `campaign_partners` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signature_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`purpose` text DEFAULT 'updates' NOT NULL,
	`status` text NOT NULL,
	`notice_id` integer,
	`lang` text NOT NULL,
	`source` text NOT NULL,
	`email_cipher` text,
	`email_key_id` text,
	`asked_at` integer NOT NULL,
	`given_at` integer,
	`withdrawn_at` integer,
	FOREIGN KEY (`signature_id`) REFERENCES `signatures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_id`) REFERENCES `privacy_notices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consents_signature_organisation` ON `consents` (`signature_id`,`organisation_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `consents_organisation_status` ON `consents` (`organisation_id`,`status`);--> statement-breakpoint
CREATE TABLE `login_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `login_links_person` ON `login_links` (`person_id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`person_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	PRIMARY KEY(`person_id`, `organisation_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `memberships_organisation` ON `memberships` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`url` text,
	`sender_name` text NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email_hash` text,
	`email_cipher` text,
	`email_key_id` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_emailHash_unique` ON `people` (`email_hash`);--> statement-breakpoint
CREATE TABLE `privacy_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`lang` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `privacy_notices_version` ON `privacy_notices` (`organisation_id`,`lang`,`version`);--> statement-breakpoint
ALTER TABLE `admin_sessions` ADD `person_id` integer REFERENCES people(id);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `organisation_id` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `host_organisation_id` integer REFERENCES organisations(id);--> statement-breakpoint
ALTER TABLE `signatures` ADD `partner_id` integer REFERENCES organisations(id);--> statement-breakpoint
ALTER TABLE `signatures` ADD `keep_informed_by_partner` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `source` text DEFAULT 'page' NOT NULL;--> statement-breakpoint
ALTER TABLE `signatures` ADD `host_notice_id` integer REFERENCES privacy_notices(id);--> statement-breakpoint
ALTER TABLE `signatures` ADD `partner_notice_id` integer REFERENCES privacy_notices(id);--> statement-breakpoint
-- Data: the demo host and demo partner (labelled as demo data to be edited), their privacy
-- notices (version 1, en and ru), the bootstrap owner who signs in with ADMIN_TOKEN, and the
-- demo host as the host of every existing campaign. Existing "keep me informed" choices of
-- confirmed signers become consent rows for the host (their address stays on the signature).
INSERT INTO `organisations` (`id`, `slug`, `name`, `url`, `sender_name`, `demo`) VALUES
	(1, 'demo-host', 'Demo Host Organisation (example data — edit me)', 'https://example.org', 'Demo Host Organisation', 1),
	(2, 'demo-partner', 'Demo Partner NGO (example data — edit me)', 'https://partner.example.org', 'Demo Partner NGO', 1);
--> statement-breakpoint
INSERT INTO `privacy_notices` (`id`, `organisation_id`, `lang`, `version`, `body`) VALUES
	(1, 1, 'en', 1, 'DEMO NOTICE — an example to be replaced by the host organisation''s own.

Who holds your data: Demo Host Organisation, the host of this campaign (example data).
Why: to count your signature, to deliver the petition (with your name only if you agreed) and, if you asked, to keep you informed about this campaign.
What we keep: your name, country, optional city and comment, and your email address encrypted. We never keep your IP address, only a daily-changing keyed hash of it, deleted after 30 days.
How long: until 6 months after the campaign closes, or until you remove your signature.
How to be removed: every email we send has a link that removes your signature and erases your data, and a link that withdraws your consent to hear from us while keeping your signature.
Contact: privacy@example.org (example address).'),
	(2, 1, 'ru', 1, 'ДЕМОНСТРАЦИОННОЕ УВЕДОМЛЕНИЕ — пример, который организация-хозяин заменит своим.

Кто хранит ваши данные: Demo Host Organisation, организатор этой кампании (пример).
Зачем: чтобы учесть вашу подпись, передать петицию (с вашим именем, только если вы согласились) и, если вы просили, сообщать вам новости кампании.
Что мы храним: ваше имя, страну, по желанию город и комментарий, а также ваш адрес электронной почты в зашифрованном виде. Мы не храним ваш IP-адрес, только его ключевой хеш, который меняется каждый день и удаляется через 30 дней.
Как долго: до 6 месяцев после закрытия кампании или пока вы не удалите подпись.
Как удалить данные: в каждом письме есть ссылка, которая удаляет вашу подпись и стирает ваши данные, и ссылка, которая отзывает согласие получать от нас письма, сохраняя подпись.
Контакт: privacy@example.org (пример адреса).'),
	(3, 2, 'en', 1, 'DEMO NOTICE — an example to be replaced by the partner organisation''s own.

Who holds your data: Demo Partner NGO (example data), a partner promoting this campaign, only if you asked it to keep you informed.
Why: to send you news of this and related campaigns.
What it gets: your name and email address, once you confirm by email.
How long: until you withdraw your consent.
How to withdraw: every email has a link that withdraws your consent to this organisation and keeps your signature.
Contact: privacy@partner.example.org (example address).'),
	(4, 2, 'ru', 1, 'ДЕМОНСТРАЦИОННОЕ УВЕДОМЛЕНИЕ — пример, который организация-партнёр заменит своим.

Кто хранит ваши данные: Demo Partner NGO (пример), партнёр этой кампании, только если вы попросили сообщать вам новости.
Зачем: чтобы присылать вам новости этой и связанных кампаний.
Что она получает: ваше имя и адрес электронной почты после того, как вы подтвердите его по почте.
Как долго: пока вы не отзовёте согласие.
Как отозвать: в каждом письме есть ссылка, которая отзывает согласие этой организации и сохраняет подпись.
Контакт: privacy@partner.example.org (пример адреса).');
--> statement-breakpoint
INSERT INTO `people` (`id`, `name`) VALUES (1, 'First owner (ADMIN_TOKEN)');
--> statement-breakpoint
INSERT INTO `memberships` (`person_id`, `organisation_id`, `role`) VALUES (1, 1, 'owner');
--> statement-breakpoint
UPDATE `campaigns` SET `host_organisation_id` = 1 WHERE `host_organisation_id` IS NULL;
--> statement-breakpoint
UPDATE `signatures` SET `host_notice_id` = CASE `lang` WHEN 'ru' THEN 2 ELSE 1 END WHERE `host_notice_id` IS NULL;
--> statement-breakpoint
INSERT INTO `consents` (`signature_id`, `organisation_id`, `purpose`, `status`, `notice_id`, `lang`, `source`, `asked_at`, `given_at`)
	SELECT `id`, 1, 'updates', 'given', CASE `lang` WHEN 'ru' THEN 2 ELSE 1 END, `lang`, `source`, `created_at`, `confirmed_at`
	FROM `signatures` WHERE `keep_informed` = 1 AND `status` = 'confirmed';
