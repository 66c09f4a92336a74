import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateWave, UpdateWave, Wave, WaveQuery } from './schemas.ts';

export const waveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // A move that breaks a dependency is refused when the programme says so (docs/timeline.md).
  // Guarded by the timeline's dependency and blackout rule (server/services.ts).
  const service = app.services.guarded.waves;
  registerCrudRoutes(
    app,
    { path: '/waves', tag: 'Waves', noun: 'wave' },
    { row: Wave, create: CreateWave, update: UpdateWave, query: WaveQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/waves', tag: 'Waves', noun: 'wave' }, Wave, service);
};
