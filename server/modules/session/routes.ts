import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { deviceWords } from '../../auth/device.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '../../auth/plugin.ts';
import { verifyPassword } from '../../auth/secrets.ts';
import { users } from '../../db/schema.ts';
import { errorBody } from '../../http/errors.ts';
import { Id, errors } from '../../http/schemas.ts';
import { Role } from '../users/schemas.ts';

const Me = Type.Object({ id: Type.Union([Id, Type.Null()]), name: Type.String(), role: Role, councilIds: Type.Array(Id) });
const SessionView = Type.Object({
  user: Me,
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'Send as x-csrf-token on every change made with the session cookie' }),
});
const SignIn = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** Signing in and out. The session id lives in an HttpOnly cookie; the CSRF token comes back in the body. */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const byEmail = app.db.select().from(users).where(eq(sql`lower(${users.email})`, sql.placeholder('email'))).prepare();
  const tags = ['Session'];

  // One throttle per app (server/services.ts): changing your password (account routes) counts against it too.
  const throttle = app.services.signInThrottle;

  app.post('/session', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'Sign in with e-mail and password; starts a new session',
      body: SignIn, response: { 200: SessionView, ...errors(400, 401, 429) },
    },
  }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    // The address is the one the trusted proxy saw (buildApp's trustProxy), never a client-written header.
    const wait = await throttle.begin(request.ip, email);
    if (wait > 0) {
      return reply.status(429).header('retry-after', String(wait)).send(errorBody(429, `Too many sign-in attempts. Try again in ${wait} seconds.`));
    }
    const user = byEmail.get({ email });
    const ok = await verifyPassword(user?.disabledAt ? null : user?.passwordHash, request.body.password);
    if (!user || !ok) {
      // The same answer whether or not the account exists.
      return reply.status(401).send(errorBody(401, 'The e-mail address or password is not right.'));
    }
    await throttle.succeeded(request.ip, email);
    // A fresh id on every sign-in: a session id planted before sign-in is never promoted.
    if (request.sessionInfo) app.auth.endSession(request.sessionInfo.idHash);
    const { token, csrfToken, actor } = app.auth.createSession(user, app.clock(), app.sessionSettings, deviceWords(request.headers['user-agent']));
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(request, app.sessionSettings.absoluteHours * 3600));
    return { user: actor, csrfToken };
  });

  app.get('/session', {
    config: { access: 'signedIn', noStore: true },
    schema: { tags, summary: 'Who is signed in, with the CSRF token of the session', response: { 200: SessionView, ...errors(401) } },
  }, async (request) => ({ user: request.actor!, csrfToken: request.sessionInfo?.csrfToken ?? null }));

  app.delete('/session', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Sign out: the session ends on the server', response: { 204: Type.Null(), ...errors(401, 403) } },
  }, async (request, reply) => {
    if (request.sessionInfo) app.auth.endSession(request.sessionInfo.idHash);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
    return reply.status(204).send(null);
  });
};
