import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../http/schemas.ts';
import { ItemProgressPage, ItemProgressQuery, ProgressQuery, ProgressSummary } from './schemas.ts';

export const progressRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.progress;
  const tags = ['Progress'];

  app.get('/progress', {
    config: { access: 'signedIn' },
    schema: {
      tags,
      summary: 'Progress against the plan: totals, per wave, per council, per feature',
      description: 'Computed on request from the plan and the baseline in force on `asOf` (default today). Nothing here is stored by hand.',
      querystring: ProgressQuery,
      response: { 200: ProgressSummary, ...errors(400, 401, 404) },
    },
  }, async (request) => service.summary(request.query as ProgressQuery));

  app.get('/progress/items', {
    config: { access: 'signedIn' },
    schema: {
      tags,
      summary: 'Each rollout item against the baseline: slippage in days, overdue, live',
      querystring: ItemProgressQuery,
      response: { 200: ItemProgressPage, ...errors(400, 401, 404) },
    },
  }, async (request) => service.items(request.query as ItemProgressQuery));
};
