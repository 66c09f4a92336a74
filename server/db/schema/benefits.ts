import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { councils, features } from './plan.ts';

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
