import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { issueSecret } from '../../auth/secrets.ts';
import { inTransaction } from '../../db/database.ts';
import { apiTokens } from '../../db/schema.ts';
import { actorOf } from '../../http/crud.ts';
import { AppError, badRequest, notFound } from '../../http/errors.ts';
import { IdParams, IsoDate, Name, errors } from '../../http/schemas.ts';
import { today } from '../../domain/clock.ts';
import { recordAudit } from '../../db/audit.ts';

export const TOKEN_PREFIX = 'rpt_';

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters, to tell tokens apart' }),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const NewToken = Type.Object({ ...ApiToken.properties, token: Type.String({ description: 'Shown once: store it now' }) });
const CreateToken = Type.Object(
  { name: Name, expiresOn: Type.Optional(IsoDate) },
  { additionalProperties: false },
);

const columns = {
  id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
};

/** Personal API tokens: act with their owner's role, as `Authorization: Bearer rpt_...`. */
export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['API tokens'];
  const config = { access: 'signedIn' as const };
  const own = (request: { actor: { id: number | null } | null }) => {
    const id = request.actor?.id;
    if (id == null) throw new AppError(403, 'Only a user account can hold API tokens.');
    return id;
  };

  app.get('/tokens', {
    config, schema: { tags, summary: 'Your API tokens (never the secret)', response: { 200: Type.Array(ApiToken), ...errors(401) } },
  }, async (request) => app.db.select(columns).from(apiTokens).where(eq(apiTokens.userId, own(request))).orderBy(desc(apiTokens.id)).all());

  app.post('/tokens', {
    config, schema: { tags, summary: 'Create a token; the secret is shown once', body: CreateToken, response: { 201: NewToken, ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const userId = own(request);
    if (request.body.expiresOn && request.body.expiresOn <= today(app.clock)) {
      throw badRequest('The token would already have expired.', [{ field: 'expiresOn', message: 'must be after today' }]);
    }
    const { token, tokenHash, prefix } = issueSecret(TOKEN_PREFIX);
    const created = inTransaction(app.db, () => {
      const row = app.db.insert(apiTokens).values({
        userId, name: request.body.name.trim(), tokenHash, prefix,
        createdAt: app.clock().toISOString(), expiresAt: request.body.expiresOn ? `${request.body.expiresOn}T00:00:00.000Z` : null,
      }).returning(columns).get();
      recordAudit(app.db, actorOf(request), app.clock(), { action: 'create', entity: 'api_token', entityId: row.id, after: row });
      return row;
    });
    return reply.status(201).send({ ...created, token });
  });

  app.delete('/tokens/:id', {
    config,
    schema: { tags, summary: 'Revoke a token at once (yours; the programme office can revoke any)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 404) } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const owner = actor.role === 'office' ? undefined : own(request);
    inTransaction(app.db, () => {
      const where = owner === undefined ? eq(apiTokens.id, request.params.id) : and(eq(apiTokens.id, request.params.id), eq(apiTokens.userId, owner));
      const before = app.db.select(columns).from(apiTokens).where(where).get();
      if (!before) throw notFound('API token', request.params.id);
      if (before.revokedAt) return;
      const after = app.db.update(apiTokens).set({ revokedAt: app.clock().toISOString() }).where(eq(apiTokens.id, before.id)).returning(columns).get();
      recordAudit(app.db, actor, app.clock(), { action: 'update', entity: 'api_token', entityId: before.id, before, after });
    });
    return reply.status(204).send(null);
  });
};
