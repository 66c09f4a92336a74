import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deviceWords } from '../../auth/device.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../../auth/plugin.ts';
import { users } from '../../db/schema.ts';
import { actorOf } from '../../http/crud.ts';
import { errorBody } from '../../http/errors.ts';
import { errors } from '../../http/schemas.ts';
import { eq } from 'drizzle-orm';
import { ChangePassword, OwnSession, PasswordChanged, SessionRefParams } from './schemas.ts';

/**
 * Your own account: your sessions and your password (API tokens: /api/tokens). Every signed-in role; each
 * caller reaches only their own. A wrong current password counts against the sign-in throttle of the account.
 */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.account;
  const tags = ['Session'];
  const config = { access: 'signedIn' as const };
  // The sign-in throttle (server/services.ts): a wrong current password counts as a failed sign-in.
  const throttle = app.services.signInThrottle;

  app.get('/account/sessions', {
    config: { ...config, noStore: true },
    schema: { tags, summary: 'Your sessions that are still alive, the one in use marked', response: { 200: Type.Array(OwnSession), ...errors(401, 403) } },
  }, async (request) => service.listSessions(actorOf(request), request.sessionInfo?.idHash ?? null));

  app.delete('/account/sessions/:ref', {
    config,
    schema: {
      tags, summary: 'End one of your other sessions at once (the one in use ends by signing out)', params: SessionRefParams,
      response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    service.endSession(actorOf(request), request.params.ref, request.sessionInfo?.idHash ?? null);
    return reply.status(204).send(null);
  });

  app.post('/account/password', {
    config,
    schema: {
      tags, summary: 'Change your own password, giving the current one; ends your other sessions and replaces this one',
      body: ChangePassword, response: { 200: PasswordChanged, ...errors(400, 401, 403, 409, 429) },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const email = actor.id === null ? '' : app.db.select({ email: users.email }).from(users).where(eq(users.id, actor.id)).get()?.email.toLowerCase() ?? '';
    const wait = await throttle.begin(request.ip, email);
    if (wait > 0) {
      return reply.status(429).header('retry-after', String(wait)).send(errorBody(429, `Too many attempts with a wrong password. Try again in ${wait} seconds.`));
    }
    const current = request.sessionInfo?.idHash ?? null;
    const { endedSessions } = await service.changePassword(actor, request.body, current);
    await throttle.succeeded(request.ip, email);
    if (!current) return { endedSessions, csrfToken: null };
    // The session in use is replaced by a fresh one: a copy of the old cookie is worth nothing from now on.
    app.auth.endSession(current);
    const user = app.db.select().from(users).where(eq(users.id, actor.id!)).get()!;
    const { token, csrfToken } = app.auth.createSession(user, app.clock(), app.sessionSettings, deviceWords(request.headers['user-agent']));
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, app.sessionSettings.absoluteHours * 3600));
    return { endedSessions, csrfToken };
  });
};
