CREATE TABLE `activity_councils` (
	`activity_id` integer NOT NULL,
	`council_id` integer NOT NULL,
	PRIMARY KEY(`activity_id`, `council_id`),
	FOREIGN KEY (`activity_id`) REFERENCES `comms_activities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `activity_councils_council_idx` ON `activity_councils` (`council_id`,`activity_id`);--> statement-breakpoint
CREATE TABLE `comms_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wave_id` integer NOT NULL,
	`title` text NOT NULL,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`audience_group` text DEFAULT '' NOT NULL,
	`date_mode` text NOT NULL,
	`offset_days` integer,
	`fixed_date` text,
	`owner` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`done_on` text,
	`people_reached` integer,
	`attendance` integer,
	`open_rate` real,
	`note` text DEFAULT '' NOT NULL,
	`feeds_readiness` integer DEFAULT false NOT NULL,
	`template_activity_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`template_activity_id`) REFERENCES `comms_template_activities`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comms_activities_wave_idx` ON `comms_activities` (`wave_id`,`status`);--> statement-breakpoint
CREATE INDEX `comms_activities_template_idx` ON `comms_activities` (`template_activity_id`);--> statement-breakpoint
CREATE TABLE `comms_template_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`audience_group` text DEFAULT '' NOT NULL,
	`offset_days` integer NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comms_template_activities_title_unique` ON `comms_template_activities` (lower("title"));--> statement-breakpoint
CREATE TABLE `staff_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`feature_id` integer,
	`question` text NOT NULL,
	`channel` text NOT NULL,
	`category` text NOT NULL,
	`raised_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_by_user_id` integer,
	`answered_on` text,
	`published` integer DEFAULT false NOT NULL,
	`published_at` text,
	`logged_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `staff_questions_council_idx` ON `staff_questions` (`council_id`,`raised_on`);--> statement-breakpoint
CREATE INDEX `staff_questions_faq_idx` ON `staff_questions` (`published`,`feature_id`);--> statement-breakpoint
ALTER TABLE `settings` ADD `answer_target_working_days` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `silence_after_days` integer DEFAULT 28 NOT NULL;