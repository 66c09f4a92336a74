-- Readings and gate decisions are history: corrections are new rows, never edits.
CREATE TRIGGER `readings_no_update` BEFORE UPDATE ON `readings`
BEGIN
  SELECT RAISE(ABORT, 'readings are append-only: record a correction as a new reading');
END;
--> statement-breakpoint
CREATE TRIGGER `readings_no_delete` BEFORE DELETE ON `readings`
BEGIN
  SELECT RAISE(ABORT, 'readings are append-only: record a correction as a new reading');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_decisions_no_update` BEFORE UPDATE ON `gate_decisions`
BEGIN
  SELECT RAISE(ABORT, 'gate decisions cannot be edited, only superseded');
END;
--> statement-breakpoint
-- The one row of programme settings, with the documented defaults.
INSERT INTO `settings` (`id`, `score_red_below`, `stale_after_days`, `version`, `created_at`, `updated_at`)
VALUES (1, 60, 30, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
