import { Type, type Static } from 'typebox';
import { ACTIVITY_STATUSES, COMMS_AUDIENCES, COMMS_CHANNELS, DATE_MODES, QUESTION_CHANNELS, QUESTION_STATUSES, REGIONS } from '../../db/schema.ts';
import { Id, Instant, IsoDate, LongText, NullableId, NullableIsoDate, PageQuery, PlainLine, StringEnum, VisibleLine, VisibleText } from '../../http/schemas.ts';

export const Channel = StringEnum(COMMS_CHANNELS, { description: 'email covers notifications and e-mails' });
export const CommsAudience = StringEnum(COMMS_AUDIENCES, { description: 'group: a named group, given in audienceGroup' });
export const ActivityStatus = StringEnum(ACTIVITY_STATUSES);
export const DateMode = StringEnum(DATE_MODES, { description: 'relative: offsetDays from the wave go-live; fixed: fixedDate' });
export const QuestionChannel = StringEnum(QUESTION_CHANNELS);
export const QuestionStatus = StringEnum(QUESTION_STATUSES);

const Title = VisibleLine({ maxLength: 160 });
const Owner = VisibleLine({ maxLength: 120, description: 'Who does it: a name or a team' });
const AudienceGroup = PlainLine({ maxLength: 120, description: 'The named group, when audience is group' });
const OffsetDays = Type.Integer({ minimum: -365, maximum: 365, description: 'Calendar days from the go-live: negative before, positive after' });
const NullableOffset = Type.Union([OffsetDays, Type.Null()]);
const People = Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()]);
const OpenRate = Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], { description: 'Percent of messages opened' });
const CouncilIds = Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Every council the activity is for' });

export const ActivityCouncil = Type.Object({ councilId: Id, name: Type.String() });

export const Activity = Type.Object(
  {
    id: Id,
    waveId: Id,
    waveName: Type.String(),
    waveGoLive: IsoDate,
    councils: Type.Array(ActivityCouncil),
    title: Type.String(),
    channel: Channel,
    audience: CommsAudience,
    audienceGroup: Type.String(),
    dateMode: DateMode,
    offsetDays: NullableOffset,
    fixedDate: NullableIsoDate,
    date: Type.String({ format: 'date', description: 'The day it is planned for: computed from the wave go-live when relative' }),
    owner: Type.String(),
    status: ActivityStatus,
    doneOn: NullableIsoDate,
    peopleReached: People,
    attendance: People,
    openRate: OpenRate,
    note: Type.String(),
    feedsReadiness: Type.Boolean({ description: "When done, its reach is recorded as the councils' communications reach reading" }),
    templateActivityId: NullableId,
    overdue: Type.Boolean({ description: 'Still planned and its day has passed' }),
    dueThisWeek: Type.Boolean({ description: 'Still planned and due this week (Monday to Sunday)' }),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { description: 'A communications activity' },
);

const activityFields = {
  waveId: Id,
  councilIds: CouncilIds,
  title: Title,
  channel: Channel,
  audience: CommsAudience,
  audienceGroup: AudienceGroup,
  dateMode: DateMode,
  offsetDays: NullableOffset,
  fixedDate: NullableIsoDate,
  owner: Owner,
  status: ActivityStatus,
  doneOn: NullableIsoDate,
  peopleReached: People,
  attendance: People,
  openRate: OpenRate,
  note: LongText,
  feedsReadiness: Type.Boolean({ description: 'Programme office only' }),
};

export const CreateActivity = Type.Object(
  {
    waveId: activityFields.waveId, councilIds: activityFields.councilIds, title: activityFields.title, channel: activityFields.channel,
    audience: activityFields.audience, dateMode: activityFields.dateMode, owner: activityFields.owner,
    audienceGroup: Type.Optional(AudienceGroup),
    offsetDays: Type.Optional(NullableOffset),
    fixedDate: Type.Optional(NullableIsoDate),
    status: Type.Optional(ActivityStatus),
    doneOn: Type.Optional(NullableIsoDate),
    peopleReached: Type.Optional(People),
    attendance: Type.Optional(People),
    openRate: Type.Optional(OpenRate),
    note: Type.Optional(LongText),
    feedsReadiness: Type.Optional(activityFields.feedsReadiness),
  },
  { additionalProperties: false, description: 'relative needs offsetDays, fixed needs fixedDate; reach figures only once done' },
);

export const UpdateActivity = Type.Object(
  {
    waveId: Type.Optional(activityFields.waveId),
    councilIds: Type.Optional(activityFields.councilIds),
    title: Type.Optional(activityFields.title),
    channel: Type.Optional(activityFields.channel),
    audience: Type.Optional(activityFields.audience),
    audienceGroup: Type.Optional(activityFields.audienceGroup),
    dateMode: Type.Optional(activityFields.dateMode),
    offsetDays: Type.Optional(activityFields.offsetDays),
    fixedDate: Type.Optional(activityFields.fixedDate),
    owner: Type.Optional(activityFields.owner),
    status: Type.Optional(activityFields.status),
    doneOn: Type.Optional(activityFields.doneOn),
    peopleReached: Type.Optional(activityFields.peopleReached),
    attendance: Type.Optional(activityFields.attendance),
    openRate: Type.Optional(activityFields.openRate),
    note: Type.Optional(activityFields.note),
    feedsReadiness: Type.Optional(activityFields.feedsReadiness),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ActivityQuery = Type.Object(
  {
    waveId: Type.Optional(Id),
    councilId: Type.Optional(Id),
    status: Type.Optional(ActivityStatus),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    overdue: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const TemplateActivity = Type.Object(
  {
    id: Id,
    title: Type.String(),
    channel: Channel,
    audience: CommsAudience,
    audienceGroup: Type.String(),
    offsetDays: Type.Integer(),
    owner: Type.String(),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { description: 'A template activity' },
);

const templateFields = { title: Title, channel: Channel, audience: CommsAudience, audienceGroup: AudienceGroup, offsetDays: OffsetDays, owner: PlainLine({ maxLength: 120 }) };

export const CreateTemplateActivity = Type.Object(
  {
    title: Title, channel: Channel, audience: CommsAudience, offsetDays: OffsetDays,
    audienceGroup: Type.Optional(AudienceGroup), owner: Type.Optional(templateFields.owner),
  },
  { additionalProperties: false },
);
export const UpdateTemplateActivity = Type.Object(
  {
    title: Type.Optional(templateFields.title),
    channel: Type.Optional(templateFields.channel),
    audience: Type.Optional(templateFields.audience),
    audienceGroup: Type.Optional(templateFields.audienceGroup),
    offsetDays: Type.Optional(templateFields.offsetDays),
    owner: Type.Optional(templateFields.owner),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const TemplateQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ApplyTemplate = Type.Object({ councilId: Id, waveId: Id }, { additionalProperties: false });
export const AppliedTemplate = Type.Object({
  created: Type.Array(Activity),
  skipped: Type.Array(Type.Object({ templateActivityId: Id, title: Type.String(), reason: Type.String() })),
});

export const Question = Type.Object(
  {
    id: Id,
    councilId: Id,
    councilName: Type.String(),
    councilRegion: StringEnum(REGIONS, { description: 'Whose bank holidays the answer target skips' }),
    featureId: NullableId,
    featureName: Type.Union([Type.String(), Type.Null()]),
    question: Type.String(),
    channel: QuestionChannel,
    category: Type.String(),
    raisedOn: IsoDate,
    dueOn: Type.String({ format: 'date', description: 'The last day to answer within the target (working days)' }),
    status: QuestionStatus,
    answer: Type.Union([Type.String(), Type.Null()]),
    answeredBy: Type.Union([Type.String(), Type.Null()]),
    answeredOn: NullableIsoDate,
    late: Type.Boolean({ description: 'Open past its due day, or answered after it' }),
    published: Type.Boolean({ description: 'Published as an FAQ for its feature' }),
    publishedAt: Type.Union([Instant, Type.Null()]),
    loggedBy: Type.String(),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { description: 'A staff question' },
);

const QuestionText = VisibleText({ maxLength: 2000, description: 'The question as staff asked it' });
const Answer = VisibleText({ maxLength: 4000 });
const Category = VisibleLine({ maxLength: 60, description: 'e.g. Access, Pay, Leave balance' });

export const CreateQuestion = Type.Object(
  {
    councilId: Id,
    featureId: Type.Optional(NullableId),
    question: QuestionText,
    channel: QuestionChannel,
    category: Category,
    raisedOn: Type.Optional(IsoDate),
    answer: Type.Optional(Answer),
    answeredOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false, description: 'raisedOn defaults to today; an answer given now marks it answered' },
);

export const UpdateQuestion = Type.Object(
  {
    featureId: Type.Optional(NullableId),
    question: Type.Optional(QuestionText),
    channel: Type.Optional(QuestionChannel),
    category: Type.Optional(Category),
    raisedOn: Type.Optional(IsoDate),
    answer: Type.Optional(Answer),
    answeredOn: Type.Optional(IsoDate),
    status: Type.Optional(QuestionStatus),
    published: Type.Optional(Type.Boolean({ description: 'Programme office only; needs an answer' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const QuestionQuery = Type.Object(
  {
    councilId: Type.Optional(Id),
    featureId: Type.Optional(Id),
    status: Type.Optional(QuestionStatus),
    category: Type.Optional(Type.String({ maxLength: 60 })),
    late: Type.Optional(Type.Boolean()),
    published: Type.Optional(Type.Boolean({ description: 'Sponsors always get published questions only' })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const FaqQuery = Type.Object({ featureId: Type.Optional(Id) }, { additionalProperties: false });
export const Faq = Type.Object({
  features: Type.Array(Type.Object({
    featureId: NullableId,
    featureName: Type.String({ description: '"General" for questions about no one feature' }),
    entries: Type.Array(Type.Object({ id: Id, question: Type.String(), answer: Type.String(), category: Type.String(), councilName: Type.String(), answeredOn: IsoDate })),
  })),
});

const CategoryCount = Type.Object({ category: Type.String(), count: Type.Integer() });
export const QuestionFigures = Type.Object({
  raised: Type.Integer(),
  open: Type.Integer(),
  late: Type.Integer({ description: 'Open past the target' }),
  answeredLate: Type.Integer(),
  per100Staff: Type.Union([Type.Number(), Type.Null()], { description: 'Questions raised per 100 staff of the audience' }),
  withinTargetShare: Type.Union([Type.Number(), Type.Null()], { description: 'Percent of answered questions answered within the target' }),
  medianWorkingDaysToAnswer: Type.Union([Type.Number(), Type.Null()]),
  topCategories: Type.Array(CategoryCount),
});

export const Silence = Type.Object({
  flagged: Type.Boolean(),
  lastQuestionOn: NullableIsoDate,
  commsReach: Type.Union([Type.Number(), Type.Null()]),
  commsTarget: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.String(),
});

export const CouncilEngagement = Type.Object({
  asOf: IsoDate,
  council: Type.Object({ councilId: Id, name: Type.String(), staffHeadcount: Type.Integer() }),
  answerTargetWorkingDays: Type.Integer(),
  activities: Type.Array(Activity),
  overdueActivities: Type.Integer(),
  dueThisWeek: Type.Integer(),
  questions: Type.Union([QuestionFigures, Type.Null()], { description: 'Counted from the whole log: null for sponsors, who see published FAQs only' }),
  byFeature: Type.Array(Type.Intersect([Type.Object({ featureId: NullableId, featureName: Type.String() }), QuestionFigures]), { description: 'Empty for sponsors' }),
  lateQuestions: Type.Array(Question, { description: 'Open past the target; empty for sponsors' }),
  silence: Silence,
});

export const EngagementSummary = Type.Object({
  asOf: IsoDate,
  answerTargetWorkingDays: Type.Integer(),
  councils: Type.Array(Type.Object({
    councilId: Id,
    name: Type.String(),
    overdueActivities: Type.Integer(),
    dueThisWeek: Type.Integer(),
    questionsRaised: Type.Union([Type.Integer(), Type.Null()], { description: 'Null for sponsors (counted from unpublished questions)' }),
    lateQuestions: Type.Union([Type.Integer(), Type.Null()], { description: 'Null for sponsors' }),
    answeredLate: Type.Union([Type.Integer(), Type.Null()], { description: 'Null for sponsors' }),
    silence: Silence,
  })),
  overdueActivities: Type.Array(Activity, { description: 'The first ten, oldest first' }),
  dueThisWeek: Type.Array(Activity),
  lateQuestions: Type.Array(Question, { description: 'The first ten open past the target, oldest first; empty for sponsors' }),
});

export type Activity = Static<typeof Activity>;
export type CreateActivity = Static<typeof CreateActivity>;
export type UpdateActivity = Static<typeof UpdateActivity>;
export type ActivityQuery = Static<typeof ActivityQuery>;
export type TemplateActivity = Static<typeof TemplateActivity>;
export type CreateTemplateActivity = Static<typeof CreateTemplateActivity>;
export type UpdateTemplateActivity = Static<typeof UpdateTemplateActivity>;
export type TemplateQuery = Static<typeof TemplateQuery>;
export type ApplyTemplate = Static<typeof ApplyTemplate>;
export type AppliedTemplate = Static<typeof AppliedTemplate>;
export type Question = Static<typeof Question>;
export type CreateQuestion = Static<typeof CreateQuestion>;
export type UpdateQuestion = Static<typeof UpdateQuestion>;
export type QuestionQuery = Static<typeof QuestionQuery>;
export type Faq = Static<typeof Faq>;
export type QuestionFigures = Static<typeof QuestionFigures>;
export type Silence = Static<typeof Silence>;
export type CouncilEngagement = Static<typeof CouncilEngagement>;
export type EngagementSummary = Static<typeof EngagementSummary>;
