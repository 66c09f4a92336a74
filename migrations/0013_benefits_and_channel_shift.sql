CREATE TABLE `benefit_baselines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`transaction_type_id` integer NOT NULL,
	`paper` integer,
	`email` integer,
	`phone` integer,
	`face_to_face` integer,
	`online` integer,
	`assisted` integer,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`transaction_type_id`) REFERENCES `transaction_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `benefit_baselines_council_type_unique` ON `benefit_baselines` (`council_id`,`transaction_type_id`);--> statement-breakpoint
CREATE INDEX `benefit_baselines_type_idx` ON `benefit_baselines` (`transaction_type_id`);--> statement-breakpoint
CREATE TABLE `benefit_volumes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`transaction_type_id` integer NOT NULL,
	`month` text NOT NULL,
	`paper` integer,
	`email` integer,
	`phone` integer,
	`face_to_face` integer,
	`online` integer,
	`assisted` integer,
	`note` text DEFAULT '' NOT NULL,
	`entered_by` integer,
	`entered_by_name` text NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`transaction_type_id`) REFERENCES `transaction_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `benefit_volumes_series_idx` ON `benefit_volumes` (`council_id`,`transaction_type_id`,`month`,`id`);--> statement-breakpoint
CREATE INDEX `benefit_volumes_type_idx` ON `benefit_volumes` (`transaction_type_id`);--> statement-breakpoint
CREATE TABLE `benefits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`measure` text NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`council_id` integer,
	`feature_id` integer,
	`baseline_value` integer,
	`target_value` integer NOT NULL,
	`start_date` text NOT NULL,
	`target_date` text NOT NULL,
	`profile` text NOT NULL,
	`status` text DEFAULT 'not_started' NOT NULL,
	`evidence` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `benefits_title_unique` ON `benefits` (lower("title"));--> statement-breakpoint
CREATE TABLE `setup_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer,
	`description` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`incurred_on` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `setup_costs_incurred_idx` ON `setup_costs` (`incurred_on`);--> statement-breakpoint
CREATE TABLE `transaction_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feature_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`channels` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transaction_types_code_unique` ON `transaction_types` (upper("code"));--> statement-breakpoint
CREATE UNIQUE INDEX `transaction_types_name_unique` ON `transaction_types` (lower("name"));--> statement-breakpoint
CREATE INDEX `transaction_types_feature_idx` ON `transaction_types` (`feature_id`);--> statement-breakpoint
CREATE TABLE `unit_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer,
	`transaction_type_id` integer,
	`channel` text NOT NULL,
	`cost_pence` integer NOT NULL,
	`cashable` integer DEFAULT false NOT NULL,
	`indicative` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`source_date` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`transaction_type_id`) REFERENCES `transaction_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_costs_scope_unique` ON `unit_costs` (coalesce("council_id", 0),coalesce("transaction_type_id", 0),`channel`);--> statement-breakpoint
CREATE INDEX `unit_costs_type_idx` ON `unit_costs` (`transaction_type_id`);--> statement-breakpoint
ALTER TABLE `early_wins` ADD `benefit_id` integer;--> statement-breakpoint
-- Actual volumes are history: a correction is a new entry for the month, never an edit.
CREATE TRIGGER `benefit_volumes_no_update` BEFORE UPDATE ON `benefit_volumes`
BEGIN
  SELECT RAISE(ABORT, 'benefit volumes are append-only: record a correction as a new entry');
END;
--> statement-breakpoint
CREATE TRIGGER `benefit_volumes_no_delete` BEFORE DELETE ON `benefit_volumes`
BEGIN
  SELECT RAISE(ABORT, 'benefit volumes are append-only: record a correction as a new entry');
END;
--> statement-breakpoint
CREATE TRIGGER `benefit_volumes_no_replace` BEFORE INSERT ON `benefit_volumes`
WHEN EXISTS (SELECT 1 FROM `benefit_volumes` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'benefit volumes are append-only: record a correction as a new entry');
END;
--> statement-breakpoint
-- Indicative programme defaults, to be replaced by the programme's own figures (docs/benefits.md).
-- Web, phone and face to face: Socitm Insight, channel value benchmarking 2008, median cost per contact across councils.
-- Paper, e-mail and assisted digital: programme assumptions from HR administrator time at £26 an hour with on-costs.
INSERT INTO `unit_costs` (`council_id`, `transaction_type_id`, `channel`, `cost_pence`, `cashable`, `indicative`, `source`, `source_date`, `version`, `created_at`, `updated_at`) VALUES
  (NULL, NULL, 'online', 27, 0, 1, 'Socitm Insight 2008, median cost per web contact across councils (indicative: replace with your own)', '2008-12-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  (NULL, NULL, 'phone', 376, 0, 1, 'Socitm Insight 2008, median cost per phone contact across councils (indicative: replace with your own)', '2008-12-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  (NULL, NULL, 'face_to_face', 934, 0, 1, 'Socitm Insight 2008, median cost per face-to-face contact across councils (indicative: replace with your own)', '2008-12-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  (NULL, NULL, 'paper', 520, 1, 1, 'Programme assumption: 12 minutes of HR administrator time at £26 an hour with on-costs, plus printing and post (indicative)', '2026-01-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  (NULL, NULL, 'email', 303, 0, 1, 'Programme assumption: 7 minutes of HR administrator time at £26 an hour with on-costs (indicative)', '2026-01-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  (NULL, NULL, 'assisted', 244, 0, 1, 'Programme assumption: a web contact (27p) plus 5 minutes of a helper''s time at £26 an hour with on-costs (indicative)', '2026-01-01', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
