import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Conditional requests (RFC 9110 section 13) and the validators they compare, for every API route in one place.
 *
 * - Every successful GET under the API carries an ETag. A versioned resource (a route called `setEtag`) gets a
 *   strong tag of its row version and a hash of the representation sent, `"7-Xq3…"`, so the tag moves when a derived
 *   field moves (an item's planned go-live when its wave moves) even though the row's version did not. Any other
 *   GET gets a weak tag of its body; the cached read models bring theirs (readiness/response-cache.ts).
 * - `If-None-Match` (a list, or `*`) on a GET answers 304 with no body when a tag matches (weak comparison).
 * - `If-Match` on a change is compared with the tag of the resource's current representation (strong comparison):
 *   `*` matches any current representation, a list matches if any member does, and a bare version (`"7"`, as
 *   earlier clients sent) matches that version. A match is handed to the route as the current version; no match
 *   is 412 with the current representation. Without If-Match the route answers 428 (versioning.ts).
 * - A 201 carries `Location`, the address of what was created.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Never given an ETag, so never kept even by the caller's browser: the session, with its CSRF token. */
    noStore?: boolean;
  }
}

const VERSION_TAG = /^"(\d+)"$/;
const HASHED_TAG = /^"(\d+)-[A-Za-z0-9_-]+"$/;

/** A short digest of a representation, for an entity tag. */
export const digestOf = (body: string | Buffer): string => createHash('sha256').update(body).digest('base64url').slice(0, 22);
/** A weak entity tag of a body. */
export const weakTagOf = (body: string | Buffer): string => `W/"${digestOf(body)}"`;

/** The entity tags of an If-Match or If-None-Match field: `*`, or the list of tags (RFC 9110 8.8.3). */
export function entityTags(field: string | string[] | undefined): '*' | string[] | undefined {
  if (field === undefined) return undefined;
  const value = [field].flat().join(',').trim();
  if (value === '*') return '*';
  return value.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

const opaque = (tag: string) => tag.replace(/^W\//, '');

/** Whether a GET's If-None-Match names this entity tag (weak comparison, RFC 9110 13.1.2): then 304, with no body. */
export function notModified(request: FastifyRequest, tag: string): boolean {
  const wanted = entityTags(request.headers['if-none-match']);
  return wanted === '*' || (wanted?.some((t) => opaque(t) === opaque(tag)) ?? false);
}

/** Where a representation of what a route changes is read: the route's own path, or the nearest one above with a GET. */
function representationPath(app: FastifyInstance, url: string): string | undefined {
  for (let path = url; path.includes('/'); path = path.slice(0, path.lastIndexOf('/'))) {
    if (app.hasRoute({ method: 'GET', url: path })) return path;
  }
  return undefined;
}

/** The address of a created resource: the collection's path plus its id, when the API has routes at that address. */
export function locationPattern(app: FastifyInstance, routeUrl: string): string | undefined {
  // Below the collection (/api/councils/:id), or at the top for records created under another (/api/items/:id/blockers → /api/blockers/:id).
  const candidates = [`${routeUrl}/:id`, `${routeUrl.split('/').slice(0, 2).join('/')}/${routeUrl.split('/').at(-1)}/:id`];
  return candidates.find((url) => (['GET', 'PATCH', 'PUT', 'DELETE'] as const).some((method) => app.hasRoute({ method, url })));
}

/** Fills the route pattern's parameters from the request, e.g. /api/items/:id → /api/items/7. */
const fill = (pattern: string, params: Record<string, unknown>) => pattern.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(String(params[name])));

/** The id of a created record from its JSON, if it has one. */
function idOf(body: string | Buffer): unknown {
  try {
    return (JSON.parse(body.toString()) as { id?: unknown } | null)?.id;
  } catch {
    return undefined;
  }
}

async function checkIfMatch(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const tags = entityTags(request.headers['if-match']);
  if (tags === undefined) return;
  const path = representationPath(app, request.routeOptions.url ?? '');
  if (!path) return;
  const headers: Record<string, string> = {};
  for (const name of ['cookie', 'authorization', 'x-share-token'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const current = await app.inject({ method: 'GET', url: fill(path, request.params as Record<string, unknown>), headers });
  if (current.statusCode === 404) throw new AppError(404, (JSON.parse(current.body) as { message: string }).message);
  if (current.statusCode !== 200) return; // the route itself answers what applies
  const tag = String(current.headers.etag ?? '');
  const version = (HASHED_TAG.exec(tag) ?? VERSION_TAG.exec(tag))?.[1];
  if (version === undefined) return;
  const matches = tags === '*' || tags.some((t) => t === tag || t === `"${version}"`);
  if (!matches) {
    const body = JSON.parse(current.body) as unknown;
    throw new AppError(412, 'This record was changed by someone else since you read it (your If-Match does not match its current ETag). Review the current values and try again.', undefined, body);
  }
  // The route compares versions: hand it the one the client's tag matched.
  request.headers['if-match'] = `"${version}"`;
}

export function installConditionalRequests(app: FastifyInstance, apiPrefix: string): void {
  app.addHook('onRoute', (route) => {
    const headers = (route.schema?.headers ?? {}) as { properties?: Record<string, unknown> };
    if (!headers.properties?.['if-match']) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), async (request: FastifyRequest) => checkIfMatch(app, request)] as never;
  });

  // A callback hook, not an async one: it runs on every reply, cached reads included.
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    const url = request.routeOptions.url;
    if (!url || !(url === apiPrefix || url.startsWith(`${apiPrefix}/`)) || reply.statusCode >= 300) return done(null, payload);
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : undefined;
    if (reply.statusCode === 201 && !reply.hasHeader('location') && body !== undefined) {
      const pattern = locationPattern(app, url);
      const id = pattern ? idOf(body) : undefined;
      if (pattern && id !== undefined) reply.header('location', fill(pattern, { ...(request.params as object), id }));
    }
    if (body === undefined) return done(null, payload);
    const given = String(reply.getHeader('etag') ?? '');
    const version = VERSION_TAG.exec(given)?.[1];
    if (version !== undefined) reply.header('etag', `"${version}-${digestOf(body)}"`);
    else if (given === '' && request.method === 'GET' && !request.routeOptions.config.noStore) reply.header('etag', weakTagOf(body));
    if (request.method !== 'GET' && request.method !== 'HEAD') return done(null, payload);
    const current = reply.getHeader('etag');
    if (current === undefined) return done(null, payload);
    if (notModified(request, String(current))) {
      reply.code(304);
      reply.removeHeader('content-length');
      reply.removeHeader('content-type');
      reply.removeHeader('content-encoding');
      return done(null, '');
    }
    done(null, payload);
  });
}
