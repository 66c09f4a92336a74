PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_gate_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`wave_id` integer,
	`proposed` text NOT NULL,
	`decision` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`evidence` text NOT NULL,
	`as_of` text NOT NULL,
	`decided_by` integer,
	`decided_by_name` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `rollout_items`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
INSERT INTO `__new_gate_decisions`("id", "item_id", "wave_id", "proposed", "decision", "reason", "evidence", "as_of", "decided_by", "decided_by_name", "decided_at") SELECT "id", "item_id", "wave_id", "proposed", "decision", "reason", "evidence", "as_of", "decided_by", "decided_by_name", "decided_at" FROM `gate_decisions`;--> statement-breakpoint
DROP TABLE `gate_decisions`;--> statement-breakpoint
ALTER TABLE `__new_gate_decisions` RENAME TO `gate_decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `gate_decisions_item_idx` ON `gate_decisions` (`item_id`,`id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
ALTER TABLE `councils` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `criteria` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `features` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `rollout_items` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `waves` ADD `archived_at` text;--> statement-breakpoint
-- Rebuilding gate_decisions (its item now ON DELETE RESTRICT: a decision is never deleted with its item)
-- dropped the table's triggers. Put them back exactly as 0004 and 0007 wrote them.
CREATE TRIGGER `gate_decisions_no_update` BEFORE UPDATE ON `gate_decisions`
BEGIN
  SELECT RAISE(ABORT, 'gate decisions cannot be edited, only superseded');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_decisions_version_insert` AFTER INSERT ON `gate_decisions`
BEGIN
  INSERT INTO `read_model_versions` (`scope`, `version`) VALUES (coalesce('council:' || (SELECT `council_id` FROM `rollout_items` WHERE `id` = NEW.`item_id`), 'global'), 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
-- Decisions are history: never deleted, whatever happens to their item.
CREATE TRIGGER `gate_decisions_no_delete` BEFORE DELETE ON `gate_decisions`
BEGIN
  SELECT RAISE(ABORT, 'gate decisions cannot be deleted, only superseded');
END;
--> statement-breakpoint
-- INSERT OR REPLACE deletes the row it collides with without firing DELETE triggers, and an UPSERT can be
-- written against any key: every append-only table refuses an insert whose key already exists.
CREATE TRIGGER `audit_log_no_replace` BEFORE INSERT ON `audit_log`
WHEN EXISTS (SELECT 1 FROM `audit_log` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `readings_no_replace` BEFORE INSERT ON `readings`
WHEN EXISTS (SELECT 1 FROM `readings` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'readings are append-only: record a correction as a new reading');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_decisions_no_replace` BEFORE INSERT ON `gate_decisions`
WHEN EXISTS (SELECT 1 FROM `gate_decisions` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'gate decisions cannot be edited, only superseded');
END;
--> statement-breakpoint
CREATE TRIGGER `board_reports_no_replace` BEFORE INSERT ON `board_reports`
WHEN EXISTS (SELECT 1 FROM `board_reports` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'issued board reports cannot be changed: issue a new one');
END;
--> statement-breakpoint
-- The audit trail is hash-chained from here on. Rows written before this migration are sealed once, when
-- it runs (server/db/database.ts: sealAuditTrail): the only update ever allowed is giving a row that has no
-- hash yet its hash, every other column unchanged.
DROP TRIGGER `audit_log_no_update`;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
WHEN NOT (
  OLD.`hash` IS NULL AND NEW.`hash` IS NOT NULL AND NEW.`id` = OLD.`id` AND NEW.`at` IS OLD.`at`
  AND NEW.`user_id` IS OLD.`user_id` AND NEW.`user_name` IS OLD.`user_name` AND NEW.`action` IS OLD.`action`
  AND NEW.`entity` IS OLD.`entity` AND NEW.`entity_id` IS OLD.`entity_id`
  AND NEW.`before` IS OLD.`before` AND NEW.`after` IS OLD.`after`
)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
