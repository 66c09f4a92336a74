CREATE TABLE `baseline_items` (
	`baseline_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`council_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`wave_id` integer,
	`planned_go_live` text,
	`status` text NOT NULL,
	PRIMARY KEY(`baseline_id`, `item_id`),
	FOREIGN KEY (`baseline_id`) REFERENCES `baselines`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `baselines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `baselines_name_unique` ON `baselines` (lower("name"));--> statement-breakpoint
CREATE INDEX `baselines_approved_at_idx` ON `baselines` (`approved_at`);--> statement-breakpoint
CREATE TABLE `council_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`name` text NOT NULL,
	`headcount` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `council_groups_council_name_unique` ON `council_groups` (`council_id`,lower("name"));--> statement-breakpoint
CREATE TABLE `councils` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`staff_headcount` integer NOT NULL,
	`manager_headcount` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `councils_name_unique` ON `councils` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `councils_code_unique` ON `councils` (upper("code"));--> statement-breakpoint
CREATE TABLE `features` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`audience` text NOT NULL,
	`benefit` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `features_name_unique` ON `features` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `features_code_unique` ON `features` (upper("code"));--> statement-breakpoint
CREATE TABLE `rollout_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`feature_id` integer NOT NULL,
	`wave_id` integer,
	`group_id` integer,
	`planned_date_override` text,
	`actual_go_live` text,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`group_id`) REFERENCES `council_groups`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rollout_items_council_feature_unique` ON `rollout_items` (`council_id`,`feature_id`);--> statement-breakpoint
CREATE INDEX `rollout_items_feature_idx` ON `rollout_items` (`feature_id`);--> statement-breakpoint
CREATE INDEX `rollout_items_wave_idx` ON `rollout_items` (`wave_id`);--> statement-breakpoint
CREATE INDEX `rollout_items_status_idx` ON `rollout_items` (`status`);--> statement-breakpoint
CREATE TABLE `waves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sequence` integer NOT NULL,
	`planned_go_live` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waves_name_unique` ON `waves` (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX `waves_sequence_unique` ON `waves` (`sequence`);