import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { errorBody } from '../../http/errors.ts';
import { IdParams, IfMatchHeader, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { ANSWER_BODY_LIMIT, AnswersLimited, DEFAULT_VOICE_LIMITS, type VoiceLimits } from './intake.ts';
import { readerOf } from './results.ts';
import {
  Answer, AnswerReceived, Comment, CommentQuery, CouncilCodeParams, CreateDiscard, CreateFeed, CreateIdea, CreateLink, CreateSurvey, Discard, Feed, Idea,
  IdeaQuery, IdeaToWin, PublicSurvey, ResultsQuery, ReviewComment, SaidDid, Survey, SurveyLink, SurveyQuery, TokenParams, UpdateIdea, UpdateLink, VoiceResults,
} from './schemas.ts';

export { DEFAULT_VOICE_LIMITS, type VoiceLimits };

/**
 * Staff voice: pulse surveys answered without an account, their results under the threshold, the comment review
 * queue, the ideas log and the public "you said, we did". Rules: docs/staff-voice.md.
 */
export const voiceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Answers past the retention period are deleted once a day, by the scheduler every process runs (one at a time).
  app.notifications.worker.scheduleDaily('voice-retention', (now, day) => void app.services.voiceRetention.run(now, day));
  answerRoutes(app);
  surveyRoutes(app);
  reviewRoutes(app);
};

type Api = Parameters<FastifyPluginAsyncTypebox>[0];
const tags = ['Staff voice'];

/** What staff reach without an account: the survey behind a link, answering it, and "you said, we did". */
function answerRoutes(app: Api): void {
  const { voiceFeedback: feedback, voiceIntake: intake } = app.services;

  // Staff, without an account.
  app.get('/voice/answer/:token', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'The survey form behind a link', description: 'No sign-in. 410 once the link is closed or past its last day.',
      params: TokenParams, response: { 200: PublicSurvey, ...errors(400, 404, 410) },
    },
  }, async (request) => intake.form(request.params.token));

  app.post('/voice/answer/:token', {
    config: { access: 'public' },
    bodyLimit: ANSWER_BODY_LIMIT,
    schema: {
      tags, summary: 'Answer a survey',
      description: 'No sign-in. Stores the scores and each comment apart, with the day only: never a name, address or browser detail. Limited per link and per address (429); a browser token answered once per survey (409).',
      params: TokenParams, body: Answer, response: { 201: AnswerReceived, ...errors(400, 404, 409, 410, 413, 429) },
    },
  }, async (request, reply) => {
    try {
      return reply.status(201).send(await intake.answer(request.params.token, request.body, request.ip));
    } catch (error) {
      if (error instanceof AnswersLimited) return reply.status(429).header('retry-after', String(error.retryAfterSeconds)).send(errorBody(429, error.message));
      throw error;
    }
  });

  app.get('/voice/said-did/:code', {
    config: { access: 'public' },
    schema: { tags, summary: '"You said, we did": the ideas a council adopted', params: CouncilCodeParams, response: { 200: SaidDid, ...errors(400, 404) } },
  }, async (request) => feedback.saidDid(request.params.code));
}

/** Surveys, their links, discards and feeds, and the results under the reporting threshold. */
function surveyRoutes(app: Api): void {
  const { voice: service, voiceResults: results } = app.services;

  // Surveys and links.
  app.get('/voice/surveys', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Pulse surveys, oldest first', description: 'Links are listed only for those who manage the survey.', querystring: SurveyQuery, response: { 200: Type.Array(Survey), ...errors(400, 401) } },
  }, async (request) => service.list(request.query, actorOf(request)));

  app.get('/voice/surveys/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one pulse survey', params: IdParams, response: { 200: Survey, ...errors(400, 401, 404) } },
  }, async (request) => service.get(request.params.id, actorOf(request)));

  app.post('/voice/surveys', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Open a pulse survey for a council (and group) in a wave',
      description: 'A lead opens surveys for the councils they lead. With link, its first link is made in the same transaction.',
      body: CreateSurvey, response: { 201: Survey, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send(service.create(request.body, { actor: actorOf(request) })));

  app.post('/voice/surveys/:id/links', {
    config: { access: 'contributor' },
    schema: { tags, summary: 'Make another link to a survey', description: 'Refused (409) once the round\'s answers have been deleted at the end of the retention period.', params: IdParams, body: CreateLink, response: { 201: SurveyLink, ...errors(400, 401, 403, 404, 409) } },
  }, async (request, reply) => {
    const link = service.createLink(request.params.id, request.body, { actor: actorOf(request) });
    setEtag(reply, link);
    return reply.status(201).send(link);
  });

  app.get('/voice/links/:id', {
    config: { access: 'contributor' },
    schema: { tags, summary: 'Read one survey link', params: IdParams, response: { 200: SurveyLink, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const link = service.getLink(request.params.id, actorOf(request));
    setEtag(reply, link);
    return reply.send(link);
  });

  app.patch('/voice/links/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Close a survey link, or change its last day or label', description: 'A closed link answers 410 at once and cannot be reopened. Send If-Match.',
      params: IdParams, headers: IfMatchHeader, body: UpdateLink, response: { 200: SurveyLink, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const link = service.updateLink(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, link);
    return reply.send(link);
  });

  app.post('/voice/surveys/:id/discards', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Discard a burst of answers, with the reason', description: 'Sets aside every answer and comment that came through the link on the day; kept, never counted.',
      params: IdParams, body: CreateDiscard, response: { 201: Discard, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { surveyId: _s, ...discard } = service.discard(request.params.id, request.body, { actor: actorOf(request) });
    return reply.status(201).send(discard);
  });

  app.post('/voice/surveys/:id/feeds', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: "Record a stage's score as a readiness reading (source: pulse survey)",
      description: 'The reading and its link to the survey are written in one transaction. Refused (409) under the threshold, or when already recorded.',
      params: IdParams, body: CreateFeed, response: { 201: Feed, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.status(201).send(service.feed(request.params.id, request.body, { actor: actorOf(request) })));

  // Results.
  app.get('/voice/results', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Staff voice results: per round, council and wave, response rates and silence',
      description: 'Every figure under the threshold (settings.surveyMinResponses) is held back. A lead sees their own councils; sponsors aggregates only.',
      querystring: ResultsQuery, response: { 200: VoiceResults, ...errors(400, 401) },
    },
  }, async (request) => results.results(request.query, readerOf(actorOf(request))));
}

/** The comment review queue and the ideas log. */
function reviewRoutes(app: Api): void {
  const { voiceFeedback: feedback } = app.services;

  // Comments.
  app.get('/voice/comments', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'The comment review queue (status unreviewed, the default), withheld or published comments',
      description: 'The office sees every council, a lead their own. Published comments are listed only for rounds that meet the threshold.',
      querystring: CommentQuery, response: { 200: Type.Array(Comment), ...errors(400, 401, 403) },
    },
  }, async (request) => feedback.comments(request.query, actorOf(request)));

  app.get('/voice/comments/:id', {
    config: { access: 'contributor' },
    schema: { tags, summary: 'Read one comment', params: IdParams, response: { 200: Comment, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const comment = feedback.comment(request.params.id, actorOf(request));
    setEtag(reply, comment);
    return reply.send(comment);
  });

  app.patch('/voice/comments/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Review a comment: publish it (edited) or withhold it',
      description: 'Take out anything that could identify someone before publishing. Withholding empties it. Send If-Match.',
      params: IdParams, headers: IfMatchHeader, body: ReviewComment, response: { 200: Comment, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const comment = feedback.review(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, comment);
    return reply.send(comment);
  });

  // Ideas.
  app.get('/voice/ideas', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'The ideas log', description: 'Sponsors see adopted ideas only; a lead their own councils.', querystring: IdeaQuery, response: { 200: Type.Array(Idea), ...errors(400, 401) } },
  }, async (request) => feedback.ideas(request.query, actorOf(request)));

  app.get('/voice/ideas/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one idea', params: IdParams, response: { 200: Idea, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const idea = feedback.idea(request.params.id, actorOf(request));
    setEtag(reply, idea);
    return reply.send(idea);
  });

  app.post('/voice/ideas', {
    config: { access: 'contributor' },
    schema: { tags, summary: 'Log an idea, from a published comment or typed in', body: CreateIdea, response: { 201: Idea, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const idea = feedback.createIdea(request.body, { actor: actorOf(request) });
    setEtag(reply, idea);
    return reply.status(201).send(idea);
  });

  app.patch('/voice/ideas/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Change an idea or its status (new, considering, adopted with what was done, not now with a reason)',
      params: IdParams, headers: IfMatchHeader, body: UpdateIdea, response: { 200: Idea, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const idea = feedback.updateIdea(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, idea);
    return reply.send(idea);
  });

  app.post('/voice/ideas/:id/win', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Make an adopted idea an early win (a draft)', params: IdParams, body: IdeaToWin,
      response: { 201: Type.Object({ idea: Idea, winId: Type.Integer() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.status(201).send(feedback.ideaToWin(request.params.id, request.body, { actor: actorOf(request) })));
}
