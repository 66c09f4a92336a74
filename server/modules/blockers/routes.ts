import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { issueOfBlocker } from './store.ts';

const RETIRED = 'Blockers are issues in the RAID log since migration 0025 (docs/adr/0015-blockers-become-raid-issues.md).';
const description = `${RETIRED} Every call answers 410 Gone and names where to go instead: the item's issues `
  + '(GET /api/raid/entries?type=issue&itemId=…, POST /api/raid/entries with type issue and scope item), or, for a blocker '
  + 'recorded before the move, the issue it became (its `current.href`, also sent as a Link header with rel="successor-version").';

/** 410 Gone, with where the caller should go instead (in the body and as a Link header, RFC 8288). */
function gone(reply: FastifyReply, message: string, href: string, raidEntryId: number | null): never {
  reply.header('link', `<${href}>; rel="successor-version"`);
  throw new AppError(410, `${RETIRED} ${message}`, undefined, { href, raidEntryId });
}

/**
 * The retired blockers API: the routes stay, answer 410 Gone and point at the RAID log, so a client that still
 * calls them learns where to go (and, for an old blocker, exactly which issue it became) instead of a 404.
 * Who may call each one is unchanged, so a signed-out caller or a sponsor learns nothing more than before.
 */
export const blockerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Blockers'];
  const itemIssues = (itemId: number) => `/api/raid/entries?type=issue&itemId=${itemId}`;
  const ofBlocker = (reply: FastifyReply, id: number) => {
    const issue = issueOfBlocker(app.db, id);
    if (issue) return gone(reply, `Blocker ${id} is now RAID issue ${issue.id}.`, `/api/raid/entries/${issue.id}`, issue.id);
    return gone(reply, `There was no blocker ${id} when blockers moved; issues are in the RAID log.`, '/api/raid/entries?type=issue', null);
  };

  app.get('/items/:id/blockers', {
    config: { access: 'signedIn' },
    schema: {
      tags, summary: "Retired: a rollout item's blockers are its RAID issues", description,
      params: IdParams, response: { ...errors(400, 401, 410) },
    },
  }, async (request, reply) => gone(reply, `Read the item's issues at ${itemIssues(request.params.id)}.`, itemIssues(request.params.id), null));

  app.post('/items/:id/blockers', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Retired: raise an issue on the item in the RAID log instead', description,
      params: IdParams, response: { ...errors(400, 401, 403, 410) },
    },
  }, async (request, reply) =>
    gone(reply, `Record an issue with POST /api/raid/entries (type issue, scope item, itemId ${request.params.id}); nothing was recorded.`, '/api/raid/entries', null));

  app.get('/blockers/:id', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Retired: the RAID issue a blocker became', description, params: IdParams, response: { ...errors(400, 401, 410) } },
  }, async (request, reply) => ofBlocker(reply, request.params.id));

  app.patch('/blockers/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Retired: change the RAID issue the blocker became', description,
      params: IdParams, response: { ...errors(400, 401, 403, 410) },
    },
  }, async (request, reply) => ofBlocker(reply, request.params.id));

  app.delete('/blockers/:id', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Retired: close the RAID issue the blocker became', description,
      params: IdParams, response: { ...errors(400, 401, 403, 410) },
    },
  }, async (request, reply) => ofBlocker(reply, request.params.id));
};
