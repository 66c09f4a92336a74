import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, Paged, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { CreateUser, ResetPassword, UpdateUser, User, UserQuery } from './schemas.ts';

/** User management: the programme office only. Never returns password hashes. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.users;
  const tags = ['Users'];
  const config = { access: 'office' as const };

  app.get('/users', {
    config, schema: { tags, summary: 'List users', querystring: UserQuery, response: { 200: Paged(User), ...errors(400, 401, 403) } },
  }, async (request) => service.list(request.query));

  app.get('/users/:id', {
    config, schema: { tags, summary: 'Read a user', params: IdParams, response: { 200: User, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const user = service.get(request.params.id);
    setEtag(reply, user);
    return user;
  });

  app.post('/users', {
    config, schema: { tags, summary: 'Create a user with a first password', body: CreateUser, response: { 201: User, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const user = await service.create(request.body, { actor: actorOf(request) });
    setEtag(reply, user);
    return reply.status(201).send(user);
  });

  app.patch('/users/:id', {
    config,
    schema: {
      tags, summary: 'Change role, councils or name; disable (ends sessions and API tokens) or re-enable', params: IdParams, body: UpdateUser,
      response: { 200: User, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request, reply) => {
    const user = service.update(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, user);
    return user;
  });

  app.post('/users/:id/password', {
    config,
    schema: {
      tags, summary: "Reset a user's password; ends their sessions and revokes their API tokens", params: IdParams, body: ResetPassword,
      response: { 200: User, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const user = await service.resetPassword(request.params.id, request.body.password, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, user);
    return user;
  });
};
