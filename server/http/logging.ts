import type { FastifyServerOptions } from 'fastify';

/** Query parameters that carry secrets: a share link's key (calendar apps cannot send it any other way). */
const SECRET_PARAMS = /([?&](?:key)=)[^&#]*/gi;

/** A URL fit for the logs: secrets in the query string replaced. */
export const redactUrl = (url: string): string => url.replace(SECRET_PARAMS, '$1[redacted]');

/** The server's logger: request lines without secrets, at the configured level. */
export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
    },
  };
}
