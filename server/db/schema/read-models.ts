import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Read model: the newest reading of every series (criterion × council × feature), kept by triggers in
 * the same transaction as each new reading, so "latest" never scans history.
 */
export const latestReadings = sqliteTable(
  'latest_readings',
  {
    criterionId: integer('criterion_id').notNull(),
    councilId: integer('council_id').notNull(),
    /** 0 for council-wide criteria (a primary key cannot hold NULL usefully). */
    featureKey: integer('feature_key').notNull(),
    readingId: integer('reading_id').notNull(),
    value: real('value').notNull(),
    readingDate: text('reading_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.criterionId, t.featureKey] })],
);

/**
 * Read model: a version per council and one for the whole programme, bumped by triggers on every write
 * that can change what the dashboard shows. Cached evaluations are valid while their versions are.
 */
export const readModelVersions = sqliteTable('read_model_versions', {
  scope: text('scope').primaryKey(),
  version: integer('version').notNull().default(0),
});
