import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/** Columns every changeable resource carries: an optimistic-lock version and UTC instants. */
const changeTracking = {
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/**
 * Records that have history are archived instead of deleted: hidden from the plan's lists by default,
 * kept everywhere the record is read (history, exports, reports). Null while the record is in use.
 */
const archiving = {
  archivedAt: text('archived_at'),
};

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

export const ROLES = ['office', 'lead', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** argon2id; null until a password is set. */
    passwordHash: text('password_hash'),
    disabledAt: text('disabled_at'),
    ...changeTracking,
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

/** The councils a council lead answers for. */
export const userCouncils = sqliteTable(
  'user_councils',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.councilId] }), index('user_councils_council_idx').on(t.councilId)],
);

/** Server-side sessions. The cookie holds a random id; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens for scripts. Shown once; only the SHA-256 is stored. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;

/** Append-only: triggers in the migrations refuse UPDATE, DELETE and an INSERT that would replace a row. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    userName: text('user_name').notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    /** The previous row's hash (null for the first row): the chain that makes an edit or a removal show. */
    prevHash: text('prev_hash'),
    /** SHA-256 of this row's content and prevHash; computed by recordAudit (see server/db/audit-chain.ts). */
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId, t.id),
    index('audit_user_idx').on(t.userId, t.id),
    index('audit_at_idx').on(t.at),
  ],
);

export const UNITS = ['percent', 'count', 'score', 'ratio', 'days', 'people'] as const;
export type Unit = (typeof UNITS)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const CRITERION_SCOPES = ['council', 'feature'] as const;
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
  ],
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
    ...changeTracking,
  },
  (t) => [
    index('raid_entries_council_idx').on(t.councilId, t.status),
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
 * Read-only links for sponsors and board members who do not sign in: the overview and the board report,
 * published wins only, nothing else. Only the SHA-256 of the token is stored; revoking ends it at once.
 */
export const shareLinks = sqliteTable(
  'share_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, so the office can tell links apart. */
    prefix: text('prefix').notNull(),
    createdBy: integer('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('share_links_hash_unique').on(t.tokenHash)],
);

/** Board reports as issued: a frozen copy of what the board was shown. Never edited (see the migrations). */
export const boardReports = sqliteTable(
  'board_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    baselineId: integer('baseline_id'),
    content: text('content', { mode: 'json' }).notNull(),
    issuedBy: integer('issued_by'),
    issuedByName: text('issued_by_name').notNull(),
    issuedAt: text('issued_at').notNull(),
  },
  (t) => [index('board_reports_period_idx').on(t.periodTo, t.id)],
);

/** How a communications activity reaches people. "email" covers notifications and e-mails. */
export const COMMS_CHANNELS = ['email', 'poster', 'briefing', 'floorwalkers', 'factsheet', 'job_aid', 'webinar', 'recording', 'intranet', 'other'] as const;
export type CommsChannel = (typeof COMMS_CHANNELS)[number];
/** Who an activity is for; "group" names a group in audienceGroup (e.g. "Highways depots"). */
export const COMMS_AUDIENCES = ['employees', 'managers', 'both', 'group'] as const;
export type CommsAudience = (typeof COMMS_AUDIENCES)[number];
export const ACTIVITY_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** relative: offsetDays from its wave's planned go-live, computed when read; fixed: fixedDate. */
export const DATE_MODES = ['relative', 'fixed'] as const;
export type DateMode = (typeof DATE_MODES)[number];

/** The programme office's standard drip-feed: activities every council gets around a wave's go-live. */
export const commsTemplateActivities = sqliteTable(
  'comms_template_activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    channel: text('channel', { enum: COMMS_CHANNELS }).notNull(),
    audience: text('audience', { enum: COMMS_AUDIENCES }).notNull(),
    audienceGroup: text('audience_group').notNull().default(''),
    /** Calendar days from the go-live: negative before, positive after. */
    offsetDays: integer('offset_days').notNull(),
    owner: text('owner').notNull().default(''),
    ...changeTracking,
  },
  (t) => [uniqueIndex('comms_template_activities_title_unique').on(sql`lower(${t.title})`)],
);

/** A communications activity of a wave, for one or more councils (activity_councils). */
export const commsActivities = sqliteTable(
  'comms_activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    waveId: integer('wave_id').notNull().references(() => waves.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    channel: text('channel', { enum: COMMS_CHANNELS }).notNull(),
    audience: text('audience', { enum: COMMS_AUDIENCES }).notNull(),
    audienceGroup: text('audience_group').notNull().default(''),
    dateMode: text('date_mode', { enum: DATE_MODES }).notNull(),
    offsetDays: integer('offset_days'),
    fixedDate: text('fixed_date'),
    owner: text('owner').notNull(),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull().default('planned'),
    doneOn: text('done_on'),
    peopleReached: integer('people_reached'),
    attendance: integer('attendance'),
    /** Percent of messages opened, 0-100. */
    openRate: real('open_rate'),
    note: text('note').notNull().default(''),
    /** Set by the programme office: when done, its reach is recorded as the councils' communications reach reading. */
    feedsReadiness: integer('feeds_readiness', { mode: 'boolean' }).notNull().default(false),
    /** The template row it was made from, so applying a template twice skips what is there. */
    templateActivityId: integer('template_activity_id').references(() => commsTemplateActivities.id, { onDelete: 'set null' }),
    ...changeTracking,
  },
  (t) => [index('comms_activities_wave_idx').on(t.waveId, t.status), index('comms_activities_template_idx').on(t.templateActivityId)],
);

export const activityCouncils = sqliteTable(
  'activity_councils',
  {
    activityId: integer('activity_id').notNull().references(() => commsActivities.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.councilId] }), index('activity_councils_council_idx').on(t.councilId, t.activityId)],
);

/** Where a staff question came in. */
export const QUESTION_CHANNELS = ['briefing', 'floorwalker', 'helpline', 'email', 'intranet', 'other'] as const;
export type QuestionChannel = (typeof QUESTION_CHANNELS)[number];
export const QUESTION_STATUSES = ['open', 'answered', 'closed'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** Questions raised by staff, logged by council leads or the office, answered, and perhaps published as FAQs. */
export const staffQuestions = sqliteTable(
  'staff_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'restrict' }),
    question: text('question').notNull(),
    channel: text('channel', { enum: QUESTION_CHANNELS }).notNull(),
    category: text('category').notNull(),
    raisedOn: text('raised_on').notNull(),
    status: text('status', { enum: QUESTION_STATUSES }).notNull().default('open'),
    answer: text('answer'),
    answeredBy: text('answered_by'),
    answeredByUserId: integer('answered_by_user_id'),
    answeredOn: text('answered_on'),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    publishedAt: text('published_at'),
    loggedBy: text('logged_by').notNull(),
    ...changeTracking,
  },
  (t) => [
    index('staff_questions_council_idx').on(t.councilId, t.raisedOn),
    index('staff_questions_faq_idx').on(t.published, t.featureId),
  ],
);

/**
 * Benefits and channel shift (docs/benefits.md). How a transaction reaches HR. "online" is self-service done by the
 * person themselves; "assisted" is self-service done with someone's help (assisted digital).
 */
export const CHANNELS = ['paper', 'email', 'phone', 'face_to_face', 'online', 'assisted'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One count column per channel; null: not reported (or the type does not arrive that way). */
const channelVolumes = {
  paper: integer('paper'),
  email: integer('email'),
  phone: integer('phone'),
  faceToFace: integer('face_to_face'),
  online: integer('online'),
  assisted: integer('assisted'),
};

/** A kind of HR transaction a feature moves online (leave request, change of address), and the channels it can arrive by. */
export const transactionTypes = sqliteTable(
  'transaction_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    featureId: integer('feature_id').notNull().references(() => features.id, { onDelete: 'restrict' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** JSON array of channels, in CHANNELS order. */
    channels: text('channels', { mode: 'json' }).$type<Channel[]>().notNull(),
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('transaction_types_code_unique').on(sql`upper(${t.code})`),
    uniqueIndex('transaction_types_name_unique').on(sql`lower(${t.name})`),
    index('transaction_types_feature_idx').on(t.featureId),
  ],
);

/**
 * What one contact by a channel costs, in integer pence: a programme default (council null) or a council's own figure,
 * for every type (transaction type null) or one type. The most specific applies. Indicative: a published benchmark
 * or assumption still to be replaced by the programme's own figure.
 */
export const unitCosts = sqliteTable(
  'unit_costs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'restrict' }),
    transactionTypeId: integer('transaction_type_id').references(() => transactionTypes.id, { onDelete: 'restrict' }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    costPence: integer('cost_pence').notNull(),
    /** Set by the office: fewer contacts by this channel remove budget (cashable), rather than free time. */
    cashable: integer('cashable', { mode: 'boolean' }).notNull().default(false),
    indicative: integer('indicative', { mode: 'boolean' }).notNull().default(false),
    source: text('source').notNull(),
    sourceDate: text('source_date').notNull(),
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('unit_costs_scope_unique').on(sql`coalesce(${t.councilId}, 0)`, sql`coalesce(${t.transactionTypeId}, 0)`, t.channel),
    index('unit_costs_type_idx').on(t.transactionTypeId),
  ],
);

/** A council's monthly volume of one transaction type by channel before self-service, and the period it was measured over. */
export const benefitBaselines = sqliteTable(
  'benefit_baselines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    transactionTypeId: integer('transaction_type_id').notNull().references(() => transactionTypes.id, { onDelete: 'restrict' }),
    ...channelVolumes,
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    source: text('source').notNull().default(''),
    ...changeTracking,
  },
  (t) => [
    uniqueIndex('benefit_baselines_council_type_unique').on(t.councilId, t.transactionTypeId),
    index('benefit_baselines_type_idx').on(t.transactionTypeId),
  ],
);

/**
 * Actual volumes of one month by channel for a council and transaction type. Append-only (triggers refuse UPDATE
 * and DELETE): a correction is a new entry, and the newest entry for a month is the one that counts.
 */
export const benefitVolumes = sqliteTable(
  'benefit_volumes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    transactionTypeId: integer('transaction_type_id').notNull().references(() => transactionTypes.id, { onDelete: 'restrict' }),
    /** YYYY-MM */
    month: text('month').notNull(),
    ...channelVolumes,
    note: text('note').notNull().default(''),
    enteredBy: integer('entered_by'),
    enteredByName: text('entered_by_name').notNull(),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [
    index('benefit_volumes_series_idx').on(t.councilId, t.transactionTypeId, t.month, t.id),
    index('benefit_volumes_type_idx').on(t.transactionTypeId),
  ],
);

export const BENEFIT_MEASURES = ['saving', 'cashable_saving', 'take_up', 'cost_per_transaction', 'other'] as const;
export type BenefitMeasure = (typeof BENEFIT_MEASURES)[number];
export const BENEFIT_STATUSES = ['not_started', 'on_track', 'at_risk', 'off_track', 'achieved'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];

/**
 * The benefits register: each benefit with its owner, measure, baseline, target, target date, status and evidence.
 * Scope: the programme (council and feature null), a council, a feature or both. Profile: the cumulative target by
 * month, JSON [{ month, value }]; empty means a straight line from startDate to targetDate.
 */
export const benefits = sqliteTable(
  'benefits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    measure: text('measure', { enum: BENEFIT_MEASURES }).notNull(),
    unit: text('unit').notNull().default(''),
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'restrict' }),
    featureId: integer('feature_id').references(() => features.id, { onDelete: 'restrict' }),
    baselineValue: integer('baseline_value'),
    targetValue: integer('target_value').notNull(),
    startDate: text('start_date').notNull(),
    targetDate: text('target_date').notNull(),
    profile: text('profile', { mode: 'json' }).$type<Array<{ month: string; value: number }>>().notNull(),
    status: text('status', { enum: BENEFIT_STATUSES }).notNull().default('not_started'),
    evidence: text('evidence').notNull().default(''),
    ...changeTracking,
  },
  (t) => [uniqueIndex('benefits_title_unique').on(sql`lower(${t.title})`)],
);

/** What it cost to set self-service up (licences, build, training), for the programme or a council, in pence. */
export const setupCosts = sqliteTable(
  'setup_costs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').references(() => councils.id, { onDelete: 'restrict' }),
    description: text('description').notNull(),
    amountPence: integer('amount_pence').notNull(),
    incurredOn: text('incurred_on').notNull(),
    source: text('source').notNull().default(''),
    ...changeTracking,
  },
  (t) => [index('setup_costs_incurred_idx').on(t.incurredOn)],
);

/**
 * How far an e-mail got (docs/notifications.md): none (in-app only), pending (to send, at nextAttemptAt),
 * sending (claimed, the message not yet complete at the mail server), committing (the message is complete and
 * the final line is being handed over: from here it counts as sent), sent, failed (given up; the office resends).
 */
export const EMAIL_STATES = ['none', 'pending', 'sending', 'committing', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** One notification to one person: its row in the notification centre and, when e-mailed, its outbox entry. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The event it is about, e.g. "report-issued:4" or "digest:2026-11-23": one notification per person per key. */
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** A path in the dashboard, e.g. /items/12. */
    link: text('link').notNull(),
    /** Digests: the sections and their lines, each with its link. */
    details: text('details', { mode: 'json' }),
    /** Whether it shows in the notification centre (the person may want some kinds by e-mail only). */
    shown: integer('shown', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
    emailState: text('email_state', { enum: EMAIL_STATES }).notNull().default('none'),
    /** The e-mail address when it was written, so a later change of address does not rewrite history. */
    emailTo: text('email_to'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    /** The sender process that claimed it (see notification_leases). */
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_unique').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.shown, t.id),
    index('notifications_outbox_idx').on(t.emailState, t.nextAttemptAt),
  ],
);

export const ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed', 'interrupted', 'assumed_sent'] as const;

/** Every attempt to deliver an e-mail, kept for the office's outbox page. */
export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    notificationId: integer('notification_id').notNull().references(() => notifications.id, { onDelete: 'cascade' }),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    outcome: text('outcome', { enum: ATTEMPT_OUTCOMES }),
    error: text('error'),
    holder: text('holder').notNull(),
  },
  (t) => [index('notification_attempts_notification_idx').on(t.notificationId, t.id)],
);

/** A person's switches per kind; a kind without a row has its default. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    inApp: integer('in_app', { mode: 'boolean' }).notNull(),
    email: integer('email', { mode: 'boolean' }).notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Durable next-run times of the scheduled jobs (weekly digest, alerts, monthly summary). */
export const notificationSchedule = sqliteTable('notification_schedule', {
  job: text('job').primaryKey(),
  nextRunAt: text('next_run_at').notNull(),
  lastRunAt: text('last_run_at'),
});

/** Who may send and schedule now: one holder at a time, until expiresAt unless renewed. */
export const notificationLeases = sqliteTable('notification_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * The transactional outbox of plan changes that notify people: written by triggers (migrations/0015) in the
 * same transaction as the change, whichever route or tool made it; turned into one notification per person
 * by the sender, which stamps processedAt in the same transaction as the notifications it writes.
 */
export const notificationEvents = sqliteTable(
  'notification_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** report_issued, wave_moved, item_moved, item_live, win_drafted. */
    type: text('type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** The entity's version after the change, so each change is its own event. */
    entityVersion: integer('entity_version').notNull().default(1),
    payload: text('payload', { mode: 'json' }),
    processedAt: text('processed_at'),
  },
  (t) => [index('notification_events_pending_idx').on(t.processedAt, t.id)],
);

/**
 * Staff voice (docs/staff-voice.md): pulse surveys staff answer without an account, through links that close
 * and expire. Answers carry no name, address or browser detail, and only the day they were given.
 */
export const VOICE_STAGES = ['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'] as const;
export type VoiceStage = (typeof VOICE_STAGES)[number];
export const VOICE_PROMPTS = ['working_well', 'going_wrong', 'ideas'] as const;
export type VoicePrompt = (typeof VOICE_PROMPTS)[number];
export const COMMENT_STATUSES = ['unreviewed', 'published', 'withheld'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const IDEA_STATUSES = ['new', 'considering', 'adopted', 'not_now'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

/** A round of the pulse survey for a council (or one of its groups) in a wave. */
export const pulseSurveys = sqliteTable(
  'pulse_surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    groupId: integer('group_id').references(() => councilGroups.id, { onDelete: 'restrict' }),
    waveId: integer('wave_id').notNull().references(() => waves.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    opensOn: text('opens_on').notNull(),
    askRecommend: integer('ask_recommend', { mode: 'boolean' }).notNull().default(true),
    createdByName: text('created_by_name').notNull(),
    ...changeTracking,
  },
  (t) => [index('pulse_surveys_council_idx').on(t.councilId, t.opensOn)],
);

/** A link (or QR code) to a survey: a random token, closed at will, expiring after its last day. */
export const pulseLinks = sqliteTable(
  'pulse_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
    token: text('token').notNull(),
    label: text('label').notNull().default(''),
    /** The last day the link takes answers. */
    expiresOn: text('expires_on').notNull(),
    closedAt: text('closed_at'),
    ...changeTracking,
  },
  (t) => [uniqueIndex('pulse_links_token_unique').on(t.token), index('pulse_links_survey_idx').on(t.surveyId)],
);

/** A burst of answers the office set aside, with the reason. */
export const pulseDiscards = sqliteTable('pulse_discards', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
  linkId: integer('link_id').notNull().references(() => pulseLinks.id, { onDelete: 'restrict' }),
  day: text('day').notNull(),
  reason: text('reason').notNull(),
  responses: integer('responses').notNull(),
  comments: integer('comments').notNull(),
  discardedByName: text('discarded_by_name').notNull(),
  discardedAt: text('discarded_at').notNull(),
});

/** One person's scores: no name, address, browser or time of day (docs/staff-voice.md). Null: not answered. */
export const pulseResponses = sqliteTable(
  'pulse_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
    linkId: integer('link_id').notNull().references(() => pulseLinks.id, { onDelete: 'restrict' }),
    answeredOn: text('answered_on').notNull(),
    awareness: integer('awareness'),
    desire: integer('desire'),
    knowledge: integer('knowledge'),
    ability: integer('ability'),
    reinforcement: integer('reinforcement'),
    recommend: integer('recommend'),
    discardId: integer('discard_id').references(() => pulseDiscards.id, { onDelete: 'restrict' }),
  },
  (t) => [index('pulse_responses_survey_idx').on(t.surveyId, t.answeredOn)],
);

/**
 * That a browser has answered a survey: a hash of a random token the browser keeps, never linked to its answers.
 * Discourages repeats; does not prevent them.
 */
export const pulseMarks = sqliteTable(
  'pulse_marks',
  {
    surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
    browserHash: text('browser_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.browserHash] })],
);

/** Free text, kept apart from the scores; shown only once the office or the council's lead has reviewed it. */
export const pulseComments = sqliteTable(
  'pulse_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
    linkId: integer('link_id').notNull().references(() => pulseLinks.id, { onDelete: 'restrict' }),
    answeredOn: text('answered_on').notNull(),
    prompt: text('prompt', { enum: VOICE_PROMPTS }).notNull(),
    /** As written until reviewed; then as published (edited to remove anything identifying), or empty when withheld. */
    text: text('text').notNull(),
    status: text('status', { enum: COMMENT_STATUSES }).notNull().default('unreviewed'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: text('reviewed_at'),
    discardId: integer('discard_id').references(() => pulseDiscards.id, { onDelete: 'restrict' }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('pulse_comments_survey_idx').on(t.surveyId, t.status)],
);

/** A stage's score recorded as a reading of a readiness criterion (source: pulse survey). */
export const pulseFeeds = sqliteTable(
  'pulse_feeds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id').notNull().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
    stage: text('stage', { enum: VOICE_STAGES }).notNull(),
    criterionId: integer('criterion_id').notNull().references(() => criteria.id, { onDelete: 'restrict' }),
    readingId: integer('reading_id').notNull().references(() => readings.id, { onDelete: 'restrict' }),
    fedByName: text('fed_by_name').notNull(),
    fedAt: text('fed_at').notNull(),
  },
  (t) => [uniqueIndex('pulse_feeds_unique').on(t.surveyId, t.stage, t.criterionId)],
);

/** How many people gave each score, per statement: index 0 is score 1 for the stages, score 0 for recommend. */
export type PulseTallyCounts = Record<VoiceStage | 'recommend', number[]>;

/**
 * A round's answers once the retention period is over (docs/staff-voice.md, "Retention"): the answers, comments
 * and browser marks are deleted and what remains is how many gave each score, from which every figure of the
 * round is made exactly as before. Written once, in the same transaction as the deletion; never changed.
 */
export const pulseTallies = sqliteTable('pulse_tallies', {
  surveyId: integer('survey_id').primaryKey().references(() => pulseSurveys.id, { onDelete: 'restrict' }),
  /** Answers counted (discarded ones left out). */
  responses: integer('responses').notNull(),
  counts: text('counts', { mode: 'json' }).$type<PulseTallyCounts>().notNull(),
  /** What was deleted: every answer (discarded ones too), comment and browser mark of the round. */
  answersDeleted: integer('answers_deleted').notNull(),
  commentsDeleted: integer('comments_deleted').notNull(),
  marksDeleted: integer('marks_deleted').notNull(),
  /** The last day an answer was counted, so silence is still judged after the answers have gone. */
  lastAnsweredOn: text('last_answered_on'),
  deletedOn: text('deleted_on').notNull(),
});

/** Staff ideas and what became of them; adopted ones are published as "you said, we did". */
export const voiceIdeas = sqliteTable(
  'voice_ideas',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
    commentId: integer('comment_id').references(() => pulseComments.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    youSaid: text('you_said').notNull(),
    status: text('status', { enum: IDEA_STATUSES }).notNull().default('new'),
    /** Why not now (required for "not_now"). */
    reason: text('reason').notNull().default(''),
    /** What was done (required for "adopted"): the "we did" half. */
    weDid: text('we_did').notNull().default(''),
    decidedOn: text('decided_on'),
    winId: integer('win_id').references(() => earlyWins.id, { onDelete: 'restrict' }),
    ...changeTracking,
  },
  (t) => [index('voice_ideas_council_idx').on(t.councilId, t.status)],
);

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
