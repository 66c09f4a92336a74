import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { users } from './people.ts';
import { councils, features, rolloutItems, waves } from './plan.ts';
import { blockers, gateDecisions } from './readiness.ts';
import { dependencies } from './timeline.ts';

/** The RAID log: risks, assumptions, issues and dependencies, at programme, council, wave, feature or item level (docs/raid.md). */
export const RAID_TYPES = ['risk', 'assumption', 'issue', 'dependency'] as const;
export type RaidType = (typeof RAID_TYPES)[number];
export const RAID_SCOPES = ['programme', 'council', 'wave', 'feature', 'item'] as const;
export type RaidScope = (typeof RAID_SCOPES)[number];
export const RAID_STATUSES = ['open', 'closed'] as const;
export const RISK_PROXIMITIES = ['imminent', 'within_month', 'within_quarter', 'later'] as const;
export const RISK_TRENDS = ['rising', 'steady', 'falling'] as const;
export const RISK_RESPONSES = ['avoid', 'reduce', 'accept', 'transfer'] as const;
export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const PROGRAMME_RAGS = ['on_track', 'at_risk', 'off_track'] as const;
export type ProgrammeRag = (typeof PROGRAMME_RAGS)[number];

export const raidEntries = sqliteTable(
  'raid_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type', { enum: RAID_TYPES }).notNull(),
    scope: text('scope', { enum: RAID_SCOPES }).notNull(),
    /** The council the entry belongs to (its item's council for item entries); null for programme, wave and feature entries. */
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'restrict' }),
    waveId: integer('wave_id').references(() => waves.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'restrict' }),
    itemId: integer('item_id').references(() => rolloutItems.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    /** Internal text: shown to sponsors and share links only when the office marks the entry shareable. */
    description: text('description').notNull().default(''),
    shareable: integer('shareable', { mode: 'boolean' }).notNull().default(false),
    /** A user of the product, or else a named external contact in ownerName. */
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'restrict' }),
    ownerName: text('owner_name').notNull().default(''),
    /** Due date (issues, dependencies) or review date (risks, assumptions). */
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: RAID_STATUSES }).notNull().default('open'),
    likelihood: integer('likelihood'),
    impact: integer('impact'),
    proximity: text('proximity', { enum: RISK_PROXIMITIES }),
    trend: text('trend', { enum: RISK_TRENDS }),
    response: text('response', { enum: RISK_RESPONSES }),
    /** Assumptions: the day by which it must be shown true or false. */
    validateBy: text('validate_by'),
    raisedOn: text('raised_on').notNull(),
    closedOn: text('closed_on'),
    /** The blocker this issue was until migration 0025 moved blockers into the RAID log; its history stays under that id (docs/adr/0015). */
    legacyBlockerId: integer('legacy_blocker_id'),
    /** A dependency entry's link to the plan's own dependency (the timeline's), when there is one; cleared if that is deleted. */
    planDependencyId: integer('plan_dependency_id').references(() => dependencies.id, { onDelete: 'set null' }),
    ...changeTracking,
  },
  (t) => [
    index('raid_entries_council_idx').on(t.councilId, t.status),
    uniqueIndex('raid_entries_legacy_blocker_uq').on(t.legacyBlockerId),
    index('raid_entries_plan_dependency_idx').on(t.planDependencyId),
    index('raid_entries_item_idx').on(t.itemId),
    index('raid_entries_type_idx').on(t.type, t.status),
  ],
);

/** What we are doing about it: an owned, dated action linked to a RAID entry, an item, a gate decision's condition or a blocker. */
export const raidActions = sqliteTable(
  'raid_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'restrict' }),
    ownerName: text('owner_name').notNull().default(''),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    raisedOn: text('raised_on').notNull(),
    /** The day it was done or cancelled; null while open. */
    closedOn: text('closed_on'),
    /** The council it belongs to, from what it is linked to; null for programme-level actions (office only). */
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'restrict' }),
    raidEntryId: integer('raid_entry_id').references(() => raidEntries.id, { onDelete: 'restrict' }),
    itemId: integer('item_id').references(() => rolloutItems.id, { onDelete: 'restrict' }),
    gateDecisionId: integer('gate_decision_id').references(() => gateDecisions.id, { onDelete: 'restrict' }),
    /** The condition of a "go with conditions" decision this action discharges. */
    condition: text('condition').notNull().default(''),
    blockerId: integer('blocker_id').references(() => blockers.id, { onDelete: 'set null' }),
    ...changeTracking,
  },
  (t) => [
    index('raid_actions_item_idx').on(t.itemId, t.status),
    index('raid_actions_entry_idx').on(t.raidEntryId),
    index('raid_actions_gate_idx').on(t.gateDecisionId),
    index('raid_actions_owner_idx').on(t.ownerUserId, t.status),
    index('raid_actions_council_idx').on(t.councilId, t.status),
  ],
);

/**
 * The programme's own status for a reporting period (a calendar month): overall and per council, with commentary
 * and the decisions needed from the board. Kept as history; refused changes once that period's board report is issued.
 */
export const programmeStatuses = sqliteTable(
  'programme_statuses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** YYYY-MM */
    period: text('period').notNull(),
    status: text('status', { enum: PROGRAMME_RAGS }).notNull(),
    commentary: text('commentary').notNull().default(''),
    decisionsNeeded: text('decisions_needed').notNull().default(''),
    /** [{ councilId, status, commentary }] */
    councils: text('councils', { mode: 'json' }).notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    ...changeTracking,
  },
  (t) => [uniqueIndex('programme_statuses_period_uq').on(t.period)],
);
