import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, registerCrudRoutes } from '../../http/crud.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { requiredIfMatch } from '../../http/versioning.ts';
import { BatchAssignments, UpdateItem } from '../items/schemas.ts';
import { UpdateWave } from '../waves/schemas.ts';
import {
  CouncilCapacity, CouncilCapacityQuery, CreateCouncilCapacity, CreateSupportNeed, SupportNeed, SupportNeedQuery, UpdateCouncilCapacity, UpdateSupportNeed,
} from './capacity.ts';
import { sendCached } from '../../read-models/response-cache.ts';
import {
  Blackout, BlackoutQuery, CreateBlackout, CreateDependency, CreateMilestone, Dependency, DependencyQuery, Impact, Milestone, MilestoneQuery,
  UpdateBlackout, UpdateDependency, UpdateMilestone,
} from './schemas.ts';
import { Timeline, TimelineQuery } from './timeline-schema.ts';

/** A preview may be asked for without If-Match (it stores nothing); applying needs it. */
const ifMatchFor = (request: FastifyRequest, preview: boolean): number | undefined =>
  (preview && request.headers['if-match'] === undefined ? undefined : requiredIfMatch(request));

const PreviewQuery = Type.Object({
  preview: Type.Boolean({ description: 'true: make the change, report what it does, and roll it back; false: make it and report the same' }),
}, { additionalProperties: false });

export const timelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { timeline: readModel, planChangeImpact: changeWithImpact } = app.services;

  app.get('/timeline', {
    config: { access: 'signedIn' },
    schema: {
      tags: ['Timeline'], summary: 'The plan in time: councils and their items, waves and gate reviews, bank holidays and blackouts, milestones and dependencies',
      querystring: TimelineQuery, response: { 200: Timeline, ...errors(400, 401) },
    },
  }, async (request, reply) => sendCached(request, reply, await readModel.responseAsync(request.query)));

  registerCrudRoutes(app, { path: '/blackouts', tag: 'Timeline', noun: 'blackout' },
    { row: Blackout, create: CreateBlackout, update: UpdateBlackout, query: BlackoutQuery }, app.services.blackouts);
  registerCrudRoutes(app, { path: '/milestones', tag: 'Timeline', noun: 'milestone' },
    { row: Milestone, create: CreateMilestone, update: UpdateMilestone, query: MilestoneQuery }, app.services.milestones);
  registerCrudRoutes(app, { path: '/dependencies', tag: 'Timeline', noun: 'dependency' },
    { row: Dependency, create: CreateDependency, update: UpdateDependency, query: DependencyQuery }, app.services.dependencies);

  registerCrudRoutes(app, { path: '/capacities', tag: 'Timeline', noun: 'council capacity setting' },
    { row: CouncilCapacity, create: CreateCouncilCapacity, update: UpdateCouncilCapacity, query: CouncilCapacityQuery }, app.services.capacities);
  registerCrudRoutes(app, { path: '/support-needs', tag: 'Timeline', noun: 'support need' },
    { row: SupportNeed, create: CreateSupportNeed, update: UpdateSupportNeed, query: SupportNeedQuery }, app.services.supportNeeds);

  // What-if: the owning services' own code, in a transaction that a preview rolls back.
  const { waves, items } = app.services;
  const whatIf = 'Make the change with the same code as PATCH, report what it does (items late against the baseline, dependencies broken, '
    + 'bank holiday and blackout clashes, communications activities and gate reviews that move), and with preview=true roll it back.';

  app.post('/plan-changes/waves/:id', {
    config: { access: 'office' },
    schema: {
      tags: ['Timeline'], summary: 'Move a wave (If-Match required), or preview the move', description: whatIf,
      params: IdParams, querystring: PreviewQuery, body: UpdateWave, response: { 200: Impact, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request) => {
    const ctx = { actor: actorOf(request), ifMatch: ifMatchFor(request, request.query.preview) };
    const waveId = request.params.id;
    return changeWithImpact(() => waves.update(waveId, request.body, ctx), request.query.preview,
      (state) => ({ itemIds: state.itemIdsOfWaves([waveId]), waveIds: [waveId] })).impact;
  });

  app.post('/plan-changes/items/:id', {
    config: { access: 'contributor' },
    schema: {
      tags: ['Timeline'], summary: 'Move a rollout item (If-Match required), or preview the move', description: whatIf,
      params: IdParams, querystring: PreviewQuery, body: UpdateItem, response: { 200: Impact, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request) => {
    const ctx = { actor: actorOf(request), ifMatch: ifMatchFor(request, request.query.preview) };
    const itemId = request.params.id;
    return changeWithImpact(() => items.update(itemId, request.body, ctx), request.query.preview, () => ({ itemIds: [itemId], waveIds: [] })).impact;
  });

  const dependencyService = app.services.dependencies;
  const dependencyWhatIf = 'Make the dependency change with the same code as /api/dependencies and report what it does to the plan as it stands '
    + '(the checks it breaks or mends); with preview=true roll it back. The programme\'s refuse rule is for plan moves: a dependency is recorded, broken or not.';
  app.post('/plan-changes/dependencies', {
    config: { access: 'office' },
    schema: {
      tags: ['Timeline'], summary: 'Add a dependency, or preview what it would break', description: dependencyWhatIf,
      querystring: PreviewQuery, body: CreateDependency, response: { 200: Impact, ...errors(400, 401, 403, 409) },
    },
  }, async (request) => changeWithImpact(() => dependencyService.create(request.body, { actor: actorOf(request) }), request.query.preview, undefined, { guarded: false }).impact);

  app.post('/plan-changes/dependencies/:id', {
    config: { access: 'office' },
    schema: {
      tags: ['Timeline'], summary: 'Change a dependency\'s lag or note (If-Match required), or preview the change', description: dependencyWhatIf,
      params: IdParams, querystring: PreviewQuery, body: UpdateDependency, response: { 200: Impact, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request) => {
    const ctx = { actor: actorOf(request), ifMatch: ifMatchFor(request, request.query.preview) };
    const dependencyId = request.params.id;
    return changeWithImpact(() => dependencyService.update(dependencyId, request.body, ctx), request.query.preview, undefined, { guarded: false }).impact;
  });

  app.post('/plan-changes/assignments', {
    config: { access: 'office' },
    schema: {
      tags: ['Timeline'], summary: 'Assign many items at once, or preview the assignment', description: whatIf,
      querystring: PreviewQuery, body: BatchAssignments, response: { 200: Impact, ...errors(400, 401, 403, 409) },
    },
  }, async (request) => changeWithImpact(() => items.assign(request.body, { actor: actorOf(request) }), request.query.preview).impact);
};
