import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerArchiveRoutes } from '../../http/archiving.ts';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateWave, UpdateWave, Wave, WaveQuery } from './schemas.ts';
import { createWaveService } from './service.ts';

export const waveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createWaveService(app.db, app.clock);
  registerCrudRoutes(
    app,
    { path: '/waves', tag: 'Waves', noun: 'wave' },
    { row: Wave, create: CreateWave, update: UpdateWave, query: WaveQuery },
    service,
  );
  registerArchiveRoutes(app, { path: '/waves', tag: 'Waves', noun: 'wave' }, Wave, service);
};
