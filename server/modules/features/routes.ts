import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateFeature, Feature, FeatureQuery, UpdateFeature } from './schemas.ts';

export const featureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.features;
  registerCrudRoutes(
    app,
    { path: '/features', tag: 'Features', noun: 'feature' },
    { row: Feature, create: CreateFeature, update: UpdateFeature, query: FeatureQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/features', tag: 'Features', noun: 'feature' }, Feature, service);
};
