CREATE TABLE `plan_change_context` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`user_name` text NOT NULL,
	`reason_category` text,
	`reason` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`effective_on` text NOT NULL,
	`recorded_at` text NOT NULL,
	`council_id` integer,
	`feature_id` integer,
	`wave_id` integer,
	`group_id` integer,
	`planned_date_override` text,
	`planned_go_live` text,
	`actual_go_live` text,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`removed` integer DEFAULT false NOT NULL,
	`changed_by` integer,
	`changed_by_name` text DEFAULT '' NOT NULL,
	`reason_category` text,
	`reason` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `plan_history_entity_idx` ON `plan_history` (`entity`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `plan_history_effective_idx` ON `plan_history` (`effective_on`,`id`);--> statement-breakpoint
ALTER TABLE `baselines` ADD `reason_category` text;--> statement-breakpoint
ALTER TABLE `baselines` ADD `reason` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Plan history (issue: honest progress over time). Every change to what is planned is kept, effective-dated, by
-- these triggers in the change's own transaction, whichever route, import or tool made it; who and why come from
-- plan_change_context, set by the service for the length of the change. The time is the context's (the injected
-- clock), else the row's updated_at.
CREATE TRIGGER `plan_history_item_insert` AFTER INSERT ON `rollout_items`
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
    `planned_date_override`, `actual_go_live`, `status`, `note`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'item', new.id, substr(coalesce(c.at, new.updated_at), 1, 10), coalesce(c.at, new.updated_at), new.council_id, new.feature_id, new.wave_id, new.group_id,
    new.planned_date_override, new.actual_go_live, new.status, new.note, c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_item_update` AFTER UPDATE ON `rollout_items`
WHEN old.wave_id IS NOT new.wave_id OR old.group_id IS NOT new.group_id OR old.planned_date_override IS NOT new.planned_date_override
  OR old.actual_go_live IS NOT new.actual_go_live OR old.status IS NOT new.status OR old.note IS NOT new.note
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
    `planned_date_override`, `actual_go_live`, `status`, `note`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'item', new.id, substr(coalesce(c.at, new.updated_at), 1, 10), coalesce(c.at, new.updated_at), new.council_id, new.feature_id, new.wave_id, new.group_id,
    new.planned_date_override, new.actual_go_live, new.status, new.note, c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_item_delete` AFTER DELETE ON `rollout_items`
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
    `planned_date_override`, `actual_go_live`, `status`, `note`, `removed`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'item', old.id, substr(coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), 1, 10), coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    old.council_id, old.feature_id, old.wave_id, old.group_id, old.planned_date_override, old.actual_go_live, old.status, old.note, 1,
    c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_wave_insert` AFTER INSERT ON `waves`
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `planned_go_live`, `status`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'wave', new.id, substr(coalesce(c.at, new.updated_at), 1, 10), coalesce(c.at, new.updated_at), new.planned_go_live, new.status,
    c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_wave_update` AFTER UPDATE ON `waves`
WHEN old.planned_go_live IS NOT new.planned_go_live OR old.status IS NOT new.status
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `planned_go_live`, `status`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'wave', new.id, substr(coalesce(c.at, new.updated_at), 1, 10), coalesce(c.at, new.updated_at), new.planned_go_live, new.status,
    c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_wave_delete` AFTER DELETE ON `waves`
BEGIN
  INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `planned_go_live`, `status`, `removed`, `changed_by`, `changed_by_name`, `reason_category`, `reason`)
  SELECT 'wave', old.id, substr(coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), 1, 10), coalesce(c.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    old.planned_go_live, old.status, 1, c.user_id, coalesce(c.user_name, ''), c.reason_category, coalesce(c.reason, '')
  FROM (SELECT 1) LEFT JOIN `plan_change_context` c ON c.id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_no_update` BEFORE UPDATE ON `plan_history`
BEGIN
  SELECT RAISE(ABORT, 'plan history is append-only: a change to the plan is a new row');
END;
--> statement-breakpoint
CREATE TRIGGER `plan_history_no_delete` BEFORE DELETE ON `plan_history`
BEGIN
  SELECT RAISE(ABORT, 'plan history is append-only: a change to the plan is a new row');
END;
--> statement-breakpoint
-- Backfill: the history the audit trail already holds, folded change by change (updates record only the fields
-- that changed), then the current state of anything whose last folded row differs from it (or that has none).
INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
  `planned_date_override`, `actual_go_live`, `status`, `note`, `removed`, `changed_by`, `changed_by_name`)
WITH RECURSIVE ev AS (
  SELECT row_number() OVER (PARTITION BY entity_id ORDER BY id) AS n, id, entity_id, at, user_id, user_name, action, after
  FROM audit_log WHERE entity = 'item'
),
fold(aid, entity_id, n, at, user_id, user_name, removed, council_id, feature_id, wave_id, group_id, planned_date_override, actual_go_live, status, note) AS (
  SELECT id, entity_id, n, at, user_id, user_name, 0, json_extract(after, '$.councilId'), json_extract(after, '$.featureId'), json_extract(after, '$.waveId'),
    json_extract(after, '$.groupId'), json_extract(after, '$.plannedDateOverride'), json_extract(after, '$.actualGoLive'), json_extract(after, '$.status'),
    coalesce(json_extract(after, '$.note'), '')
  FROM ev WHERE n = 1 AND action = 'create'
  UNION ALL
  SELECT e.id, e.entity_id, e.n, e.at, e.user_id, e.user_name, CASE WHEN e.action = 'delete' THEN 1 ELSE 0 END, f.council_id, f.feature_id,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.waveId') IS NOT NULL THEN json_extract(e.after, '$.waveId') ELSE f.wave_id END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.groupId') IS NOT NULL THEN json_extract(e.after, '$.groupId') ELSE f.group_id END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.plannedDateOverride') IS NOT NULL THEN json_extract(e.after, '$.plannedDateOverride') ELSE f.planned_date_override END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.actualGoLive') IS NOT NULL THEN json_extract(e.after, '$.actualGoLive') ELSE f.actual_go_live END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.status') IS NOT NULL THEN json_extract(e.after, '$.status') ELSE f.status END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.note') IS NOT NULL THEN json_extract(e.after, '$.note') ELSE f.note END
  FROM fold f JOIN ev e ON e.entity_id = f.entity_id AND e.n = f.n + 1
  WHERE f.removed = 0
)
SELECT 'item', entity_id, substr(at, 1, 10), at, council_id, feature_id, wave_id, group_id, planned_date_override, actual_go_live, status, note, removed, user_id, user_name
FROM fold WHERE status IS NOT NULL ORDER BY aid;
--> statement-breakpoint
INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `planned_go_live`, `status`, `removed`, `changed_by`, `changed_by_name`)
WITH RECURSIVE ev AS (
  SELECT row_number() OVER (PARTITION BY entity_id ORDER BY id) AS n, id, entity_id, at, user_id, user_name, action, after
  FROM audit_log WHERE entity = 'wave'
),
fold(aid, entity_id, n, at, user_id, user_name, removed, planned_go_live, status) AS (
  SELECT id, entity_id, n, at, user_id, user_name, 0, json_extract(after, '$.plannedGoLive'), json_extract(after, '$.status')
  FROM ev WHERE n = 1 AND action = 'create'
  UNION ALL
  SELECT e.id, e.entity_id, e.n, e.at, e.user_id, e.user_name, CASE WHEN e.action = 'delete' THEN 1 ELSE 0 END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.plannedGoLive') IS NOT NULL THEN json_extract(e.after, '$.plannedGoLive') ELSE f.planned_go_live END,
    CASE WHEN e.action = 'update' AND json_type(e.after, '$.status') IS NOT NULL THEN json_extract(e.after, '$.status') ELSE f.status END
  FROM fold f JOIN ev e ON e.entity_id = f.entity_id AND e.n = f.n + 1
  WHERE f.removed = 0
)
SELECT 'wave', entity_id, substr(at, 1, 10), at, planned_go_live, status, removed, user_id, user_name
FROM fold WHERE status IS NOT NULL AND planned_go_live IS NOT NULL ORDER BY aid;
--> statement-breakpoint
INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `council_id`, `feature_id`, `wave_id`, `group_id`,
  `planned_date_override`, `actual_go_live`, `status`, `note`)
SELECT 'item', i.id, substr(i.updated_at, 1, 10), i.updated_at, i.council_id, i.feature_id, i.wave_id, i.group_id, i.planned_date_override, i.actual_go_live, i.status, i.note
FROM rollout_items i
LEFT JOIN plan_history h ON h.id = (SELECT max(id) FROM plan_history WHERE entity = 'item' AND entity_id = i.id)
WHERE h.id IS NULL OR h.removed = 1 OR h.wave_id IS NOT i.wave_id OR h.group_id IS NOT i.group_id OR h.planned_date_override IS NOT i.planned_date_override
  OR h.actual_go_live IS NOT i.actual_go_live OR h.status IS NOT i.status OR h.note IS NOT i.note;
--> statement-breakpoint
INSERT INTO `plan_history` (`entity`, `entity_id`, `effective_on`, `recorded_at`, `planned_go_live`, `status`)
SELECT 'wave', w.id, substr(w.updated_at, 1, 10), w.updated_at, w.planned_go_live, w.status
FROM waves w
LEFT JOIN plan_history h ON h.id = (SELECT max(id) FROM plan_history WHERE entity = 'wave' AND entity_id = w.id)
WHERE h.id IS NULL OR h.removed = 1 OR h.planned_go_live IS NOT w.planned_go_live OR h.status IS NOT w.status;
