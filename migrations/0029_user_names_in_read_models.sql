-- A RAID issue's owner is shown by the user's name on the readiness read models (an item's page, a council's summary,
-- the overview's and a wave's cards), which are cached against the read-model versions. A renamed user therefore
-- bumps the programme's scope ('global'), in the same transaction, so no cached card keeps the old name. Only a
-- change of name does: a password, role or sign-in change shows on no read model (server/db/read-model-scopes.ts).
CREATE TRIGGER `users_version_update` AFTER UPDATE OF `display_name` ON `users`
  WHEN OLD.`display_name` IS NOT NEW.`display_name`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES ('global', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
