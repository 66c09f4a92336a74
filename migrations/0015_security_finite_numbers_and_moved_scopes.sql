-- Last line of defence for numbers: the database refuses Infinity (SQLite has no NaN; it stores NULL).
-- The API refuses them first with a 400 naming the field (server/http/validation.ts).
CREATE TRIGGER `criteria_finite_insert` BEFORE INSERT ON `criteria`
WHEN NEW.`target` IN (9e999, -9e999) OR NEW.`amber_threshold` IN (9e999, -9e999) OR NEW.`weight` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'criteria: target, amber_threshold, weight must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `criteria_finite_update` BEFORE UPDATE ON `criteria`
WHEN NEW.`target` IN (9e999, -9e999) OR NEW.`amber_threshold` IN (9e999, -9e999) OR NEW.`weight` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'criteria: target, amber_threshold, weight must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_overrides_finite_insert` BEFORE INSERT ON `criterion_overrides`
WHEN NEW.`target` IN (9e999, -9e999) OR NEW.`amber_threshold` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'criterion_overrides: target, amber_threshold must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_overrides_finite_update` BEFORE UPDATE ON `criterion_overrides`
WHEN NEW.`target` IN (9e999, -9e999) OR NEW.`amber_threshold` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'criterion_overrides: target, amber_threshold must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `readings_finite_insert` BEFORE INSERT ON `readings`
WHEN NEW.`value` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'readings: value must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `readings_finite_update` BEFORE UPDATE ON `readings`
WHEN NEW.`value` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'readings: value must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `settings_finite_insert` BEFORE INSERT ON `settings`
WHEN NEW.`score_red_below` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'settings: score_red_below must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `settings_finite_update` BEFORE UPDATE ON `settings`
WHEN NEW.`score_red_below` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'settings: score_red_below must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `early_wins_finite_insert` BEFORE INSERT ON `early_wins`
WHEN NEW.`evidence_value` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'early_wins: evidence_value must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `early_wins_finite_update` BEFORE UPDATE ON `early_wins`
WHEN NEW.`evidence_value` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'early_wins: evidence_value must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `comms_activities_finite_insert` BEFORE INSERT ON `comms_activities`
WHEN NEW.`open_rate` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'comms_activities: open_rate must be a finite number');
END;
--> statement-breakpoint
CREATE TRIGGER `comms_activities_finite_update` BEFORE UPDATE ON `comms_activities`
WHEN NEW.`open_rate` IN (9e999, -9e999)
BEGIN
  SELECT RAISE(ABORT, 'comms_activities: open_rate must be a finite number');
END;
--> statement-breakpoint
-- A row that moves to another council (or item) changes the read models of the scope it left as well as the one
-- it joined: the update triggers of migrations 0006/0007 bump only the new scope.
CREATE TRIGGER `early_wins_version_update_old` AFTER UPDATE ON `early_wins`
WHEN OLD.`council_id` IS NOT NEW.`council_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rollout_items_version_update_old` AFTER UPDATE ON `rollout_items`
WHEN OLD.`council_id` IS NOT NEW.`council_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_groups_version_update_old` AFTER UPDATE ON `council_groups`
WHEN OLD.`council_id` IS NOT NEW.`council_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blockers_version_update_old` AFTER UPDATE ON `blockers`
WHEN OLD.`item_id` IS NOT NEW.`item_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = OLD.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
