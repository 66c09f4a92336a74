import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { archiving, changeTracking } from './columns.ts';

/** Who a feature is for. Drives how many staff it reaches. */
export const AUDIENCES = ['employees', 'managers', 'both'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const WAVE_STATUSES = ['planned', 'in_progress', 'live', 'closed'] as const;
export type WaveStatus = (typeof WAVE_STATUSES)[number];

export const ITEM_STATUSES = ['not_scheduled', 'planned', 'ready', 'live', 'deferred', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Why a date of the plan moved, or why a baseline was approved. */
export const REASON_CATEGORIES = ['supplier_delay', 'readiness', 'business_decision', 'dependency', 'other'] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

/** The nations whose bank holidays differ (Wales keeps England's): a council's working days follow its region. */
export const REGIONS = ['england-wales', 'scotland', 'northern-ireland'] as const;
export type Region = (typeof REGIONS)[number];

export const councils = sqliteTable(
  'councils',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    code: text('code').notNull(),
    staffHeadcount: integer('staff_headcount').notNull(),
    region: text('region', { enum: REGIONS }).notNull().default('england-wales'),
    managerHeadcount: integer('manager_headcount').notNull(),
    ...archiving,
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('councils_name_unique').on(sql`lower(${t.name})`),
    uniqueIndex('councils_code_unique').on(sql`upper(${t.code})`),
  ],
);

/** Sub-groups inside a council, e.g. a pilot team or a depot. */
export const councilGroups = sqliteTable(
  'council_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    headcount: integer('headcount').notNull(),
  },
  (t) => [uniqueIndex('council_groups_council_name_unique').on(t.councilId, sql`lower(${t.name})`)],
);

export const features = sqliteTable(
  'features',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    audience: text('audience', { enum: AUDIENCES }).notNull(),
    benefit: text('benefit').notNull().default(''),
    ...archiving,
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('features_name_unique').on(sql`lower(${t.name})`),
    uniqueIndex('features_code_unique').on(sql`upper(${t.code})`),
  ],
);

export const waves = sqliteTable(
  'waves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    sequence: integer('sequence').notNull(),
    plannedGoLive: text('planned_go_live').notNull(),
    status: text('status', { enum: WAVE_STATUSES }).notNull().default('planned'),
    description: text('description').notNull().default(''),
    ...archiving,
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('waves_name_unique').on(sql`lower(${t.name})`),
    uniqueIndex('waves_sequence_unique').on(t.sequence),
  ],
);

/** One council x one feature: the unit that goes live, slips or is deferred. */
export const rolloutItems = sqliteTable(
  'rollout_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id')
      .notNull()
      .references(() => councils.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id')
      .notNull()
      .references(() => features.id, { onDelete: 'restrict' }),
    waveId: integer('wave_id').references(() => waves.id, { onDelete: 'restrict' }),
    /** Null: the whole council. Otherwise the feature is switched on for this sub-group only. */
    groupId: integer('group_id').references(() => councilGroups.id, { onDelete: 'restrict' }),
    plannedDateOverride: text('planned_date_override'),
    actualGoLive: text('actual_go_live'),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
    note: text('note').notNull().default(''),
    ...archiving,
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('rollout_items_council_feature_unique').on(t.councilId, t.featureId),
    index('rollout_items_feature_idx').on(t.featureId),
    index('rollout_items_wave_idx').on(t.waveId),
    index('rollout_items_status_idx').on(t.status),
  ],
);

/** An approved, frozen copy of the plan. */
export const baselines = sqliteTable(
  'baselines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    note: text('note').notNull().default(''),
    approvedBy: text('approved_by').notNull(),
    approvedByUserId: integer('approved_by_user_id'),
    approvedAt: text('approved_at').notNull(),
    /** Why the plan was (re-)approved: a category and text (docs/metrics.md, "Baselines"). Null on baselines approved before reasons were asked. */
    reasonCategory: text('reason_category', { enum: REASON_CATEGORIES }),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    uniqueIndex('baselines_name_unique').on(sql`lower(${t.name})`),
    index('baselines_approved_at_idx').on(t.approvedAt),
  ],
);

/**
 * A snapshot row per rollout item at approval. Deliberately no foreign keys to the plan:
 * a baseline must survive later changes to the plan it froze.
 */
export const baselineItems = sqliteTable(
  'baseline_items',
  {
    baselineId: integer('baseline_id')
      .notNull()
      .references(() => baselines.id, { onDelete: 'cascade' }),
    itemId: integer('item_id').notNull(),
    councilId: integer('council_id').notNull(),
    featureId: integer('feature_id').notNull(),
    waveId: integer('wave_id'),
    plannedGoLive: text('planned_go_live'),
    status: text('status', { enum: ITEM_STATUSES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.baselineId, t.itemId] })],
);
