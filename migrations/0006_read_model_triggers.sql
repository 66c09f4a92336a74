-- Read models kept in step with their sources by the database itself, in the same transaction as each write.

-- 1. The newest reading of every series.
CREATE TRIGGER `readings_keep_latest` AFTER INSERT ON `readings`
BEGIN
  INSERT INTO `latest_readings` (`criterion_id`, `council_id`, `feature_key`, `reading_id`, `value`, `reading_date`)
  VALUES (NEW.`criterion_id`, NEW.`council_id`, coalesce(NEW.`feature_id`, 0), NEW.`id`, NEW.`value`, NEW.`reading_date`)
  ON CONFLICT (`council_id`, `criterion_id`, `feature_key`) DO UPDATE SET
    `reading_id` = excluded.`reading_id`, `value` = excluded.`value`, `reading_date` = excluded.`reading_date`
  WHERE excluded.`reading_date` >= `latest_readings`.`reading_date`;
END;
--> statement-breakpoint
INSERT INTO `latest_readings` (`criterion_id`, `council_id`, `feature_key`, `reading_id`, `value`, `reading_date`)
SELECT `criterion_id`, `council_id`, coalesce(`feature_id`, 0), `id`, `value`, `reading_date` FROM (
  SELECT r.*, row_number() OVER (PARTITION BY `criterion_id`, `council_id`, coalesce(`feature_id`, 0) ORDER BY `reading_date` DESC, `id` DESC) AS rn
  FROM `readings` r
) WHERE rn = 1;

--> statement-breakpoint
-- 2. Versions: one per council and one for the programme ('global'); cached evaluations are valid while theirs are.
CREATE TRIGGER `readings_version_insert` AFTER INSERT ON `readings`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rollout_items_version_insert` AFTER INSERT ON `rollout_items`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rollout_items_version_update` AFTER UPDATE ON `rollout_items`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `rollout_items_version_delete` AFTER DELETE ON `rollout_items`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `councils_version_update` AFTER UPDATE ON `councils`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `councils_version_delete` AFTER DELETE ON `councils`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_groups_version_insert` AFTER INSERT ON `council_groups`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_groups_version_update` AFTER UPDATE ON `council_groups`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `council_groups_version_delete` AFTER DELETE ON `council_groups`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `features_version_insert` AFTER INSERT ON `features`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `features_version_update` AFTER UPDATE ON `features`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `features_version_delete` AFTER DELETE ON `features`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `waves_version_insert` AFTER INSERT ON `waves`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `waves_version_update` AFTER UPDATE ON `waves`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `waves_version_delete` AFTER DELETE ON `waves`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criteria_version_insert` AFTER INSERT ON `criteria`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criteria_version_update` AFTER UPDATE ON `criteria`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criteria_version_delete` AFTER DELETE ON `criteria`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_overrides_version_insert` AFTER INSERT ON `criterion_overrides`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_overrides_version_update` AFTER UPDATE ON `criterion_overrides`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `criterion_overrides_version_delete` AFTER DELETE ON `criterion_overrides`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_insert` AFTER INSERT ON `settings`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_update` AFTER UPDATE ON `settings`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_delete` AFTER DELETE ON `settings`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `baselines_version_insert` AFTER INSERT ON `baselines`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `baselines_version_update` AFTER UPDATE ON `baselines`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `baselines_version_delete` AFTER DELETE ON `baselines`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
