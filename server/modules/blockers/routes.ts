import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, IfMatchHeader, Paged, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { Blocker, BlockerQuery, CreateBlocker, UpdateBlocker } from './schemas.ts';
import { createBlockerService } from './service.ts';


/** What stands in the way of a rollout item going live, who is clearing it and by when. */
export const blockerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createBlockerService(app.db, app.clock);
  const tags = ['Blockers'];

  app.get('/items/:id/blockers', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: "A rollout item's blockers: open first, then soonest due",
      params: IdParams, querystring: BlockerQuery, response: { 200: Paged(Blocker), ...errors(400, 401, 404) },
    },
  }, async (request) => service.listFor(request.params.id, request.query));

  app.post('/items/:id/blockers', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Raise a blocker on a rollout item', description: 'A council lead raises blockers on items of the councils they lead.',
      params: IdParams, body: CreateBlocker, response: { 201: Blocker, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const blocker = service.create(request.params.id, request.body, { actor: actorOf(request) });
    setEtag(reply, blocker);
    return reply.status(201).send(blocker);
  });

  app.get('/blockers/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one blocker', params: IdParams, response: { 200: Blocker, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const blocker = service.get(request.params.id);
    setEtag(reply, blocker);
    return reply.send(blocker);
  });

  app.patch('/blockers/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Change or resolve a blocker',
      description: 'Resolving records the day; reopening clears it. Send If-Match with the ETag you read: 428 without it, 412 with the current state if it is stale.',
      params: IdParams, headers: IfMatchHeader, body: UpdateBlocker,
      response: { 200: Blocker, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const blocker = service.update(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, blocker);
    return reply.send(blocker);
  });

  app.delete('/blockers/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Delete a blocker', params: IdParams, headers: IfMatchHeader,
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    service.remove(request.params.id, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    return reply.status(204).send(null);
  });
};
