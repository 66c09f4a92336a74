import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, Paged, errors } from '../../http/schemas.ts';
import { ApproveBaseline, Baseline, BaselineComparison, BaselineDetail, BaselineQuery, CompareQuery } from './schemas.ts';

export const baselineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.baselines;
  const tags = ['Baselines'];

  app.get('/baselines', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'List approved baselines, newest first', querystring: BaselineQuery, response: { 200: Paged(Baseline), ...errors(400, 401) } },
  }, async (request) => service.list(request.query as BaselineQuery));

  const compare = app.services.baselineComparison;
  app.get('/baselines/compare', {
    config: { access: 'signedIn' },
    schema: {
      tags,
      summary: 'Compare a baseline with a later one, or with the current plan (the preview of a re-baseline): what moves, by how much, and the slippage it would absorb',
      querystring: CompareQuery, response: { 200: BaselineComparison, ...errors(400, 401, 404, 409) },
    },
  }, async (request) => compare(request.query as CompareQuery));

  app.get('/baselines/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read a baseline with its frozen items', params: IdParams, response: { 200: BaselineDetail, ...errors(400, 401, 404) } },
  }, async (request) => service.get((request.params as { id: number }).id));

  app.post('/baselines', {
    config: { access: 'office' },
    schema: { tags, summary: 'Approve the current plan as a named baseline', body: ApproveBaseline, response: { 201: BaselineDetail, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => reply.status(201).send(service.approve(request.body as ApproveBaseline, actorOf(request))));
};
