import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { today } from '../../domain/clock.ts';
import { actorOf } from '../../http/crud.ts';
import { IdParams, IsoDate, errors } from '../../http/schemas.ts';
import { AsOfQuery, CouncilSummary, ItemReadinessView, Overview, Trend, TrendQuery, WaveSummary } from './schemas.ts';
import { createReadinessViews } from './views.ts';

const DayQuery = Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false });

/** Read models shaped for the dashboard's screens: one request per screen. */
export const readinessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const views = createReadinessViews(app.db, app.clock);
  const config = { access: 'signedIn' as const };
  const tags = ['Dashboard'];

  app.get('/overview', {
    config,
    schema: {
      tags, summary: 'Programme overview: progress vs plan, RAG grid, slipped and red items, next go-lives, published wins',
      querystring: AsOfQuery, response: { 200: Overview, ...errors(400, 401, 404) },
    },
  }, async (request) => views.overview(request.query));

  app.get('/items/:id/readiness', {
    config,
    schema: {
      tags, summary: 'Why an item is red, amber or green: every criterion, by how much, since when; blockers; gate proposal',
      params: IdParams, querystring: DayQuery, response: { 200: ItemReadinessView, ...errors(400, 401, 404) },
    },
  }, async (request) => views.item(request.params.id, request.query.asOf ?? today(app.clock)));

  app.get('/councils/:id/summary', {
    config,
    schema: {
      tags, summary: "A council's items with their readiness, its open blockers and wins",
      params: IdParams, querystring: DayQuery, response: { 200: CouncilSummary, ...errors(400, 401, 404) },
    },
  }, async (request) => views.council(request.params.id, request.query.asOf ?? today(app.clock), actorOf(request)));

  app.get('/waves/:id/summary', {
    config,
    schema: {
      tags, summary: 'The items of a wave across councils, with gate proposals and decisions',
      params: IdParams, querystring: DayQuery, response: { 200: WaveSummary, ...errors(400, 401, 404) },
    },
  }, async (request) => views.wave(request.params.id, request.query.asOf ?? today(app.clock)));

  app.get('/trends', {
    config,
    schema: {
      tags, summary: 'Weekly score and RAG mix for the programme, a council, a wave or an item',
      querystring: TrendQuery, response: { 200: Trend, ...errors(400, 401, 404) },
    },
  }, async (request) => views.trend(request.query));
};
