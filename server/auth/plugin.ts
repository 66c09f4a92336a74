import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { ACCESS_LEVELS, type Access } from './access.ts';
import type { Actor } from './actor.ts';
import { sameSecret } from './secrets.ts';
import { createAuthStore, type AuthStore, type SessionSettings } from './store.ts';

export const SESSION_COOKIE = 'rp_session';
export const CSRF_HEADER = 'x-csrf-token';
/** How the dashboard presents a share link's token; calendar apps, which cannot send headers, use ?key=. */
export const SHARE_HEADER = 'x-share-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthStore;
    sessionSettings: SessionSettings;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Set when the request came with a session cookie (not a token). */
    sessionInfo: { idHash: string; csrfToken: string } | null;
    /** Set when the request came with a live read-only share link instead of a user. */
    shareLink: { id: number; label: string; expiresAt: string } | null;
  }
}

export interface AuthOptions {
  session: SessionSettings;
  /**
   * Route patterns (as registered, never as requested) under which third-party plugins register routes
   * without an access level: the docs page. They are public; any other route without one cannot be registered.
   */
  publicRoutePrefixes: string[];
  /** Routes outside this prefix without an access level are the dashboard's static files: public. */
  apiPrefix: string;
}

/** Cookie attributes of the session: never readable by scripts, never sent cross-site, Secure over HTTPS. */
export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

function refuse(status: 401 | 403, message: string): AppError {
  return new AppError(status, message);
}

/** Checks a request against the access level its route declares. */
function checkAccess(access: Access, request: FastifyRequest): void {
  if (access === 'public') return;
  if (request.shareLink) {
    if (access === 'shared') return;
    throw refuse(401, 'A share link opens the overview and the board report only; sign in for the rest.');
  }
  const actor = request.actor;
  if (!actor) throw refuse(401, 'Sign in to continue.');
  if (access === 'office' && actor.role !== 'office') throw refuse(403, 'Only the programme office can do this.');
  if (access === 'contributor' && actor.role === 'sponsor') throw refuse(403, 'Sponsors have read-only access.');
}

function checkCsrf(access: Access, request: FastifyRequest): void {
  if (access === 'public' || SAFE_METHODS.has(request.method) || !request.sessionInfo) return;
  const presented = request.headers[CSRF_HEADER];
  if (typeof presented !== 'string' || !sameSecret(presented, request.sessionInfo.csrfToken)) {
    throw refuse(403, `This request needs the ${CSRF_HEADER} header from your session; reload the page and try again.`);
  }
}

async function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(fastifyCookie);
  app.decorate('auth', createAuthStore(app.db));
  app.decorate('sessionSettings', options.session);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);
  app.decorateRequest('shareLink', null);

  // Decided on the route's registered pattern, once, at start-up: never on the URL a request spells.
  const underApi = (pattern: string) => pattern === options.apiPrefix || pattern.startsWith(`${options.apiPrefix}/`);
  const isPublicPlugin = (pattern: string) => options.publicRoutePrefixes.some((p) => pattern === p || pattern.startsWith(`${p}/`));

  // Fail closed: every route carries an access level. An API route that does not say who may call it cannot be
  // registered; routes of the docs page and the dashboard's static files are marked public here.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access !== undefined && ACCESS_LEVELS.includes(access)) return;
    if (access === undefined && (isPublicPlugin(route.url) || !underApi(route.url))) {
      route.config = { ...(route.config ?? {}), access: 'public' };
      return;
    }
    throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
  });

  // Who is calling is resolved the same way for every request that matched a route, whatever its path.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) return;
    const now = app.clock();
    const shared = request.headers[SHARE_HEADER] ?? (request.method === 'GET' ? (request.query as { key?: unknown } | undefined)?.key : undefined);
    if (typeof shared === 'string' && shared !== '') {
      // A share link stands alone: whatever else came with the request, it reads as the link.
      const link = app.auth.findShareLink(shared, now);
      if (!link) throw refuse(401, 'This share link is not valid, has expired or was revoked.');
      request.shareLink = link;
      return;
    }
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? app.auth.findTokenActor(match[1]!, now) : undefined;
      if (!actor) throw refuse(401, 'The API token is not valid, has expired or was revoked.');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = app.auth.findSession(cookie, now, options.session);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return;
    }
    request.actor = session.actor;
    request.sessionInfo = { idHash: session.idHash, csrfToken: session.csrfToken };
  });

  // After the body is parsed, before it is validated: who you are and what you may do come first. The level is
  // the matched route's own; a request that matched no route reaches only the 404 handler.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) throw refuse(403, 'This route does not say who may call it, so nobody may.');
    checkAccess(access, request);
    checkCsrf(access, request);
  });
}

export const authentication = fp(authPlugin, { name: 'authentication' });
