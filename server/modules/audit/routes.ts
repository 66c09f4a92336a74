import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { eq } from 'drizzle-orm';
import { auditLog, rolloutItems } from '../../db/schema.ts';
import { assertDateRange, notFound } from '../../http/errors.ts';
import { IdParams, Paged, PageQuery, errors } from '../../http/schemas.ts';
import { Type } from 'typebox';
import { AuditQuery, AuditRow, AuditVerification } from './schemas.ts';
import { auditPage, auditWhere, createAuditCounter } from './read-model.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const countAll = createAuditCounter(app.db);
  // The whole trail counted while the server starts (some 30 ms for a million rows), not by the first page asked for.
  countAll();
  const countFiltered = app.services.auditCounts;
  const verifier = app.services.auditChain;

  app.get('/audit/verification', {
    config: { access: 'office' },
    schema: {
      tags: ['Audit'], summary: 'Recomputes the audit trail\'s hash chain: "verified up to row N at T", or the first row that does not match',
      description: 'A result less than a minute old is returned as it is; the check runs in slices, so other requests are served meanwhile.',
      response: { 200: AuditVerification, ...errors(401, 403) },
    },
  }, async () => verifier.latest());

  app.get('/audit', {
    config: { access: 'office' },
    schema: {
      tags: ['Audit'], summary: 'The audit trail, newest first; filter by entity, user and date range',
      querystring: AuditQuery, response: { 200: Paged(AuditRow), ...errors(400, 401, 403) },
    },
  }, async (request) => {
    const { limit, offset, ...filter } = request.query;
    assertDateRange(filter);
    const bounds = pageBounds({ limit, offset });
    const where = auditWhere(filter);
    // The whole trail's count is kept as rows are added; a filter's first count runs off the event loop.
    const total = where === undefined ? countAll() : await countFiltered(filter);
    return toPage(auditPage(app.db, where, bounds.limit, bounds.offset) as never[], total, bounds);
  });

  app.get('/items/:id/history', {
    config: { access: 'signedIn' },
    schema: {
      tags: ['Rollout items'], summary: 'Every recorded change to one rollout item, newest first',
      params: IdParams, querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Paged(AuditRow), ...errors(400, 401, 404) },
    },
  }, async (request) => {
    const bounds = pageBounds(request.query);
    const where = auditWhere({ entity: 'item', entityId: request.params.id });
    const total = countWhere(app.db, auditLog, where);
    // An item that never existed has no history to show (one deleted has its history still).
    if (total === 0 && !app.db.select({ id: rolloutItems.id }).from(rolloutItems).where(eq(rolloutItems.id, request.params.id)).get()) {
      throw notFound('Rollout item', request.params.id);
    }
    return toPage(auditPage(app.db, where, bounds.limit, bounds.offset) as never[], total, bounds);
  });
};
