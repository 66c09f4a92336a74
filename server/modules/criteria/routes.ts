import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateCriterion, Criterion, CriterionQuery, UpdateCriterion } from './schemas.ts';
import { createCriterionService } from './service.ts';

export const criterionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  registerCrudRoutes(
    app,
    { path: '/criteria', tag: 'Criteria', noun: 'criterion' },
    { row: Criterion, create: CreateCriterion, update: UpdateCriterion, query: CriterionQuery },
    createCriterionService(app.db, app.clock),
  );
};
