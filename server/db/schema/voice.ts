import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { councilGroups, councils, waves } from './plan.ts';
import { criteria, earlyWins, readings } from './readiness.ts';

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
