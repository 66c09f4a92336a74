CREATE TABLE `notification_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`entity_version` integer DEFAULT 1 NOT NULL,
	`payload` text,
	`processed_at` text
);
--> statement-breakpoint
CREATE INDEX `notification_events_pending_idx` ON `notification_events` (`processed_at`,`id`);--> statement-breakpoint
-- The transactional outbox of plan changes (docs/notifications.md): each trigger writes the event in the same
-- transaction as the change, whichever route, import or tool made it. The sender turns events into notifications.
CREATE TRIGGER `notify_report_issued` AFTER INSERT ON `board_reports`
BEGIN
  INSERT INTO `notification_events` (`type`, `entity_id`, `entity_version`, `payload`) VALUES ('report_issued', NEW.`id`, 1, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `notify_wave_moved` AFTER UPDATE OF `planned_go_live` ON `waves`
WHEN OLD.`planned_go_live` <> NEW.`planned_go_live`
BEGIN
  INSERT INTO `notification_events` (`type`, `entity_id`, `entity_version`, `payload`)
  VALUES ('wave_moved', NEW.`id`, NEW.`version`, json_object('from', OLD.`planned_go_live`, 'to', NEW.`planned_go_live`));
END;
--> statement-breakpoint
CREATE TRIGGER `notify_item_moved` AFTER UPDATE OF `wave_id`, `planned_date_override` ON `rollout_items`
WHEN OLD.`wave_id` IS NOT NEW.`wave_id` OR OLD.`planned_date_override` IS NOT NEW.`planned_date_override`
BEGIN
  INSERT INTO `notification_events` (`type`, `entity_id`, `entity_version`, `payload`)
  VALUES ('item_moved', NEW.`id`, NEW.`version`, json_object(
    'fromWave', (SELECT `name` FROM `waves` WHERE `id` = OLD.`wave_id`),
    'toWave', (SELECT `name` FROM `waves` WHERE `id` = NEW.`wave_id`),
    'fromDate', coalesce(OLD.`planned_date_override`, (SELECT `planned_go_live` FROM `waves` WHERE `id` = OLD.`wave_id`)),
    'toDate', coalesce(NEW.`planned_date_override`, (SELECT `planned_go_live` FROM `waves` WHERE `id` = NEW.`wave_id`))));
END;
--> statement-breakpoint
CREATE TRIGGER `notify_item_live` AFTER UPDATE OF `status` ON `rollout_items`
WHEN NEW.`status` = 'live' AND OLD.`status` <> 'live'
BEGIN
  INSERT INTO `notification_events` (`type`, `entity_id`, `entity_version`, `payload`)
  VALUES ('item_live', NEW.`id`, NEW.`version`, json_object('on', NEW.`actual_go_live`));
END;
--> statement-breakpoint
CREATE TRIGGER `notify_win_drafted` AFTER INSERT ON `early_wins`
WHEN NEW.`published` = 0
BEGIN
  INSERT INTO `notification_events` (`type`, `entity_id`, `entity_version`, `payload`) VALUES ('win_drafted', NEW.`id`, NEW.`version`, NULL);
END;
