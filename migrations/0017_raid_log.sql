CREATE TABLE `programme_statuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`commentary` text DEFAULT '' NOT NULL,
	`decisions_needed` text DEFAULT '' NOT NULL,
	`councils` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_statuses_period_uq` ON `programme_statuses` (`period`);--> statement-breakpoint
CREATE TABLE `raid_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`owner_user_id` integer,
	`owner_name` text DEFAULT '' NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_on` text NOT NULL,
	`closed_on` text,
	`council_id` integer,
	`raid_entry_id` integer,
	`item_id` integer,
	`gate_decision_id` integer,
	`condition` text DEFAULT '' NOT NULL,
	`blocker_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`raid_entry_id`) REFERENCES `raid_entries`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`gate_decision_id`) REFERENCES `gate_decisions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`blocker_id`) REFERENCES `blockers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `raid_actions_item_idx` ON `raid_actions` (`item_id`,`status`);--> statement-breakpoint
CREATE INDEX `raid_actions_entry_idx` ON `raid_actions` (`raid_entry_id`);--> statement-breakpoint
CREATE INDEX `raid_actions_gate_idx` ON `raid_actions` (`gate_decision_id`);--> statement-breakpoint
CREATE INDEX `raid_actions_owner_idx` ON `raid_actions` (`owner_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `raid_actions_council_idx` ON `raid_actions` (`council_id`,`status`);--> statement-breakpoint
CREATE TABLE `raid_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`scope` text NOT NULL,
	`council_id` integer,
	`wave_id` integer,
	`feature_id` integer,
	`item_id` integer,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`shareable` integer DEFAULT false NOT NULL,
	`owner_user_id` integer,
	`owner_name` text DEFAULT '' NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`likelihood` integer,
	`impact` integer,
	`proximity` text,
	`trend` text,
	`response` text,
	`validate_by` text,
	`raised_on` text NOT NULL,
	`closed_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `raid_entries_council_idx` ON `raid_entries` (`council_id`,`status`);--> statement-breakpoint
CREATE INDEX `raid_entries_item_idx` ON `raid_entries` (`item_id`);--> statement-breakpoint
CREATE INDEX `raid_entries_type_idx` ON `raid_entries` (`type`,`status`);