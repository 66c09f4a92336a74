CREATE TABLE `blackouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`council_id` integer,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`repeats_monthly` integer DEFAULT false NOT NULL,
	`repeats_until` text,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "blackouts_days_in_order" CHECK("blackouts"."starts_on" <= "blackouts"."ends_on")
);
--> statement-breakpoint
CREATE INDEX `blackouts_council_idx` ON `blackouts` (`council_id`);--> statement-breakpoint
CREATE TABLE `dependencies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`before_feature_id` integer,
	`before_item_id` integer,
	`milestone_id` integer,
	`after_feature_id` integer,
	`after_item_id` integer,
	`lag_working_days` integer DEFAULT 0 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`before_feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`before_item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`milestone_id`) REFERENCES `milestones`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`after_feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`after_item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "dependencies_lag_range" CHECK("dependencies"."lag_working_days" between 0 and 250),
	CONSTRAINT "dependencies_shape" CHECK(("dependencies"."kind" = 'feature' and "dependencies"."before_feature_id" is not null and "dependencies"."after_feature_id" is not null
      and "dependencies"."before_item_id" is null and "dependencies"."after_item_id" is null and "dependencies"."milestone_id" is null)
      or ("dependencies"."kind" = 'item' and "dependencies"."before_item_id" is not null and "dependencies"."after_item_id" is not null
      and "dependencies"."before_feature_id" is null and "dependencies"."after_feature_id" is null and "dependencies"."milestone_id" is null)
      or ("dependencies"."kind" = 'milestone' and "dependencies"."milestone_id" is not null and "dependencies"."before_feature_id" is null and "dependencies"."before_item_id" is null
      and ("dependencies"."after_feature_id" is null) <> ("dependencies"."after_item_id" is null)))
);
--> statement-breakpoint
CREATE INDEX `dependencies_before_feature_idx` ON `dependencies` (`before_feature_id`);--> statement-breakpoint
CREATE INDEX `dependencies_before_item_idx` ON `dependencies` (`before_item_id`);--> statement-breakpoint
CREATE INDEX `dependencies_milestone_idx` ON `dependencies` (`milestone_id`);--> statement-breakpoint
CREATE INDEX `dependencies_after_feature_idx` ON `dependencies` (`after_feature_id`);--> statement-breakpoint
CREATE INDEX `dependencies_after_item_idx` ON `dependencies` (`after_item_id`);--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`on_day` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `milestones_name_unique` ON `milestones` (lower("name"));--> statement-breakpoint
ALTER TABLE `councils` ADD `region` text DEFAULT 'england-wales' NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `dependency_rule` text DEFAULT 'warn' NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `office_region` text DEFAULT 'england-wales' NOT NULL;