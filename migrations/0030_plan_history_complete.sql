-- 1. The plan history is append-only: its triggers refuse updates and deletes (migration 0020). INSERT OR REPLACE deletes
-- the row it collides with without firing DELETE triggers, so, as for every other append-only table (migration
-- 0012), an insert whose id already exists is refused too. Answers kept while the history's newest id stands
-- (modules/progress/moves-kept.ts, a wave's date at an instant) rely on no row ever being rewritten.
CREATE TRIGGER `plan_history_no_replace` BEFORE INSERT ON `plan_history`
WHEN EXISTS (SELECT 1 FROM `plan_history` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'plan history is append-only: a change to the plan is a new row');
END;
--> statement-breakpoint
-- 2. An item's council or feature changed is a change to the plan too: "as of" a day replays the item where it stood
-- then. Migration 0020 recorded a new row only when the item's wave, group, own date, go-live, status or note changed;
-- no route changes an item's council or feature, but a change made any other way is now in the history as well.
DROP TRIGGER `plan_history_item_update`;
--> statement-breakpoint
CREATE TRIGGER `plan_history_item_update` AFTER UPDATE ON `rollout_items`
WHEN old.wave_id IS NOT new.wave_id OR old.group_id IS NOT new.group_id OR old.planned_date_override IS NOT new.planned_date_override
  OR old.actual_go_live IS NOT new.actual_go_live OR old.status IS NOT new.status OR old.note IS NOT new.note
  OR old.council_id IS NOT new.council_id OR old.feature_id IS NOT new.feature_id
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
    `planned_date_override`, `actual_go_live`, `status`, `note`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'item', new.id, substr(coalesce(c.at, new.updated_at), 1, 10), coalesce(c.at, new.updated_at), new.council_id, new.feature_id, new.wave_id, new.group_id,
    new.planned_date_override, new.actual_go_live, new.status, new.note, c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
