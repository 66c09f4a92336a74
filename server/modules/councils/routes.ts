import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { Council, CouncilQuery, CreateCouncil, UpdateCouncil } from './schemas.ts';

export const councilRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.councils;
  registerCrudRoutes(
    app,
    { path: '/councils', tag: 'Councils', noun: 'council' },
    { row: Council, create: CreateCouncil, update: UpdateCouncil, query: CouncilQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/councils', tag: 'Councils', noun: 'council' }, Council, service);
};
