-- Wins, gate decisions and blockers show on the dashboard too: their writes bump their council's version.
CREATE TRIGGER `early_wins_version_insert` AFTER INSERT ON `early_wins`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blockers_version_insert` AFTER INSERT ON `blockers`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = NEW.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `early_wins_version_update` AFTER UPDATE ON `early_wins`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blockers_version_update` AFTER UPDATE ON `blockers`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = NEW.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `early_wins_version_delete` AFTER DELETE ON `early_wins`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || OLD.`council_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blockers_version_delete` AFTER DELETE ON `blockers`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = OLD.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `gate_decisions_version_insert` AFTER INSERT ON `gate_decisions`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = NEW.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `councils_version_insert` AFTER INSERT ON `councils`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('council:' || NEW.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
