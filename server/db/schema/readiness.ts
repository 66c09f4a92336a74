import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { archiving, changeTracking } from './columns.ts';
import { REGIONS, councils, features, rolloutItems, waves } from './plan.ts';

export const UNITS = ['percent', 'count', 'score', 'ratio', 'days', 'people'] as const;
export type Unit = (typeof UNITS)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];
/** council: one reading per council; feature: one per council and feature; programme: one reading for the whole programme (the shared system), entered by the office. */
export const CRITERION_SCOPES = ['council', 'feature', 'programme'] as const;
export type CriterionScope = (typeof CRITERION_SCOPES)[number];
export const CRITERION_AUDIENCES = ['all', 'employees', 'managers'] as const;
export const PHASES = ['readiness', 'adoption'] as const;
export type Phase = (typeof PHASES)[number];

/** The catalogue of measurable conditions for go-live (readiness) and of take-up after it (adoption). */
export const criteria = sqliteTable(
  'criteria',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    unit: text('unit', { enum: UNITS }).notNull(),
    direction: text('direction', { enum: DIRECTIONS }).notNull(),
    target: real('target').notNull(),
    /** The other side of "at risk": between amber and target is at risk, beyond amber is not met. */
    amberThreshold: real('amber_threshold').notNull(),
    weight: real('weight').notNull().default(1),
    mandatory: integer('mandatory', { mode: 'boolean' }).notNull().default(false),
    scope: text('scope', { enum: CRITERION_SCOPES }).notNull(),
    audience: text('audience', { enum: CRITERION_AUDIENCES }).notNull().default('all'),
    phase: text('phase', { enum: PHASES }).notNull(),
    /** Recorded and charted, never part of a score, a RAG or a gate proposal (docs/readiness.md). */
    trackingOnly: integer('tracking_only', { mode: 'boolean' }).notNull().default(false),
    ...archiving,
    ...changeTracking,
  },
  (t) => [uniqueIndex('criteria_code_unique').on(sql`upper(${t.code})`), uniqueIndex('criteria_name_unique').on(sql`lower(${t.name})`)],
);

/** A criterion's target and amber threshold for one council, one wave, or one council in one wave. */
export const criterionOverrides = sqliteTable(
  'criterion_overrides',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    criterionId: integer('criterion_id').notNull().references(() => criteria.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'cascade' }),
    waveId: integer('wave_id').references(() => waves.id, { onDelete: 'cascade' }),
    target: real('target').notNull(),
    amberThreshold: real('amber_threshold').notNull(),
  },
  (t) => [uniqueIndex('criterion_overrides_unique').on(t.criterionId, sql`coalesce(${t.councilId}, 0)`, sql`coalesce(${t.waveId}, 0)`)],
);

/** A dated value of a criterion for a council (and feature). History is kept: corrections are new readings. */
export const readings = sqliteTable(
  'readings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    criterionId: integer('criterion_id').notNull().references(() => criteria.id, { onDelete: 'restrict' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'restrict' }),
    value: real('value').notNull(),
    readingDate: text('reading_date').notNull(),
    note: text('note').notNull().default(''),
    enteredBy: integer('entered_by'),
    enteredByName: text('entered_by_name').notNull(),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [
    // Covering: a council's history is read from the index alone, already in series order.
    index('readings_series_idx').on(t.councilId, t.criterionId, t.featureId, t.readingDate, t.value),
    index('readings_criterion_idx').on(t.criterionId),
    // The readings list and export read by day, newest first: a page and its count walk this index, not the table.
    index('readings_date_idx').on(t.readingDate, t.id),
  ],
);

/** One step of a ramp: by this many weeks before an item's planned go-live, the criterion is judged against these. */
export interface RampPoint {
  weeksBefore: number;
  target: number;
  amberThreshold: number;
}

/**
 * A criterion's ramp towards go-live, as a dated fact: from `effectiveFrom` on, until a later row, readiness is judged
 * against the step reached by then (docs/readiness.md, "Ramps"). Append-only, so "as of" replays the ramp then in force.
 * An empty list of points ends the ramp: the final target applies whatever the time to go-live.
 */
export const criterionRamps = sqliteTable(
  'criterion_ramps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    criterionId: integer('criterion_id').notNull().references(() => criteria.id, { onDelete: 'restrict' }),
    effectiveFrom: text('effective_from').notNull(),
    points: text('points', { mode: 'json' }).$type<RampPoint[]>().notNull(),
    reason: text('reason').notNull().default(''),
    enteredBy: integer('entered_by'),
    enteredByName: text('entered_by_name').notNull(),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [index('criterion_ramps_criterion_idx').on(t.criterionId, t.effectiveFrom, t.id)],
);

/** A dated value of a programme-wide criterion (one shared system): entered once, applied to every council's items. Append-only. */
export const programmeReadings = sqliteTable(
  'programme_readings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    criterionId: integer('criterion_id').notNull().references(() => criteria.id, { onDelete: 'restrict' }),
    value: real('value').notNull(),
    readingDate: text('reading_date').notNull(),
    note: text('note').notNull().default(''),
    enteredBy: integer('entered_by'),
    enteredByName: text('entered_by_name').notNull(),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [index('programme_readings_series_idx').on(t.criterionId, t.readingDate, t.id)],
);

/** Programme-wide thresholds for RAG and staleness: rules live in code, numbers live here. */
export const settings = sqliteTable('settings', {
  id: integer('id').primaryKey(),
  /** Readiness score (0-100) under which an item is red. */
  scoreRedBelow: real('score_red_below').notNull().default(60),
  /** Readings older than this many days count as missing. */
  staleAfterDays: integer('stale_after_days').notNull().default(30),
  /** Staff questions should be answered within this many working days (weekends excluded). */
  answerTargetWorkingDays: integer('answer_target_working_days').notNull().default(2),
  /** A council that has raised no staff question for this many days, and has low communications reach, is flagged. */
  silenceAfterDays: integer('silence_after_days').notNull().default(28),
  /** A plan change that breaks a dependency is refused, or made with a warning. */
  dependencyRule: text('dependency_rule', { enum: ['warn', 'refuse'] }).notNull().default('warn'),
  /** Whose bank holidays the programme office keeps: gate reviews fall on its working days. */
  officeRegion: text('office_region', { enum: REGIONS }).notNull().default('england-wales'),
  /** Staff voice results for any group are shown only when at least this many people answered (docs/staff-voice.md). */
  surveyMinResponses: integer('survey_min_responses').notNull().default(10),
  ...changeTracking,
});

export const GATE_DECISIONS = ['go', 'no_go', 'go_override'] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];

/** Go/no-go decisions, one row per item decided. Never edited: a later decision supersedes. */
export const gateDecisions = sqliteTable(
  'gate_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id').notNull().references(() => rolloutItems.id, { onDelete: 'restrict' }),
    /** Set when the decision was taken for a whole wave of a council at once. */
    waveId: integer('wave_id'),
    proposed: text('proposed', { enum: ['go', 'no_go'] }).notNull(),
    decision: text('decision', { enum: GATE_DECISIONS }).notNull(),
    reason: text('reason').notNull().default(''),
    /** The proposal's reasons as they stood when the decision was taken. */
    evidence: text('evidence', { mode: 'json' }).notNull(),
    asOf: text('as_of').notNull(),
    decidedBy: integer('decided_by'),
    decidedByName: text('decided_by_name').notNull(),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('gate_decisions_item_idx').on(t.itemId, t.id)],
);

export const earlyWins = sqliteTable(
  'early_wins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    story: text('story').notNull(),
    wonOn: text('won_on').notNull(),
    evidenceValue: real('evidence_value'),
    evidenceUnit: text('evidence_unit').notNull().default(''),
    evidenceNote: text('evidence_note').notNull().default(''),
    evidenceLink: text('evidence_link'),
    /** The benefits register entry this win's figure counts towards (see docs/benefits.md); checked by the service. */
    benefitId: integer('benefit_id'),
    authorId: integer('author_id'),
    authorName: text('author_name').notNull(),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    publishedAt: text('published_at'),
    ...changeTracking,
  },
  (t) => [index('early_wins_council_idx').on(t.councilId, t.wonOn), index('early_wins_published_idx').on(t.published, t.wonOn)],
);

export const BLOCKER_STATUSES = ['open', 'resolved'] as const;

export const blockers = sqliteTable(
  'blockers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id').notNull().references(() => rolloutItems.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').notNull(),
    dueDate: text('due_date'),
    status: text('status', { enum: BLOCKER_STATUSES }).notNull().default('open'),
    raisedOn: text('raised_on').notNull(),
    resolvedOn: text('resolved_on'),
    ...changeTracking,
  },
  (t) => [index('blockers_item_idx').on(t.itemId, t.status)],
);
