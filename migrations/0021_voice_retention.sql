CREATE TABLE `pulse_tallies` (
	`survey_id` integer PRIMARY KEY NOT NULL,
	`responses` integer NOT NULL,
	`counts` text NOT NULL,
	`answers_deleted` integer NOT NULL,
	`comments_deleted` integer NOT NULL,
	`marks_deleted` integer NOT NULL,
	`last_answered_on` text,
	`deleted_on` text NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `pulse_surveys`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
-- A round's tally is written once, when its answers are deleted, and is the only record of them left (docs/staff-voice.md).
CREATE TRIGGER `pulse_tallies_no_update` BEFORE UPDATE ON `pulse_tallies` BEGIN SELECT RAISE(ABORT, 'pulse_tallies is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pulse_tallies_no_delete` BEFORE DELETE ON `pulse_tallies` BEGIN SELECT RAISE(ABORT, 'pulse_tallies is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `pulse_tallies_no_replace` BEFORE INSERT ON `pulse_tallies`
WHEN EXISTS (SELECT 1 FROM `pulse_tallies` WHERE `survey_id` = NEW.`survey_id`)
BEGIN
  SELECT RAISE(ABORT, 'pulse_tallies is append-only');
END;
