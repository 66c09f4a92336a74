import { blob, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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

/**
 * Serialised responses kept on disk, so the first reader after a restart is served without a cold build
 * (read-models/snapshots.ts). A copy is used only while its stamp (the day, every scope's versions, anything else
 * it shows and the build's response schema) is still the one it was written under; otherwise it is made again.
 */
export const readModelSnapshots = sqliteTable('read_model_snapshots', {
  key: text('key').primaryKey(),
  stamp: text('stamp').notNull(),
  body: blob('body', { mode: 'buffer' }).notNull(),
  madeAt: text('made_at').notNull(),
});
