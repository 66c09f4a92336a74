CREATE TABLE `latest_readings` (
	`criterion_id` integer NOT NULL,
	`council_id` integer NOT NULL,
	`feature_key` integer NOT NULL,
	`reading_id` integer NOT NULL,
	`value` real NOT NULL,
	`reading_date` text NOT NULL,
	PRIMARY KEY(`council_id`, `criterion_id`, `feature_key`)
);
--> statement-breakpoint
CREATE TABLE `read_model_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
