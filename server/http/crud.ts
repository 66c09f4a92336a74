import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { Type } from 'typebox';
import type { Access } from '../auth/access.ts';
import type { Actor } from '../auth/actor.ts';
import { IdParams, IfMatchHeader, Paged, errors } from './schemas.ts';
import { requiredIfMatch, setEtag } from './versioning.ts';
import type { Page } from '../db/paging.ts';

/** The page envelope lives with the paging helpers, below http/. */
export type { Page } from '../db/paging.ts';

/** Who is writing, and which version of the record they read (absent for the server's own callers). */
export interface WriteContext {
  actor: Actor;
  ifMatch?: number;
}

/** What a resource's service offers for the five standard routes. */
export interface CrudService<Row, Create, Update, Query> {
  list(query: Query): Page<Row>;
  get(id: number): Row;
  create(input: Create, ctx: WriteContext): Row;
  update(id: number, input: Update, ctx: WriteContext): Row;
  remove(id: number, ctx: WriteContext): void;
}

/** What the routes accept: a service whose reads may also answer later, for figures made in slices (http/steps.ts). */
export type CrudRouteService<Row, Create, Update, Query> = {
  [K in keyof CrudService<Row, Create, Update, Query>]: (
    ...args: Parameters<CrudService<Row, Create, Update, Query>[K]>
  ) => ReturnType<CrudService<Row, Create, Update, Query>[K]> | Promise<ReturnType<CrudService<Row, Create, Update, Query>[K]>>;
};

export interface CrudSchemas<R extends TSchema, C extends TObject, U extends TObject, Q extends TObject> {
  row: R;
  create: C;
  update: U;
  query: Q;
}

export interface CrudOptions {
  /** Collection path, e.g. "/councils". */
  path: string;
  /** OpenAPI tag and the noun used in summaries, e.g. "Councils" / "council". */
  tag: string;
  noun: string;
  /** Who may write; reading is open to every signed-in user. Defaults to the programme office. */
  access?: { create?: Access; update?: Access; remove?: Access };
}

/** The signed-in actor; the access hook has already refused anonymous writes. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('actorOf called on a route without authentication');
  return request.actor;
}

/**
 * Registers list, read, create, update and delete for one resource. Each resource keeps its own
 * schemas and service (where its rules live); only the HTTP plumbing is shared: access levels,
 * ETag on reads and writes, If-Match required on update and delete.
 */
export function registerCrudRoutes<R extends TSchema, C extends TObject, U extends TObject, Q extends TObject>(
  parent: FastifyInstance,
  options: CrudOptions,
  schemas: CrudSchemas<R, C, U, Q>,
  service: CrudRouteService<Static<R>, Static<C>, Static<U>, Static<Q>>,
): void {
  const { path, tag, noun } = options;
  // The service's types already come from the same schemas; the route layer only wires them.
  const app = parent.withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  const item = `${path}/:id`;
  const tags = [tag];
  const idOf = (request: FastifyRequest) => (request.params as Static<typeof IdParams>).id;
  const withVersion = (request: FastifyRequest): WriteContext => ({ actor: actorOf(request), ifMatch: requiredIfMatch(request) });

  app.get(path, {
    config: { access: 'signedIn' },
    schema: { tags, summary: `List ${noun}s`, querystring: schemas.query, response: { 200: Paged(schemas.row), ...errors(400, 401) } },
  }, async (request, reply) => reply.send(await service.list(request.query as Static<Q>)));

  app.get(item, {
    config: { access: 'signedIn' },
    schema: { tags, summary: `Read one ${noun}`, params: IdParams, response: { 200: schemas.row, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const row = (await service.get(idOf(request))) as { version: number };
    setEtag(reply, row);
    return reply.send(row);
  });

  app.post(path, {
    config: { access: options.access?.create ?? 'office' },
    schema: { tags, summary: `Create a ${noun}`, body: schemas.create, response: { 201: schemas.row, ...errors(400, 401, 403, 409) } },
  }, async (request, reply) => {
    const row = (await service.create(request.body as Static<C>, { actor: actorOf(request) })) as { version: number };
    setEtag(reply, row);
    return reply.status(201).send(row);
  });

  app.patch(item, {
    config: { access: options.access?.update ?? 'office' },
    schema: {
      tags, summary: `Change a ${noun}`, description: 'Send If-Match with the ETag you read: 428 without it, 412 with the current state if it is stale.',
      params: IdParams, headers: IfMatchHeader, body: schemas.update,
      response: { 200: schemas.row, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request, reply) => {
    const row = (await service.update(idOf(request), request.body as Static<U>, withVersion(request))) as { version: number };
    setEtag(reply, row);
    return reply.send(row);
  });

  app.delete(item, {
    config: { access: options.access?.remove ?? 'office' },
    schema: {
      tags, summary: `Delete a ${noun}`, params: IdParams, headers: IfMatchHeader,
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request, reply) => {
    service.remove(idOf(request), withVersion(request));
    return reply.status(204).send();
  });
}
