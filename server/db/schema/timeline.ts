import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { councils, features, rolloutItems } from './plan.ts';

/** Periods a go-live or activity should not land in: payroll cut-off days, year end, elections, a council's freeze. */
export const BLACKOUT_KINDS = ['payroll_cutoff', 'year_end', 'election', 'freeze', 'other'] as const;
export type BlackoutKind = (typeof BLACKOUT_KINDS)[number];

export const blackouts = sqliteTable(
  'blackouts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: BLACKOUT_KINDS }).notNull(),
    /** Null: every council. */
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'cascade' }),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** The same days of the month again every month after the first (e.g. payroll cut-off, the 20th to the 25th). */
    repeatsMonthly: integer('repeats_monthly', { mode: 'boolean' }).notNull().default(false),
    /** Last day a monthly blackout repeats to; null: indefinitely. */
    repeatsUntil: text('repeats_until'),
    note: text('note').notNull().default(''),
    ...changeTracking,
  },
  (t) => [
    index('blackouts_council_idx').on(t.councilId),
    check('blackouts_days_in_order', sql`${t.startsOn} <= ${t.endsOn}`),
  ],
);

/** Dates outside the programme's control that items wait for: an HR system release, a payroll cut-off. */
export const MILESTONE_KINDS = ['hr_release', 'payroll_cutoff', 'other'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export const milestones = sqliteTable(
  'milestones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: MILESTONE_KINDS }).notNull(),
    onDay: text('on_day').notNull(),
    note: text('note').notNull().default(''),
    ...changeTracking,
  },
  (t) => [uniqueIndex('milestones_name_unique').on(sql`lower(${t.name})`)],
);

/**
 * "After no earlier than before + lag working days". A feature prerequisite holds in every council that has both
 * items; an item link joins two items (across councils too); a milestone dependency holds for one item or for
 * every item of a feature.
 */
export const DEPENDENCY_KINDS = ['feature', 'item', 'milestone'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

export const dependencies = sqliteTable(
  'dependencies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: DEPENDENCY_KINDS }).notNull(),
    beforeFeatureId: integer('before_feature_id').references(() => features.id, { onDelete: 'cascade' }),
    beforeItemId: integer('before_item_id').references(() => rolloutItems.id, { onDelete: 'cascade' }),
    milestoneId: integer('milestone_id').references(() => milestones.id, { onDelete: 'cascade' }),
    afterFeatureId: integer('after_feature_id').references(() => features.id, { onDelete: 'cascade' }),
    afterItemId: integer('after_item_id').references(() => rolloutItems.id, { onDelete: 'cascade' }),
    lagWorkingDays: integer('lag_working_days').notNull().default(0),
    note: text('note').notNull().default(''),
    ...changeTracking,
  },
  (t) => [
    index('dependencies_before_feature_idx').on(t.beforeFeatureId),
    index('dependencies_before_item_idx').on(t.beforeItemId),
    index('dependencies_milestone_idx').on(t.milestoneId),
    index('dependencies_after_feature_idx').on(t.afterFeatureId),
    index('dependencies_after_item_idx').on(t.afterItemId),
    check('dependencies_lag_range', sql`${t.lagWorkingDays} between 0 and 250`),
    check('dependencies_shape', sql`(${t.kind} = 'feature' and ${t.beforeFeatureId} is not null and ${t.afterFeatureId} is not null
      and ${t.beforeItemId} is null and ${t.afterItemId} is null and ${t.milestoneId} is null)
      or (${t.kind} = 'item' and ${t.beforeItemId} is not null and ${t.afterItemId} is not null
      and ${t.beforeFeatureId} is null and ${t.afterFeatureId} is null and ${t.milestoneId} is null)
      or (${t.kind} = 'milestone' and ${t.milestoneId} is not null and ${t.beforeFeatureId} is null and ${t.beforeItemId} is null
      and (${t.afterFeatureId} is null) <> (${t.afterItemId} is null))`),
  ],
);

/**
 * Optional support capacity of a council: training sessions its trainers can run and floorwalker shifts it can
 * staff in a week. With the sessions each feature's go-live needs (feature_support_needs), the timeline and the
 * what-if show weeks a council is over-booked (docs/timeline.md, "Capacity").
 */
export const councilCapacities = sqliteTable(
  'council_capacities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    trainerSessionsPerWeek: integer('trainer_sessions_per_week').notNull(),
    floorwalkerShiftsPerWeek: integer('floorwalker_shifts_per_week').notNull(),
    note: text('note').notNull().default(''),
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('council_capacities_council_unique').on(t.councilId),
    check('council_capacities_range', sql`${t.trainerSessionsPerWeek} between 0 and 1000 and ${t.floorwalkerShiftsPerWeek} between 0 and 1000`),
  ],
);

/** What one council's go-live of a feature needs: training sessions the week before, floorwalker shifts in its week. */
export const featureSupportNeeds = sqliteTable(
  'feature_support_needs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    featureId: integer('feature_id').notNull().references(() => features.id, { onDelete: 'cascade' }),
    trainerSessions: integer('trainer_sessions').notNull(),
    floorwalkerShifts: integer('floorwalker_shifts').notNull(),
    note: text('note').notNull().default(''),
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('feature_support_needs_feature_unique').on(t.featureId),
    check('feature_support_needs_range', sql`${t.trainerSessions} between 0 and 1000 and ${t.floorwalkerShifts} between 0 and 1000`),
  ],
);
