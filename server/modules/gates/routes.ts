import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { DecideCouncilWave, DecideGate, GateDecision, GateQuery, ItemGate } from './schemas.ts';

export const gateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.gates;
  const tags = ['Gates'];

  app.get('/items/:id/gate', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: "The system's go/no-go proposal with reasons, the decision in force and its history",
      params: IdParams, querystring: GateQuery, response: { 200: ItemGate, ...errors(400, 401, 404) },
    },
  }, async (request) => service.itemGate(request.params.id, request.query.asOf));

  app.post('/items/:id/gate', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Record a go/no-go decision for an item (never edited; a later one supersedes)',
      params: IdParams, body: DecideGate, response: { 201: GateDecision, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.status(201).send(service.decideItem(request.params.id, request.body, actorOf(request))));

  app.post('/gates/council-wave', {
    config: { access: 'office' },
    schema: {
      tags, summary: "Record one decision for every item of a council's wave, all or nothing",
      body: DecideCouncilWave, response: { 201: Type.Array(GateDecision), ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send(service.decideCouncilWave(request.body, actorOf(request))));
};
