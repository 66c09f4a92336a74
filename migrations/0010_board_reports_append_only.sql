-- An issued board report is the record of what the board was shown: never edited, never deleted.
CREATE TRIGGER `board_reports_no_update` BEFORE UPDATE ON `board_reports`
BEGIN
  SELECT RAISE(ABORT, 'issued board reports cannot be changed: issue a new one');
END;
--> statement-breakpoint
CREATE TRIGGER `board_reports_no_delete` BEFORE DELETE ON `board_reports`
BEGIN
  SELECT RAISE(ABORT, 'issued board reports cannot be changed: issue a new one');
END;
