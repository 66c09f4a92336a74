import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { REASON_CATEGORIES } from './plan.ts';

/**
 * The plan as it stood, effective-dated: one row per change to what is planned (an item's wave, own date, status,
 * scope, actual go-live or note; a wave's date or status), written by triggers (migrations/0020) in the change's
 * transaction whatever made it, with who and why from `plan_change_context`. Append-only. `asOf=D` replays the
 * latest row of each item and wave effective on or before D (modules/progress/history.ts).
 */
export const planHistory = sqliteTable(
  'plan_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'item' or 'wave'. */
    entity: text('entity', { enum: ['item', 'wave'] }).notNull(),
    entityId: integer('entity_id').notNull(),
    /** The day the change took effect (the UTC day of recordedAt). */
    effectiveOn: text('effective_on').notNull(),
    recordedAt: text('recorded_at').notNull(),
    councilId: integer('council_id'),
    featureId: integer('feature_id'),
    waveId: integer('wave_id'),
    groupId: integer('group_id'),
    plannedDateOverride: text('planned_date_override'),
    /** A wave's own planned go-live. */
    plannedGoLive: text('planned_go_live'),
    actualGoLive: text('actual_go_live'),
    /** The item's status, or the wave's. */
    status: text('status').notNull(),
    note: text('note').notNull().default(''),
    /** The item or wave was deleted. */
    removed: integer('removed', { mode: 'boolean' }).notNull().default(false),
    changedBy: integer('changed_by'),
    changedByName: text('changed_by_name').notNull().default(''),
    reasonCategory: text('reason_category', { enum: REASON_CATEGORIES }),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    index('plan_history_entity_idx').on(t.entity, t.entityId, t.id),
    index('plan_history_effective_idx').on(t.effectiveOn, t.id),
  ],
);

/**
 * Who is changing the plan and why, for the triggers that write plan_history: set by the service inside the
 * change's transaction and cleared before it ends (modules/progress/history.ts, `withPlanChange`). At most one row.
 */
export const planChangeContext = sqliteTable('plan_change_context', {
  id: integer('id').primaryKey(),
  at: text('at').notNull(),
  userId: integer('user_id'),
  userName: text('user_name').notNull(),
  reasonCategory: text('reason_category', { enum: REASON_CATEGORIES }),
  reason: text('reason').notNull().default(''),
});
