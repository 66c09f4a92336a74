-- The plan history is append-only: its triggers refuse updates and deletes (migration 0020). INSERT OR REPLACE deletes
-- the row it collides with without firing DELETE triggers, so, as for every other append-only table (migration
-- 0012), an insert whose id already exists is refused too. Answers kept while the history's newest id stands
-- (modules/progress/moves-kept.ts, a wave's date at an instant) rely on no row ever being rewritten.
CREATE TRIGGER `plan_history_no_replace` BEFORE INSERT ON `plan_history`
WHEN EXISTS (SELECT 1 FROM `plan_history` WHERE `id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'plan history is append-only: a change to the plan is a new row');
END;
