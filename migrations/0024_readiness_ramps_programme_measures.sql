CREATE TABLE `criterion_ramps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`criterion_id` integer NOT NULL,
	`effective_from` text NOT NULL,
	`points` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`entered_by` integer,
	`entered_by_name` text NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `criterion_ramps_criterion_idx` ON `criterion_ramps` (`criterion_id`,`effective_from`,`id`);--> statement-breakpoint
CREATE TABLE `programme_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`criterion_id` integer NOT NULL,
	`value` real NOT NULL,
	`reading_date` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`entered_by` integer,
	`entered_by_name` text NOT NULL,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `programme_readings_series_idx` ON `programme_readings` (`criterion_id`,`reading_date`,`id`);--> statement-breakpoint
ALTER TABLE `criteria` ADD `tracking_only` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Ramps and programme-wide readings are history, like readings: a change is a new row, never an edit.
CREATE TRIGGER `criterion_ramps_no_update` BEFORE UPDATE ON `criterion_ramps`
BEGIN
  SELECT RAISE(ABORT, 'criterion ramps are append-only: record a new ramp from a later day');
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_ramps_no_delete` BEFORE DELETE ON `criterion_ramps`
BEGIN
  SELECT RAISE(ABORT, 'criterion ramps are append-only: record a new ramp from a later day');
END;
--> statement-breakpoint
CREATE TRIGGER `programme_readings_no_update` BEFORE UPDATE ON `programme_readings`
BEGIN
  SELECT RAISE(ABORT, 'programme readings are append-only: record a correction as a new reading');
END;
--> statement-breakpoint
CREATE TRIGGER `programme_readings_no_delete` BEFORE DELETE ON `programme_readings`
BEGIN
  SELECT RAISE(ABORT, 'programme readings are append-only: record a correction as a new reading');
END;
--> statement-breakpoint
CREATE TRIGGER `programme_readings_finite_insert` BEFORE INSERT ON `programme_readings`
WHEN NEW.`value` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'programme readings: value must be a finite number');
END;
--> statement-breakpoint
-- Both feed every council's readiness: a new row changes the programme's read models (read-model-scopes.ts).
CREATE TRIGGER `criterion_ramps_version_insert` AFTER INSERT ON `criterion_ramps`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_readings_version_insert` AFTER INSERT ON `programme_readings`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
