import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addDays, differenceInCalendarDays, parseISO } from 'date-fns';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { issueSecret } from '../../auth/secrets.ts';
import { inTransaction } from '../../db/database.ts';
import { shareLinks } from '../../db/schema.ts';
import { isoDay, today } from '../../domain/clock.ts';
import { actorOf } from '../../http/crud.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { recordAudit } from '../../db/audit.ts';
import { CreateShareLink, CurrentShare, NewShareLink, ShareLink } from './schemas.ts';

export const SHARE_PREFIX = 'rps_';
/** A link lives at most this long: boards meet monthly or quarterly, and a forgotten link should die. */
export const MAX_SHARE_DAYS = 180;
export const DEFAULT_SHARE_DAYS = 30;

const columns = {
  id: shareLinks.id, label: shareLinks.label, prefix: shareLinks.prefix, createdByName: shareLinks.createdByName, createdAt: shareLinks.createdAt,
  expiresAt: shareLinks.expiresAt, lastUsedAt: shareLinks.lastUsedAt, revokedAt: shareLinks.revokedAt,
};

/**
 * Read-only links for people who will not sign in. The token is shown once and only its hash is kept;
 * revoking a link stops it on the next request. What a link opens is decided by the routes' access level
 * ('shared'), never by the link.
 */
export const shareRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Share links'];
  const withState = <T extends { revokedAt: string | null; expiresAt: string }>(row: T) =>
    ({ ...row, active: row.revokedAt === null && app.clock() < new Date(row.expiresAt) });

  app.get('/share-links', {
    config: { access: 'office' },
    schema: { tags, summary: 'Share links, newest first (never the token)', response: { 200: Type.Array(ShareLink), ...errors(401, 403) } },
  }, async () => app.db.select(columns).from(shareLinks).orderBy(desc(shareLinks.id)).all().map(withState));

  app.post('/share-links', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Create a read-only link to the overview and the board report; the token is shown once',
      description: `Published wins only, no writes, nothing else. Expires at the start of expiresOn (default ${DEFAULT_SHARE_DAYS} days, at most ${MAX_SHARE_DAYS}).`,
      body: CreateShareLink, response: { 201: NewShareLink, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const todayIs = today(app.clock);
    const expiresOn = request.body.expiresOn ?? isoDay(addDays(parseISO(todayIs), DEFAULT_SHARE_DAYS));
    const days = differenceInCalendarDays(parseISO(expiresOn), parseISO(todayIs));
    if (days < 1) throw badRequest('The link would already have expired.', [{ field: 'expiresOn', message: 'must be after today' }]);
    if (days > MAX_SHARE_DAYS) throw badRequest(`A share link can last at most ${MAX_SHARE_DAYS} days.`, [{ field: 'expiresOn', message: `must be within ${MAX_SHARE_DAYS} days of today` }]);
    const { token, tokenHash, prefix } = issueSecret(SHARE_PREFIX);
    const actor = actorOf(request);
    const created = inTransaction(app.db, () => {
      const row = app.db.insert(shareLinks).values({
        label: request.body.label.trim(), tokenHash, prefix, createdBy: actor.id, createdByName: actor.name,
        createdAt: app.clock().toISOString(), expiresAt: `${expiresOn}T00:00:00.000Z`,
      }).returning(columns).get();
      recordAudit(app.db, actor, app.clock(), { action: 'create', entity: 'share_link', entityId: row.id, after: row });
      return row;
    });
    return reply.status(201).send({
      ...withState(created), token,
      // The token travels in the fragment: browsers never send it to a server or in a Referer.
      dashboardPath: `/shared#${token}`,
      calendarPath: `/api/calendar.ics?key=${token}`,
    });
  });

  app.delete('/share-links/:id', {
    config: { access: 'office' },
    schema: { tags, summary: 'Revoke a share link: it stops working at once', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (request, reply) => {
    inTransaction(app.db, () => {
      const before = app.db.select(columns).from(shareLinks).where(eq(shareLinks.id, request.params.id)).get();
      if (!before) throw notFound('Share link', request.params.id);
      if (before.revokedAt) return;
      const after = app.db.update(shareLinks).set({ revokedAt: app.clock().toISOString() }).where(eq(shareLinks.id, before.id)).returning(columns).get();
      recordAudit(app.db, actorOf(request), app.clock(), { action: 'update', entity: 'share_link', entityId: before.id, before, after });
    });
    return reply.status(204).send(null);
  });

  app.get('/share-links/current', {
    config: { access: 'shared' },
    schema: { tags, summary: 'The share link this request came with: its label and expiry', response: { 200: CurrentShare, ...errors(401, 404) } },
  }, async (request) => {
    if (!request.shareLink) throw new AppError(404, 'This request did not come through a share link.');
    return { label: request.shareLink.label, expiresAt: request.shareLink.expiresAt };
  });
};
