import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { or } from 'drizzle-orm';
import { auditLog } from '../../db/schema.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { actorOf } from '../../http/crud.ts';
import { IdParams, IfMatchHeader, PageQuery, Paged, errors } from '../../http/schemas.ts';
import { requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { auditPage, auditWhere } from '../audit/read-model.ts';
import { AuditRow } from '../audit/schemas.ts';
import type { RaidReader } from './read-model.ts';
import {
  ActionQuery, CreateProgrammeStatus, PossibleOwner, CreateRaidAction, CreateRaidEntry, ProgrammeStatus, RaidAction, RaidEntry, RaidQuery, RaidSummary,
  SummaryQuery, UpdateProgrammeStatus, UpdateRaidAction, UpdateRaidEntry,
} from './schemas.ts';

/** Who is reading a RAID read model: share links get the summary without internal text. */
export const raidReaderOf = (request: FastifyRequest): RaidReader =>
  request.shareLink ? 'link' : request.actor?.role === 'sponsor' ? 'sponsor' : 'team';

const IF_MATCH = 'Send If-Match with the ETag you read: 428 without it, 412 with the current state if it is stale.';

type Api = Parameters<FastifyPluginAsyncTypebox>[0];
const tags = ['RAID'];

/** The RAID log (risks, assumptions, issues, dependencies), actions with owners, and the programme status per period. */
export const raidRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Actions and entries past their date chase their owners, then the office, once a day (docs/raid.md, "Escalation").
  const escalation = app.services.raidEscalation;
  app.notifications.worker.scheduleDaily('raid-escalation', (now, day) => void escalation.run(now, day));
  entryRoutes(app);
  actionRoutes(app);
  statusRoutes(app);
};

/** The entries of the log, each with its history. */
function entryRoutes(app: Api): void {
  const service = app.services.raid;

  app.get('/raid/entries', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'The RAID log: open first, highest risk score first, then soonest due',
      querystring: RaidQuery, response: { 200: Paged(RaidEntry), ...errors(400, 401) },
    },
  }, async (request) => service.listEntries(request.query));

  app.post('/raid/entries', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record a risk, assumption, issue or dependency',
      description: "A council lead records entries about their own council or its items; programme-, wave- and feature-level entries are the programme office's.",
      body: CreateRaidEntry, response: { 201: RaidEntry, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const entry = service.createEntry(request.body, { actor: actorOf(request) });
    setEtag(reply, entry);
    return reply.status(201).send(entry);
  });

  app.get('/raid/entries/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one RAID entry', params: IdParams, response: { 200: RaidEntry, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const entry = service.getEntry(request.params.id);
    setEtag(reply, entry);
    return reply.send(entry);
  });

  app.patch('/raid/entries/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Change, close or reopen a RAID entry', description: `Closing records the day; reopening clears it. ${IF_MATCH}`,
      params: IdParams, headers: IfMatchHeader, body: UpdateRaidEntry, response: { 200: RaidEntry, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const entry = service.updateEntry(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, entry);
    return reply.send(entry);
  });

  app.get('/raid/entries/:id/history', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Every recorded change to one RAID entry, newest first',
      description: 'For an issue that was a blocker before blockers moved into the RAID log (migration 0025), the blocker\'s own history follows (entity blocker, entityId its legacyBlockerId).',
      params: IdParams, querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paged(AuditRow), ...errors(400, 401, 404) },
    },
  }, async (request) => {
    const entry = service.getEntry(request.params.id);
    const bounds = pageBounds(request.query);
    const own = auditWhere({ entity: 'raid_entry', entityId: request.params.id });
    const where = entry.legacyBlockerId === null ? own : or(own, auditWhere({ entity: 'blocker', entityId: entry.legacyBlockerId }));
    return toPage(auditPage(app.db, where, bounds.limit, bounds.offset) as never[], countWhere(app.db, auditLog, where), bounds);
  });
}

/** Actions with owners, who may own them, and the summary: what we are doing about red and late items. */
function actionRoutes(app: Api): void {
  const service = app.services.raid;
  const readModel = app.services.raidReadModel;

  app.get('/raid/actions', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: 'Actions: open first, soonest due first', querystring: ActionQuery, response: { 200: Paged(RaidAction), ...errors(400, 401) },
    },
  }, async (request) => service.listActions(request.query));

  app.post('/raid/actions', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record an action with an owner and a due date',
      description: 'Linked to a RAID entry, a rollout item or a blocker (all of one council). A lead records actions for their own council; unlinked, programme-level actions are the office\'s.',
      body: CreateRaidAction, response: { 201: RaidAction, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const action = service.createAction(request.body, { actor: actorOf(request) });
    setEtag(reply, action);
    return reply.status(201).send(action);
  });

  app.get('/raid/actions/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Read one action', params: IdParams, response: { 200: RaidAction, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const action = service.getAction(request.params.id);
    setEtag(reply, action);
    return reply.send(action);
  });

  app.patch('/raid/actions/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Change an action, mark it done or cancelled, or reopen it', description: `Closing records the day; reopening clears it. ${IF_MATCH}`,
      params: IdParams, headers: IfMatchHeader, body: UpdateRaidAction, response: { 200: RaidAction, ...errors(400, 401, 403, 404, 412, 428) },
    },
  }, async (request, reply) => {
    const action = service.updateAction(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, action);
    return reply.send(action);
  });

  app.get('/raid/owners', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Who can be named as the owner of an entry or an action',
      description: 'Office staff and council leads with an active account. A lead sees the office and the leads of their own councils. Anyone else is named as an external contact (ownerName).',
      response: { 200: Type.Array(PossibleOwner), ...errors(401, 403) },
    },
  }, async (request) => service.owners(actorOf(request)));

  app.get('/raid/summary', {
    config: { access: 'shared' },
    schema: {
      tags, summary: 'What we are doing about red and late items, the risk heat map, top risks, overdue actions by owner, escalations',
      description: 'For the programme, or one council with councilId. Share links get it without internal text (titles of entries and actions the office has not marked shareable).',
      querystring: SummaryQuery, response: { 200: RaidSummary, ...errors(400, 401) },
    },
  }, async (request) => readModel.summary({ ...request.query, reader: raidReaderOf(request) }));
}

/** The programme's own status per period, heading the board report. */
function statusRoutes(app: Api): void {
  const service = app.services.raid;

  app.get('/programme-status', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: "The programme's own status per reporting period, newest first (the history)",
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }), response: { 200: Paged(ProgrammeStatus), ...errors(400, 401) },
    },
  }, async (request) => service.listStatuses(request.query));

  app.post('/programme-status', {
    config: { access: 'office' },
    schema: {
      tags, summary: "Record a period's status: overall and per council, with commentary and decisions needed from the board",
      description: 'One per calendar month; refused (409) once a board report has been issued for a period ending in that month.',
      body: CreateProgrammeStatus, response: { 201: ProgrammeStatus, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const status = service.createStatus(request.body, { actor: actorOf(request) });
    setEtag(reply, status);
    return reply.status(201).send(status);
  });

  app.get('/programme-status/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: "One period's programme status", params: IdParams, response: { 200: ProgrammeStatus, ...errors(400, 401, 404) } },
  }, async (request, reply) => {
    const status = service.getStatus(request.params.id);
    setEtag(reply, status);
    return reply.send(status);
  });

  app.patch('/programme-status/:id', {
    config: { access: 'office' },
    schema: {
      tags, summary: "Change a period's programme status before its board report is issued",
      description: `Refused with 409 once the period's board report has been issued: what the board saw is never silently edited. ${IF_MATCH}`,
      params: IdParams, headers: IfMatchHeader, body: UpdateProgrammeStatus, response: { 200: ProgrammeStatus, ...errors(400, 401, 403, 404, 409, 412, 428) },
    },
  }, async (request, reply) => {
    const status = service.updateStatus(request.params.id, request.body, { actor: actorOf(request), ifMatch: requiredIfMatch(request) });
    setEtag(reply, status);
    return reply.send(status);
  });
}
