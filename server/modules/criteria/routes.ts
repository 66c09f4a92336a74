import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { actorOf, registerCrudRoutes } from '../../http/crud.ts';
import { IdParams, Paged, errors } from '../../http/schemas.ts';
import { ProgrammeReading, ProgrammeReadingInput, ProgrammeReadingQuery, Ramp, RampHistory, RampInput } from './measures-schemas.ts';
import { CreateCriterion, Criterion, CriterionQuery, UpdateCriterion } from './schemas.ts';

export const criterionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.criteria;
  registerCrudRoutes(
    app,
    { path: '/criteria', tag: 'Criteria', noun: 'criterion' },
    { row: Criterion, create: CreateCriterion, update: UpdateCriterion, query: CriterionQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/criteria', tag: 'Criteria', noun: 'criterion' }, Criterion, service);

  // Ramps towards go-live and programme-wide readings (docs/readiness.md): dated facts, appended, never edited.
  const measures = app.services.measures;
  const tags = ['Criteria'];
  app.get('/criteria/:id/ramps', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'A criterion\'s ramp towards go-live: the steps in force today and every ramp recorded', params: IdParams, response: { 200: RampHistory, ...errors(400, 401, 404) } },
  }, async (request) => measures.ramps(request.params.id));

  app.post('/criteria/:id/ramps', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Set a readiness criterion\'s ramp from a day on (today or later); an empty list of steps ends it', params: IdParams, body: RampInput,
      response: { 201: Ramp, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.status(201).send(measures.setRamp(request.params.id, request.body, actorOf(request))));

  app.get('/criteria/:id/programme-readings', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Readings of a programme-wide criterion, newest first', params: IdParams, querystring: ProgrammeReadingQuery, response: { 200: Paged(ProgrammeReading), ...errors(400, 401, 404) } },
  }, async (request) => measures.programmeReadings(request.params.id, request.query));

  app.post('/criteria/:id/programme-readings', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Record a reading of a programme-wide criterion once, for every council\'s items (a correction is a new reading)', params: IdParams,
      body: ProgrammeReadingInput, response: { 201: ProgrammeReading, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.status(201).send(measures.recordProgrammeReading(request.params.id, request.body, actorOf(request))));
};
