ALTER TABLE `raid_entries` ADD `legacy_blocker_id` integer;--> statement-breakpoint
ALTER TABLE `raid_entries` ADD `plan_dependency_id` integer REFERENCES dependencies(id) ON DELETE set null;--> statement-breakpoint
CREATE UNIQUE INDEX `raid_entries_legacy_blocker_uq` ON `raid_entries` (`legacy_blocker_id`);--> statement-breakpoint
CREATE INDEX `raid_entries_plan_dependency_idx` ON `raid_entries` (`plan_dependency_id`);--> statement-breakpoint
-- Blockers become RAID issues (docs/adr/0013-blockers-become-raid-issues.md). Every blocker becomes one issue on its
-- rollout item, in its item's council: its text the title (one line, at most 200 characters; the whole text kept as
-- the description when longer), its owner a user when the name is exactly one active office or lead account's
-- (else the named contact it was), its due date (an undated blocker is due the day it was raised, so it shows as
-- overdue until someone gives it a date), open or closed (resolved) with the day, and its stamps.
-- Its history stays in the audit trail under the blocker's id (entity 'blocker'), linked by legacy_blocker_id: the
-- trail is hash-chained, so rows are never copied or rewritten; GET /api/raid/entries/:id/history shows both.
INSERT INTO `raid_entries` (`type`, `scope`, `council_id`, `wave_id`, `feature_id`, `item_id`, `title`, `description`, `shareable`,
  `owner_user_id`, `owner_name`, `due_date`, `status`, `likelihood`, `impact`, `proximity`, `trend`, `response`, `validate_by`,
  `raised_on`, `closed_on`, `legacy_blocker_id`, `plan_dependency_id`, `version`, `created_at`, `updated_at`)
SELECT 'issue', 'item', i.`council_id`, NULL, NULL, b.`item_id`,
  CASE WHEN length(b.`line`) <= 200 THEN b.`line` ELSE rtrim(substr(b.`line`, 1, 199)) || '…' END,
  CASE WHEN length(b.`line`) <= 200 AND b.`line` = trim(b.`description`) THEN '' ELSE trim(b.`description`) END,
  0,
  b.`owner_user_id`,
  CASE WHEN b.`owner_user_id` IS NULL THEN coalesce(nullif(trim(b.`owner`), ''), 'Owner not recorded') ELSE '' END,
  coalesce(b.`due_date`, b.`raised_on`),
  CASE b.`status` WHEN 'resolved' THEN 'closed' ELSE 'open' END,
  NULL, NULL, NULL, NULL, NULL, NULL,
  b.`raised_on`,
  CASE b.`status` WHEN 'resolved' THEN coalesce(b.`resolved_on`, b.`raised_on`) ELSE NULL END,
  b.`id`, NULL, 1, b.`created_at`, b.`updated_at`
FROM (
  SELECT x.*,
    trim(replace(replace(replace(x.`description`, char(13), ' '), char(10), ' '), char(9), ' ')) AS `line`,
    CASE WHEN (SELECT count(*) FROM `users` u WHERE u.`disabled_at` IS NULL AND u.`role` IN ('office', 'lead') AND lower(u.`display_name`) = lower(trim(x.`owner`))) = 1
      THEN (SELECT u.`id` FROM `users` u WHERE u.`disabled_at` IS NULL AND u.`role` IN ('office', 'lead') AND lower(u.`display_name`) = lower(trim(x.`owner`)))
    END AS `owner_user_id`
  FROM `blockers` x
) b
JOIN `rollout_items` i ON i.`id` = b.`item_id`
ORDER BY b.`id`;--> statement-breakpoint
-- Actions raised against a blocker now belong to its issue as well (blocker_id stays, for the record).
UPDATE `raid_actions` SET `raid_entry_id` = (SELECT e.`id` FROM `raid_entries` e WHERE e.`legacy_blocker_id` = `raid_actions`.`blocker_id`)
WHERE `blocker_id` IS NOT NULL AND `raid_entry_id` IS NULL;--> statement-breakpoint
-- The blockers table stays as the record of what was moved, read-only: nothing new is written to it.
CREATE TRIGGER `blockers_moved_no_insert` BEFORE INSERT ON `blockers`
BEGIN
  SELECT RAISE(ABORT, 'Blockers are RAID issues since migration 0025: record an issue on the item in raid_entries');
END;--> statement-breakpoint
CREATE TRIGGER `blockers_moved_no_update` BEFORE UPDATE ON `blockers`
BEGIN
  SELECT RAISE(ABORT, 'Blockers are RAID issues since migration 0025: change the issue in raid_entries');
END;--> statement-breakpoint
-- Issues on items now show on the readiness read models (item, council and wave pages) in place of blockers, so a
-- RAID entry's writes bump its council's read models (a programme-, wave- or feature-level entry the global ones).
CREATE TRIGGER `raid_entries_version_insert` AFTER INSERT ON `raid_entries`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || NEW.`council_id`, 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `raid_entries_version_update` AFTER UPDATE ON `raid_entries`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || NEW.`council_id`, 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `raid_entries_version_update_old` AFTER UPDATE ON `raid_entries`
WHEN OLD.`council_id` IS NOT NEW.`council_id`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || OLD.`council_id`, 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `raid_entries_version_delete` AFTER DELETE ON `raid_entries`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || OLD.`council_id`, 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
