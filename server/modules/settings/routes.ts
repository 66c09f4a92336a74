import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/crud.ts';
import { errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { Settings, UpdateSettings } from './schemas.ts';

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Settings'];
  const service = app.services.settings;

  app.get('/settings', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'The thresholds behind every RAG status', response: { 200: Settings, ...errors(401) } },
  }, async (_request, reply) => {
    const current = service.get();
    setEtag(reply, current);
    return current;
  });

  app.patch('/settings', {
    config: { access: 'office' },
    schema: { tags, summary: 'Change the RAG thresholds (If-Match required)', body: UpdateSettings, response: { 200: Settings, ...errors(400, 401, 403, 412, 428) } },
  }, async (request, reply) => {
    const after = service.update(request.body, requiredIfMatch(request), actorOf(request));
    setEtag(reply, after);
    return after;
  });
};
