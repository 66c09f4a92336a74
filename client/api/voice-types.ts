/** The staff voice API's shapes, from the server's own TypeBox schemas (type-only). */
import type { Static } from 'typebox';
import type { Answer as AnswerSchema, PublicSurvey as PublicSurveySchema, SaidDid as SaidDidSchema } from '../../server/modules/voice/schemas.ts';

export type PublicSurvey = Static<typeof PublicSurveySchema>;
export type SurveyAnswer = Static<typeof AnswerSchema>;
export type SaidDid = Static<typeof SaidDidSchema>;
import type { Comment as CommentSchema, Idea as IdeaSchema, VoiceResults as VoiceResultsSchema } from '../../server/modules/voice/schemas.ts';

export type VoiceResults = Static<typeof VoiceResultsSchema>;
export type VoiceComment = Static<typeof CommentSchema>;
export type VoiceIdea = Static<typeof IdeaSchema>;
import type {
  CreateFeed, CreateIdea as CreateIdeaSchema, CreateSurvey as CreateSurveySchema, Discard as DiscardSchema, Feed as FeedSchema, Survey as SurveySchema,
  SurveyLink as SurveyLinkSchema, UpdateIdea as UpdateIdeaSchema,
} from '../../server/modules/voice/schemas.ts';

export type VoiceSurvey = Static<typeof SurveySchema>;
export type SurveyLink = Static<typeof SurveyLinkSchema>;
export type NewSurvey = Static<typeof CreateSurveySchema>;
export type VoiceDiscard = Static<typeof DiscardSchema>;
export type SurveyFeed = Static<typeof FeedSchema> & Static<typeof CreateFeed>;
export type NewIdea = Static<typeof CreateIdeaSchema>;
export type VoiceIdeaChange = Static<typeof UpdateIdeaSchema>;
