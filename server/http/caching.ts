import type { FastifyInstance } from 'fastify';

/**
 * `Cache-Control: no-store` on every reply that depends on who asks: any route that is not public (signed-in,
 * contributor, office and shared routes: JSON, CSV exports, the calendar feed, their errors too) and any reply
 * that sets a cookie (signing in hands out the session and its CSRF token). Neither the browser nor a proxy
 * keeps them, so a shared computer or a cache in between never serves one person's data to the next.
 * A reply that carries an ETag gets `private, no-cache` instead: only the caller's own browser may keep it, and
 * must revalidate it every time (If-None-Match, 304 when unchanged); see docs/adr/0010-private-no-cache-with-etags.md.
 * Public routes (the dashboard's files, the health check, the API docs) keep their own caching: hashed assets
 * for a year, the page revalidated.
 */
export function installNoStore(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every reply, cached reads included.
  app.addHook('onSend', (request, reply, payload, done) => {
    const access = request.routeOptions.config?.access;
    if (reply.hasHeader('set-cookie')) reply.header('cache-control', 'no-store');
    else if (access !== undefined && access !== 'public') reply.header('cache-control', reply.hasHeader('etag') ? 'private, no-cache' : 'no-store');
    done(null, payload);
  });
}
