import { runSliced } from '../../http/steps.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { seesUnpublished } from '../../auth/actor.ts';
import { today } from '../../domain/clock.ts';
import { actorOf } from '../../http/crud.ts';
import { AppError } from '../../http/errors.ts';
import { IdParams, IsoDate, errors } from '../../http/schemas.ts';
import { sendCached } from '../../read-models/response-cache.ts';
import { createOverviewReader, keepOverviewWarm } from './warm.ts';
import { AsOfQuery, CouncilSummary, ItemReadinessView, Overview, OverviewQuery, Trend, TrendQuery, WaveQuery, WaveSummary } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

const DayQuery = Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false });

/** Read models shaped for the dashboard's screens: one request per screen. */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { views, trends, responses: { dashboard: cache } } = app.services;
  const config = { access: 'signedIn' as const };
  const tags = ['Dashboard'];
  const overview = createOverviewReader(app);
  const asJson = { item: cache.serialiser(ItemReadinessView), council: cache.serialiser(CouncilSummary), wave: cache.serialiser(WaveSummary) };

  app.get('/overview', {
    // Open to share links too: the overview shows published wins only, to everyone.
    config: { access: 'shared' },
    schema: {
      tags, summary: 'Programme overview: progress vs plan, RAG grid, slipped and red items, next go-lives, published wins',
      querystring: OverviewQuery, response: { 200: Overview, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const q = extend(request.query, { asOf: request.query.asOf ?? today(app.clock) });
    return sendCached(request, reply, await overview.cached(q));
  });
  keepOverviewWarm(app, overview);

  app.get('/items/:id/readiness', {
    config,
    schema: {
      tags, summary: 'Why an item is red, amber or green: every criterion, by how much, since when; blockers; gate proposal',
      params: IdParams, querystring: DayQuery, response: { 200: ItemReadinessView, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const asOf = request.query.asOf ?? today(app.clock);
    return sendCached(request, reply, cache.get(`item|${request.params.id}|${asOf}`, asJson.item, () => views.item(request.params.id, asOf), { scope: views.councilOfItem(request.params.id), day: asOf }));
  });

  app.get('/councils/:id/summary', {
    config,
    schema: {
      tags, summary: "A council's items with their readiness, its open blockers and wins",
      params: IdParams, querystring: AsOfQuery, response: { 200: CouncilSummary, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const asOf = request.query.asOf ?? today(app.clock);
    const { baselineId } = request.query;
    const actor = actorOf(request);
    // Sponsors see published wins only, so they get their own cached copy.
    const key = `council|${request.params.id}|${asOf}|${baselineId ?? ''}|${seesUnpublished(actor) ? 'all' : 'published'}`;
    return sendCached(request, reply, cache.get(key, asJson.council, () => views.council(request.params.id, asOf, actor, baselineId), { scope: request.params.id, day: asOf }));
  });

  app.get('/waves/:id/summary', {
    config,
    schema: {
      tags, summary: 'The items of a wave across councils, with gate proposals and decisions',
      params: IdParams, querystring: WaveQuery, response: { 200: WaveSummary, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const asOf = request.query.asOf ?? today(app.clock);
    const { limit, offset, baselineId } = request.query;
    // Today's summary outlives writes to councils with no item in the wave; an earlier day's, readings dated after
    // it (read-models/scopes.ts).
    const scope = asOf === today(app.clock) ? { waveToday: request.params.id } : { programme: true as const, also: '' };
    // Made in slices: cold (after a restart, or an "as of" day) it judges every council with items in the wave.
    return sendCached(request, reply, await cache.getAsync(`wave|${request.params.id}|${asOf}|${limit ?? ''}|${offset ?? ''}|${baselineId ?? ''}`, asJson.wave,
      () => runSliced(views.waveSteps(request.params.id, asOf, { limit, offset }, baselineId)), { scope, day: asOf }));
  });

  app.get('/trends', {
    config: {
      access: 'signedIn',
      // The heaviest read: a handful a minute is plenty for a screen, and stops one caller from queueing many.
      rateLimit: {
        max: 20, timeWindow: 60_000, hook: 'preHandler',
        keyGenerator: (request) => (request.actor ? `user:${request.actor.id ?? request.actor.name}` : `address:${request.ip}`),
        errorResponseBuilder: (_request, context) =>
          Object.assign(new AppError(429, `Too many trend requests. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`), { statusCode: 429 }),
      },
    },
    schema: {
      tags, summary: 'Weekly score and RAG mix for the programme, a council, a wave or an item',
      description: 'At most five years of weekly points; at most 20 requests a minute per user (429 with Retry-After).',
      querystring: TrendQuery, response: { 200: Trend, ...errors(400, 401, 404, 429) },
    },
  }, async (request) => trends.trend(request.query));
};
