CREATE TABLE `council_capacities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`trainer_sessions_per_week` integer NOT NULL,
	`floorwalker_shifts_per_week` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "council_capacities_range" CHECK("council_capacities"."trainer_sessions_per_week" between 0 and 1000 and "council_capacities"."floorwalker_shifts_per_week" between 0 and 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `council_capacities_council_unique` ON `council_capacities` (`council_id`);--> statement-breakpoint
CREATE TABLE `feature_support_needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feature_id` integer NOT NULL,
	`trainer_sessions` integer NOT NULL,
	`floorwalker_shifts` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`feature_id`) REFERENCES `features`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "feature_support_needs_range" CHECK("feature_support_needs"."trainer_sessions" between 0 and 1000 and "feature_support_needs"."floorwalker_shifts" between 0 and 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feature_support_needs_feature_unique` ON `feature_support_needs` (`feature_id`);
--> statement-breakpoint
-- Read-model versions (server/db/read-model-scopes.ts): a council's capacity bumps its council, a feature's needs the programme.
CREATE TRIGGER `council_capacities_version_insert` AFTER INSERT ON `council_capacities`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_capacities_version_update` AFTER UPDATE ON `council_capacities`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_capacities_version_delete` AFTER DELETE ON `council_capacities`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_capacities_version_update_old` AFTER UPDATE ON `council_capacities`
WHEN OLD.`council_id` IS NOT NEW.`council_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feature_support_needs_version_insert` AFTER INSERT ON `feature_support_needs`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feature_support_needs_version_update` AFTER UPDATE ON `feature_support_needs`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feature_support_needs_version_delete` AFTER DELETE ON `feature_support_needs`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
