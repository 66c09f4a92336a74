CREATE TABLE `pulse_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	`answered_on` text NOT NULL,
	`prompt` text NOT NULL,
	`text` text NOT NULL,
	`status` text DEFAULT 'unreviewed' NOT NULL,
	`reviewed_by_name` text,
	`reviewed_at` text,
	`discard_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`link_id`) REFERENCES `pulse_links`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`discard_id`) REFERENCES `pulse_discards`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `pulse_comments_survey_idx` ON `pulse_comments` (`survey_id`,`status`);--> statement-breakpoint
CREATE TABLE `pulse_discards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	`day` text NOT NULL,
	`reason` text NOT NULL,
	`responses` integer NOT NULL,
	`comments` integer NOT NULL,
	`discarded_by_name` text NOT NULL,
	`discarded_at` text NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`link_id`) REFERENCES `pulse_links`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `pulse_feeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`stage` text NOT NULL,
	`criterion_id` integer NOT NULL,
	`reading_id` integer NOT NULL,
	`fed_by_name` text NOT NULL,
	`fed_at` text NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`reading_id`) REFERENCES `readings`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pulse_feeds_unique` ON `pulse_feeds` (`survey_id`,`stage`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `pulse_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`token` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`expires_on` text NOT NULL,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pulse_links_token_unique` ON `pulse_links` (`token`);--> statement-breakpoint
CREATE INDEX `pulse_links_survey_idx` ON `pulse_links` (`survey_id`);--> statement-breakpoint
CREATE TABLE `pulse_marks` (
	`survey_id` integer NOT NULL,
	`browser_hash` text NOT NULL,
	PRIMARY KEY(`survey_id`, `browser_hash`),
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `pulse_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`link_id` integer NOT NULL,
	`answered_on` text NOT NULL,
	`awareness` integer,
	`desire` integer,
	`knowledge` integer,
	`ability` integer,
	`reinforcement` integer,
	`recommend` integer,
	`discard_id` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`link_id`) REFERENCES `pulse_links`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`discard_id`) REFERENCES `pulse_discards`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `pulse_responses_survey_idx` ON `pulse_responses` (`survey_id`,`answered_on`);--> statement-breakpoint
CREATE TABLE `pulse_surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`group_id` integer,
	`wave_id` integer NOT NULL,
	`title` text NOT NULL,
	`opens_on` text NOT NULL,
	`ask_recommend` integer DEFAULT true NOT NULL,
	`created_by_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`group_id`) REFERENCES `council_groups`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`wave_id`) REFERENCES `waves`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `pulse_surveys_council_idx` ON `pulse_surveys` (`council_id`,`opens_on`);--> statement-breakpoint
CREATE TABLE `voice_ideas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`comment_id` integer,
	`title` text NOT NULL,
	`you_said` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`we_did` text DEFAULT '' NOT NULL,
	`decided_on` text,
	`win_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`comment_id`) REFERENCES `pulse_comments`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`win_id`) REFERENCES `early_wins`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `voice_ideas_council_idx` ON `voice_ideas` (`council_id`,`status`);--> statement-breakpoint
ALTER TABLE `settings` ADD `survey_min_responses` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
-- Discards and feeds are records of decisions: never changed, never removed (docs/staff-voice.md).
CREATE TRIGGER `pulse_discards_no_update` BEFORE UPDATE ON `pulse_discards` BEGIN SELECT RAISE(ABORT, 'pulse_discards is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pulse_discards_no_delete` BEFORE DELETE ON `pulse_discards` BEGIN SELECT RAISE(ABORT, 'pulse_discards is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pulse_feeds_no_update` BEFORE UPDATE ON `pulse_feeds` BEGIN SELECT RAISE(ABORT, 'pulse_feeds is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pulse_feeds_no_delete` BEFORE DELETE ON `pulse_feeds` BEGIN SELECT RAISE(ABORT, 'pulse_feeds is append-only'); END;
