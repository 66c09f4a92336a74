import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerCrudRoutes } from '../../http/crud.ts';
import { CreateWave, UpdateWave, Wave, WaveQuery } from './schemas.ts';
import { createWaveService } from './service.ts';

export const waveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  registerCrudRoutes(
    app,
    { path: '/waves', tag: 'Waves', noun: 'wave' },
    { row: Wave, create: CreateWave, update: UpdateWave, query: WaveQuery },
    createWaveService(app.db, app.clock),
  );
};
