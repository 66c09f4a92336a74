import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, registerCrudRoutes } from '../../http/crud.ts';
import { IdParams, IfMatchHeader, Paged, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import {
  Activity, ActivityQuery, AppliedTemplate, ApplyTemplate, CouncilEngagement, CreateActivity, CreateQuestion, CreateTemplateActivity,
  EngagementSummary, Faq, FaqQuery, Question, QuestionQuery, TemplateActivity, TemplateQuery, UpdateActivity, UpdateQuestion, UpdateTemplateActivity,
} from './schemas.ts';

/**
 * Engagement: the communications plan of each wave (activities, the standard template) and the staff questions
 * log with its FAQs, and the read models the overview and council pages show. Rules: docs/engagement.md.
 */
export const engagementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Engagement'];
  const { activities, templates, engagementViews: views } = app.services;

  registerCrudRoutes(app, {
    path: '/engagement/activities', tag: 'Engagement', noun: 'communications activity',
    access: { create: 'contributor', update: 'contributor', remove: 'contributor' },
  }, { row: Activity, create: CreateActivity, update: UpdateActivity, query: ActivityQuery }, activities);

  registerCrudRoutes(app, { path: '/engagement/templates', tag: 'Engagement', noun: 'template activity' },
    { row: TemplateActivity, create: CreateTemplateActivity, update: UpdateTemplateActivity, query: TemplateQuery }, templates);

  app.post('/engagement/templates/apply', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Apply the standard drip-feed to a council for a wave',
      description: 'Creates one activity per template row, dated relative to the wave go-live, in one transaction. Rows already applied to that council and wave are skipped and listed.',
      body: ApplyTemplate, response: { 201: AppliedTemplate, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send(templates.apply(request.body, { actor: actorOf(request) })));

  questionRoutes(app);

  app.get('/engagement/faq', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Published answers to staff questions, by feature', querystring: FaqQuery, response: { 200: Faq, ...errors(400, 401) } },
  }, async (request) => views.faq(request.query.featureId));

  app.get('/engagement/summary', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Engagement flags for the overview: overdue comms, late answers and silence, per council',
      response: { 200: EngagementSummary, ...errors(401) },
    },
  }, async (request) => views.summary(actorOf(request)));

  app.get('/engagement/councils/:id', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: "A council's communications and staff questions, with its figures",
      params: IdParams, response: { 200: CouncilEngagement, ...errors(400, 401, 404) },
    },
  }, async (request) => views.council(request.params.id, actorOf(request)));
};

type Api = Parameters<FastifyPluginAsyncTypebox>[0];

/** The staff questions log: asking, answering, publishing as an FAQ, removing. */
function questionRoutes(app: Api): void {
  const tags = ['Engagement'];
  const { questions } = app.services;

  app.get('/engagement/questions', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'The staff questions log, oldest first',
      description: 'Filter by council, feature, status, category, late, published and a range of days raised. Sponsors see published FAQs only.',
      querystring: QuestionQuery, response: { 200: Paged(Question), ...errors(400, 401) },
    },
  }, async (request) => questions.list(request.query, actorOf(request)));

  app.get('/engagement/questions/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one staff question', params: IdParams, response: { 200: Question, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const question = questions.get(request.params.id, actorOf(request));
    setEtag(reply, question);
    return reply.send(question);
  });

  app.post('/engagement/questions', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Log a staff question', description: 'A council lead logs questions for the councils they lead. An answer given now marks it answered.',
      body: CreateQuestion, response: { 201: Question, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const question = questions.create(request.body, { actor: actorOf(request) });
    setEtag(reply, question);
    return reply.status(201).send(question);
  });

  app.patch('/engagement/questions/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Answer, close, reopen or change a staff question',
      description: 'Only the programme office publishes an answered question as an FAQ, or changes a published one. Send If-Match with the ETag you read.',
      params: IdParams, headers: IfMatchHeader, body: UpdateQuestion, response: { 200: Question, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const question = questions.update(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, question);
    return reply.send(question);
  });

  app.delete('/engagement/questions/:id', {
    config: { access: 'contributor' },
    schema: { tags, summary: 'Delete a staff question', params: IdParams, headers: IfMatchHeader, response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412, 428) } },
  }, async (request, reply) => {
    questions.remove(request.params.id, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    return reply.status(204).send(null);
  });
}
