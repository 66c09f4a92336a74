import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, IfMatchHeader, Paged, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { CreateWin, UpdateWin, Win, WinQuery } from './schemas.ts';

/**
 * Early wins: short before/after stories with evidence, recorded by council leads and published by
 * the programme office. Written by hand rather than with registerCrudRoutes because reading depends
 * on who asks (sponsors see published wins only).
 */
export const winRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.wins;
  const tags = ['Early wins'];

  app.get('/wins', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'List early wins, newest first',
      description: 'Filter by council, feature, published and a range of days won. Sponsors see published wins only.',
      querystring: WinQuery, response: { 200: Paged(Win), ...errors(400, 401) },
    },
  }, async (request) => service.list(request.query, actorOf(request)));

  app.get('/wins/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one early win', params: IdParams, response: { 200: Win, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const win = service.get(request.params.id, actorOf(request));
    setEtag(reply, win);
    return reply.send(win);
  });

  app.post('/wins', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record an early win',
      description: 'A council lead records wins for the councils they lead, as drafts; only the programme office publishes.',
      body: CreateWin, response: { 201: Win, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const win = await app.services.commits.run(() => service.create(request.body, { actor: actorOf(request) }));
    setEtag(reply, win);
    return reply.status(201).send(win);
  });

  app.patch('/wins/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Change an early win',
      description: 'A council lead changes drafts of their own councils; only the programme office publishes, unpublishes or edits a published win. '
        + 'Send If-Match with the ETag you read: 428 without it, 412 with the current state if it is stale.',
      params: IdParams, headers: IfMatchHeader, body: UpdateWin,
      response: { 200: Win, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const win = service.update(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, win);
    return reply.send(win);
  });

  app.delete('/wins/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Delete an early win', description: 'A council lead deletes drafts of their own councils; the programme office any win.',
      params: IdParams, headers: IfMatchHeader, response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    service.remove(request.params.id, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    return reply.status(204).send(null);
  });
};
