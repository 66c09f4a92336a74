import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { Type } from 'typebox';
import { IdParams, Paged, errors } from './schemas.ts';

export interface Page<Row> {
  data: Row[];
  page: { total: number; limit: number; offset: number };
}

/** What a resource's service offers for the five standard routes. */
export interface CrudService<Row, Create, Update, Query> {
  list(query: Query): Page<Row>;
  get(id: number): Row;
  create(input: Create): Row;
  update(id: number, input: Update): Row;
  remove(id: number): void;
}

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
}

/**
 * Registers list, read, create, update and delete for one resource. Each resource keeps its own
 * schemas and service (where its rules live); only the HTTP plumbing is shared.
 */
export function registerCrudRoutes<R extends TSchema, C extends TObject, U extends TObject, Q extends TObject>(
  parent: FastifyInstance,
  options: CrudOptions,
  schemas: CrudSchemas<R, C, U, Q>,
  service: CrudService<Static<R>, Static<C>, Static<U>, Static<Q>>,
): void {
  const { path, tag, noun } = options;
  // The service's types already come from the same schemas; the route layer only wires them.
  const app = parent.withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  const item = `${path}/:id`;
  const tags = [tag];

  app.get(path, {
    schema: { tags, summary: `List ${noun}s`, querystring: schemas.query, response: { 200: Paged(schemas.row), ...errors(400) } },
  }, async (request, reply) => reply.send(service.list(request.query as Static<Q>)));

  app.get(item, {
    schema: { tags, summary: `Read one ${noun}`, params: IdParams, response: { 200: schemas.row, ...errors(400, 404) } },
  }, async (request, reply) => reply.send(service.get((request.params as Static<typeof IdParams>).id)));

  app.post(path, {
    schema: { tags, summary: `Create a ${noun}`, body: schemas.create, response: { 201: schemas.row, ...errors(400, 409) } },
  }, async (request, reply) => reply.status(201).send(service.create(request.body as Static<C>)));

  app.patch(item, {
    schema: {
      tags, summary: `Change a ${noun}`, params: IdParams, body: schemas.update,
      response: { 200: schemas.row, ...errors(400, 404, 409) },
    },
  }, async (request, reply) => reply.send(service.update((request.params as Static<typeof IdParams>).id, request.body as Static<U>)));

  app.delete(item, {
    schema: { tags, summary: `Delete a ${noun}`, params: IdParams, response: { 204: Type.Null(), ...errors(400, 404, 409) } },
  }, async (request, reply) => {
    service.remove((request.params as Static<typeof IdParams>).id);
    return reply.status(204).send();
  });
}
