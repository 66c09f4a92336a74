import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { actorOf, registerCrudRoutes } from '../../http/crud.ts';
import { errors } from '../../http/schemas.ts';
import { BatchAssignments, BatchResult, CreateItem, ItemQuery, RolloutItem, UpdateItem } from './schemas.ts';

export const itemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A move that breaks a dependency is refused when the programme says so (docs/timeline.md).
  // Guarded by the timeline's dependency and blackout rule (server/services.ts).
  const service = app.services.guarded.items;

  app.post('/items/assignments', {
    config: { access: 'office' },
    schema: {
      tags: ['Rollout items'],
      summary: 'Create or move many items at once (the planning grid); all or nothing',
      body: BatchAssignments,
      response: { 200: BatchResult, ...errors(400, 401, 403) },
    },
  }, async (request) => service.assign(request.body, { actor: actorOf(request) }));

  registerCrudRoutes(
    app,
    { path: '/items', tag: 'Rollout items', noun: 'rollout item', access: { update: 'contributor' } },
    { row: RolloutItem, create: CreateItem, update: UpdateItem, query: ItemQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/items', tag: 'Rollout items', noun: 'rollout item' }, RolloutItem, service);
};
