import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateWave, UpdateWave, Wave, WaveQuery } from './schemas.ts';
import { guardPlanChanges } from '../timeline/read-model.ts';

export const waveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A move that breaks a dependency is refused when the programme says so (docs/timeline.md).
  const service = guardPlanChanges(app.db, app.services.waves, ['update', 'setArchived']);
  registerCrudRoutes(
    app,
    { path: '/waves', tag: 'Waves', noun: 'wave' },
    { row: Wave, create: CreateWave, update: UpdateWave, query: WaveQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/waves', tag: 'Waves', noun: 'wave' }, Wave, service);
};
