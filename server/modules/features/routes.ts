import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateFeature, Feature, FeatureQuery, UpdateFeature } from './schemas.ts';
import { createFeatureService } from './service.ts';

export const featureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  registerCrudRoutes(
    app,
    { path: '/features', tag: 'Features', noun: 'feature' },
    { row: Feature, create: CreateFeature, update: UpdateFeature, query: FeatureQuery },
    createFeatureService(app.db, app.clock),
  );
};
