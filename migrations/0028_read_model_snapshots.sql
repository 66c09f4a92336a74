CREATE TABLE `read_model_snapshots` (
	`key` text PRIMARY KEY NOT NULL,
	`stamp` text NOT NULL,
	`body` blob NOT NULL,
	`made_at` text NOT NULL
);
