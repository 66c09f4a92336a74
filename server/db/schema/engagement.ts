import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { councils, features, waves } from './plan.ts';

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
