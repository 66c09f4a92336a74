-- The timeline's read model is cached (modules/timeline/read-model.ts) and checked against the read-model versions:
-- blackouts, milestones and dependencies change it, so each write to them bumps the programme's scope ('global'),
-- in the same transaction, as features and waves do (migrations 0006, server/db/read-model-scopes.ts).
CREATE TRIGGER `blackouts_version_insert` AFTER INSERT ON `blackouts`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blackouts_version_update` AFTER UPDATE ON `blackouts`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `blackouts_version_delete` AFTER DELETE ON `blackouts`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_insert` AFTER INSERT ON `milestones`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_update` AFTER UPDATE ON `milestones`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `milestones_version_delete` AFTER DELETE ON `milestones`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dependencies_version_insert` AFTER INSERT ON `dependencies`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dependencies_version_update` AFTER UPDATE ON `dependencies`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `dependencies_version_delete` AFTER DELETE ON `dependencies`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
