import { Type, type Static } from 'typebox';
import { COMMENT_STATUSES, IDEA_STATUSES, VOICE_PROMPTS, VOICE_STAGES } from '../../db/schema.ts';
import { Id, Instant, IsoDate, NullableId, NullableIsoDate, PlainText, StringEnum, VisibleLine, VisibleText } from '../../http/schemas.ts';

export const Stage = StringEnum(VOICE_STAGES, { description: 'The ADKAR stage a statement measures' });
export const Prompt = StringEnum(VOICE_PROMPTS);
export const CommentStatus = StringEnum(COMMENT_STATUSES);
export const IdeaStatus = StringEnum(IDEA_STATUSES, { description: 'not_now needs a reason; adopted needs weDid' });

const Title = VisibleLine({ maxLength: 160 });
const Label = VisibleLine({ maxLength: 120, description: 'Where the link is used, e.g. "Depot posters"' });
const Score = Type.Integer({ minimum: 1, maximum: 5, description: '1 strongly disagree … 5 strongly agree' });
const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

export const SurveyLink = Type.Object({
  id: Id,
  surveyId: Id,
  token: Type.String({ description: 'The random part of the link; shown only to those who manage the survey' }),
  path: Type.String({ description: 'The page staff open: /say/<token>' }),
  label: Type.String(),
  expiresOn: IsoDate,
  closedAt: Type.Union([Instant, Type.Null()]),
  open: Type.Boolean({ description: 'Takes answers today: not closed and not expired' }),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SurveyLink = Static<typeof SurveyLink>;

export const Discard = Type.Object({
  id: Id, linkId: Id, day: IsoDate, reason: Type.String(), responses: Type.Integer(), comments: Type.Integer(), discardedByName: Type.String(), discardedAt: Instant,
});

export const Survey = Type.Object({
  id: Id,
  councilId: Id,
  councilName: Type.String(),
  groupId: NullableId,
  groupName: Type.Union([Type.String(), Type.Null()]),
  waveId: Id,
  waveName: Type.String(),
  title: Type.String(),
  opensOn: IsoDate,
  askRecommend: Type.Boolean(),
  headcount: Type.Integer({ description: "The people asked: the group's headcount, else the council's staff" }),
  responses: Type.Integer({ description: 'Answers counted (discarded ones left out)' }),
  open: Type.Boolean({ description: 'At least one link takes answers today' }),
  links: Type.Array(SurveyLink, { description: 'Only for those who manage the survey' }),
  discards: Type.Array(Discard),
  answersDeletedOn: Type.Union([IsoDate, Type.Null()], { description: 'The day its answers and comments were deleted at the end of the retention period; its figures stay' }),
  createdByName: Type.String(),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Survey = Static<typeof Survey>;

export const CreateSurvey = Type.Object(
  {
    councilId: Id,
    groupId: Type.Optional(NullableId),
    waveId: Id,
    title: Type.Optional(Title),
    opensOn: Type.Optional(IsoDate),
    askRecommend: Type.Optional(Type.Boolean()),
    link: Type.Optional(Type.Object({ label: Type.Optional(Label), expiresOn: IsoDate }, { additionalProperties: false })),
  },
  { additionalProperties: false, description: 'With link, the first link is made in the same transaction' },
);
export type CreateSurvey = Static<typeof CreateSurvey>;

export const SurveyQuery = Type.Object({ councilId: Type.Optional(Id), waveId: Type.Optional(Id) }, { additionalProperties: false });

export const CreateLink = Type.Object({ label: Type.Optional(Label), expiresOn: IsoDate }, { additionalProperties: false });
export const UpdateLink = Type.Object(
  { closed: Type.Optional(Type.Boolean({ description: 'true closes the link now; it cannot be reopened' })), expiresOn: Type.Optional(IsoDate), label: Type.Optional(Label) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLink = Static<typeof UpdateLink>;

export const CreateDiscard = Type.Object(
  { linkId: Id, day: IsoDate, reason: VisibleText({ maxLength: 1000, description: 'Why these answers are set aside' }) },
  { additionalProperties: false, description: 'Sets aside every answer that came through the link on that day' },
);

export const CreateFeed = Type.Object(
  { stage: Stage, criterionId: Id },
  { additionalProperties: false, description: "Records the stage's score as a reading of the criterion: the mean for a score criterion, the percent agreeing for a percent one" },
);
export const Feed = Type.Object({
  id: Id, surveyId: Id, stage: Stage, criterionId: Id, readingId: Id, value: Type.Number(), readingDate: IsoDate, note: Type.String(), fedByName: Type.String(), fedAt: Instant,
});

// The public form.
const Statement = Type.Object({ stage: Stage, text: Type.String() });
export const PublicSurvey = Type.Object({
  title: Type.String(),
  councilName: Type.String(),
  groupName: Type.Union([Type.String(), Type.Null()]),
  waveName: Type.String(),
  expiresOn: IsoDate,
  statements: Type.Array(Statement),
  scale: Type.Array(Type.String(), { description: 'The words for 1 to 5' }),
  recommend: Type.Union([Type.String(), Type.Null()], { description: 'The recommend question, or null when not asked' }),
  prompts: Type.Array(Type.Object({ prompt: Prompt, text: Type.String() })),
  privacy: Type.Array(Type.String(), { description: 'The privacy statement, a paragraph an item' }),
});

const FreeText = PlainText({ maxLength: 1000 });
export const Answer = Type.Object(
  {
    awareness: Type.Optional(Nullable(Score)),
    desire: Type.Optional(Nullable(Score)),
    knowledge: Type.Optional(Nullable(Score)),
    ability: Type.Optional(Nullable(Score)),
    reinforcement: Type.Optional(Nullable(Score)),
    recommend: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10 }))),
    working_well: Type.Optional(FreeText),
    going_wrong: Type.Optional(FreeText),
    ideas: Type.Optional(FreeText),
    browserToken: Type.Optional(Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'A random token the browser keeps, to discourage answering twice; stored only as a hash, apart from the answer' })),
  },
  { additionalProperties: false },
);
export type Answer = Static<typeof Answer>;
export const AnswerReceived = Type.Object({ message: Type.String() });

// Results.
const StageFigure = Type.Object({
  stage: Stage,
  answered: Type.Integer(),
  mean: Type.Union([Type.Number(), Type.Null()], { description: 'Mean on 1-5; null when suppressed or nobody scored it' }),
  agreePercent: Type.Union([Type.Integer(), Type.Null()], { description: 'Percent scoring 4 or 5' }),
});
export const Figures = Type.Object({
  responses: Type.Integer(),
  suppressed: Type.Boolean({ description: 'Fewer answered than the threshold: only the count is shown' }),
  stages: Type.Array(StageFigure),
  recommendAnswered: Type.Integer(),
  recommendNet: Type.Union([Type.Integer(), Type.Null()], { description: 'Percent scoring 9-10 less percent scoring 0-6' }),
});
export const RoundResult = Type.Object({
  surveyId: Id,
  title: Type.String(),
  councilId: Id,
  councilName: Type.String(),
  groupId: NullableId,
  groupName: Type.Union([Type.String(), Type.Null()]),
  waveId: Id,
  waveName: Type.String(),
  opensOn: IsoDate,
  headcount: Type.Integer(),
  responseRate: Type.Union([Type.Number(), Type.Null()], { description: 'Responses as a percent of the headcount' }),
  figures: Figures,
  publishedComments: Type.Union([Type.Integer(), Type.Null()], { description: 'Reviewed comments shown; null for sponsors and share links' }),
});
export const CouncilVoice = Type.Object({
  councilId: Id,
  councilName: Type.String(),
  councilCode: Type.String(),
  rounds: Type.Integer(),
  latest: Type.Union([RoundResult, Type.Null()]),
  quiet: Type.Boolean({ description: 'The council has stopped answering (docs/staff-voice.md)' }),
  quietReason: Type.Union([Type.String(), Type.Null()]),
  lastAnsweredOn: NullableIsoDate,
  adoptedIdeas: Type.Integer(),
});
export const VoiceResults = Type.Object({
  minResponses: Type.Integer({ description: 'The threshold: fewer answers than this show no figures' }),
  councils: Type.Array(CouncilVoice),
  rounds: Type.Array(RoundResult, { description: 'Every round asked for, oldest first: the score per stage over time' }),
  byWave: Type.Array(Type.Object({
    councilId: Id, councilName: Type.String(), waveId: Id, waveName: Type.String(), figures: Figures,
    leftOut: Type.Integer({ description: 'Rounds under the threshold, left out of this total so nothing can be worked out by subtraction' }),
  })),
});
export const ResultsQuery = Type.Object({ councilId: Type.Optional(Id), waveId: Type.Optional(Id), groupId: Type.Optional(Id) }, { additionalProperties: false });

// Comments.
export const Comment = Type.Object({
  id: Id,
  surveyId: Id,
  councilId: Id,
  councilName: Type.String(),
  surveyTitle: Type.String(),
  prompt: Prompt,
  text: Type.String(),
  answeredOn: IsoDate,
  status: CommentStatus,
  reviewedByName: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Instant, Type.Null()]),
  version: Type.Integer(),
});
export type Comment = Static<typeof Comment>;
export const CommentQuery = Type.Object(
  { status: Type.Optional(CommentStatus), councilId: Type.Optional(Id), surveyId: Type.Optional(Id), prompt: Type.Optional(Prompt) },
  { additionalProperties: false },
);
export const ReviewComment = Type.Object(
  {
    status: StringEnum(['published', 'withheld'] as const, { description: 'published shows it (edited as given); withheld keeps it out and empties it' }),
    text: Type.Optional(VisibleText({ maxLength: 1000, description: 'The comment as published, with anything identifying taken out' })),
  },
  { additionalProperties: false },
);
export type ReviewComment = Static<typeof ReviewComment>;

// Ideas.
export const Idea = Type.Object({
  id: Id,
  councilId: Id,
  councilName: Type.String(),
  commentId: NullableId,
  title: Type.String(),
  youSaid: Type.String(),
  status: IdeaStatus,
  reason: Type.String(),
  weDid: Type.String(),
  decidedOn: NullableIsoDate,
  winId: NullableId,
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Idea = Static<typeof Idea>;
const YouSaid = VisibleText({ maxLength: 1000, description: 'What staff said, in words that identify nobody' });
export const CreateIdea = Type.Object(
  { councilId: Type.Optional(Id), commentId: Type.Optional(Id), title: Title, youSaid: Type.Optional(YouSaid) },
  { additionalProperties: false, description: 'From a published "ideas" comment (commentId: council and words taken from it), or typed in with councilId and youSaid' },
);
export type CreateIdea = Static<typeof CreateIdea>;
export const UpdateIdea = Type.Object(
  {
    title: Type.Optional(Title), youSaid: Type.Optional(YouSaid), status: Type.Optional(IdeaStatus),
    reason: Type.Optional(PlainText({ maxLength: 1000 })), weDid: Type.Optional(PlainText({ maxLength: 1000 })), decidedOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIdea = Static<typeof UpdateIdea>;
export const IdeaQuery = Type.Object({ councilId: Type.Optional(Id), status: Type.Optional(IdeaStatus) }, { additionalProperties: false });
export const IdeaToWin = Type.Object(
  { wonOn: Type.Optional(IsoDate), story: Type.Optional(VisibleText({ maxLength: 2000 })) },
  { additionalProperties: false, description: 'Makes a draft early win of an adopted idea; the win is published by the programme office as any other' },
);

export const SaidDid = Type.Object({
  councilName: Type.String(),
  councilCode: Type.String(),
  ideas: Type.Array(Type.Object({ title: Type.String(), youSaid: Type.String(), weDid: Type.String(), decidedOn: NullableIsoDate })),
});
export const CouncilCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });

/** The board report's staff voice section: aggregates only, held back under the threshold. */
export const VoiceBoardSection = Type.Object({
  minResponses: Type.Integer(),
  councils: Type.Array(Type.Object({
    councilId: Id,
    councilName: Type.String(),
    title: Type.String(),
    opensOn: IsoDate,
    waveName: Type.String(),
    responses: Type.Integer(),
    responseRate: Type.Union([Type.Number(), Type.Null()]),
    previousResponseRate: Type.Union([Type.Number(), Type.Null()]),
    suppressed: Type.Boolean(),
    stages: Type.Array(Type.Object({ stage: Stage, mean: Type.Union([Type.Number(), Type.Null()]), agreePercent: Type.Union([Type.Integer(), Type.Null()]) })),
    recommendNet: Type.Union([Type.Integer(), Type.Null()]),
  })),
  ideasAdopted: Type.Array(Type.Object({ councilName: Type.String(), title: Type.String(), weDid: Type.String(), decidedOn: IsoDate })),
});
