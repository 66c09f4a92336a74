DROP INDEX `readings_council_criterion_idx`;--> statement-breakpoint
CREATE INDEX `readings_series_idx` ON `readings` (`council_id`,`criterion_id`,`feature_id`,`reading_date`,`value`);