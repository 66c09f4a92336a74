import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../http/schemas.ts';

const Health = Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') });

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ping = app.db.$client.prepare('select 1 as ok');
  app.get('/health', {
    config: { access: 'public' },
    schema: { tags: ['Health'], summary: 'The service is up and its database answers', response: { 200: Health, ...errors(503) } },
  }, async (_request, reply) => {
    try {
      ping.get();
      return { status: 'ok', database: 'ok' } as const;
    } catch (error) {
      app.log.error({ err: error }, 'health check: database did not answer');
      return reply.status(503).send({ statusCode: 503, error: 'Service Unavailable', message: 'The database did not answer.' });
    }
  });
};
