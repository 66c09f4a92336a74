CREATE TABLE `blockers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`description` text NOT NULL,
	`owner` text NOT NULL,
	`due_date` text,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_on` text NOT NULL,
	`resolved_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `blockers_item_idx` ON `blockers` (`item_id`,`status`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`unit` text NOT NULL,
	`direction` text NOT NULL,
	`target` real NOT NULL,
	`amber_threshold` real NOT NULL,
	`weight` real DEFAULT 1 NOT NULL,
	`mandatory` integer DEFAULT false NOT NULL,
	`scope` text NOT NULL,
	`audience` text DEFAULT 'all' NOT NULL,
	`phase` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_code_unique` ON `criteria` (upper("code"));--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_name_unique` ON `criteria` (lower("name"));--> statement-breakpoint
CREATE TABLE `criterion_overrides` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`criterion_id` integer NOT NULL,
	`council_id` integer,
	`wave_id` integer,
	`target` real NOT NULL,
	`amber_threshold` real NOT NULL,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criterion_overrides_unique` ON `criterion_overrides` (`criterion_id`,coalesce("council_id", 0),coalesce("wave_id", 0));--> statement-breakpoint
CREATE TABLE `early_wins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`feature_id` integer,
	`title` text NOT NULL,
	`story` text NOT NULL,
	`won_on` text NOT NULL,
	`evidence_value` real,
	`evidence_unit` text DEFAULT '' NOT NULL,
	`evidence_note` text DEFAULT '' NOT NULL,
	`evidence_link` text,
	`author_id` integer,
	`author_name` text NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`published_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `early_wins_council_idx` ON `early_wins` (`council_id`,`won_on`);--> statement-breakpoint
CREATE INDEX `early_wins_published_idx` ON `early_wins` (`published`,`won_on`);--> statement-breakpoint
CREATE TABLE `gate_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`wave_id` integer,
	`proposed` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`evidence` text NOT NULL,
	`as_of` text NOT NULL,
	`decided_by` integer,
	`decided_by_name` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `gate_decisions_item_idx` ON `gate_decisions` (`item_id`,`id`);--> statement-breakpoint
CREATE TABLE `readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`criterion_id` integer NOT NULL,
	`council_id` integer NOT NULL,
	`feature_id` integer,
	`value` real NOT NULL,
	`reading_date` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`entered_by` integer,
	`entered_by_name` text NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `readings_council_criterion_idx` ON `readings` (`council_id`,`criterion_id`,`feature_id`,`reading_date`);--> statement-breakpoint
CREATE INDEX `readings_criterion_idx` ON `readings` (`criterion_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`score_red_below` real DEFAULT 60 NOT NULL,
	`stale_after_days` integer DEFAULT 30 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
