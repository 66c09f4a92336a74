import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateCriterion, Criterion, CriterionQuery, UpdateCriterion } from './schemas.ts';
import { createCriterionService } from './service.ts';

export const criterionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createCriterionService(app.db, app.clock);
  registerCrudRoutes(
    app,
    { path: '/criteria', tag: 'Criteria', noun: 'criterion' },
    { row: Criterion, create: CreateCriterion, update: UpdateCriterion, query: CriterionQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/criteria', tag: 'Criteria', noun: 'criterion' }, Criterion, service);
};
