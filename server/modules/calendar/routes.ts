import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { audienceOf } from '../../auth/actor.ts';
import { notModified } from '../../http/conditional.ts';
import { errors } from '../../http/schemas.ts';
import { runSliced } from '../../http/steps.ts';
import { goLiveCalendarBytesSteps } from './feed.ts';

const CalendarQuery = Type.Object(
  {
    council: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$', maxLength: 2000, description: 'Council codes, comma-separated; all councils when absent' })),
    include: Type.Optional(Type.String({ pattern: '^(go-lives|comms)(,(go-lives|comms))?$', description: 'What to include: go-lives, comms, or both (the default)' })),
    key: Type.Optional(Type.String({ maxLength: 200, description: 'A share link token, for calendar apps that cannot sign in' })),
  },
  { additionalProperties: false },
);

/** The go-live calendar as iCalendar (RFC 5545), for Outlook, Google Calendar and the like to subscribe to. */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/calendar.ics', {
    config: { access: 'shared' },
    schema: {
      tags: ['Calendar'],
      summary: 'Go-live, gate review, gate decision and communications dates as an iCalendar feed',
      description: 'Wave go-lives, item go-lives (planned, or actual once live), gate reviews, gate decisions and communications activities. '
        + 'Calendar apps cannot sign in: subscribe with a share link\'s calendar address (?key=rps_...). '
        + 'For share links and sponsors the feed carries no item notes, decision reasons or people\'s names.',
      querystring: CalendarQuery,
      produces: ['text/calendar'],
      response: { 200: Type.String({ description: 'text/calendar; charset=utf-8' }), ...errors(400, 401) },
    },
  }, async (request, fastifyReply) => {
    // Sent as bytes already made, which the reply's schema (a string: the text, which these bytes are) does not type.
    const reply = fastifyReply as FastifyReply;
    // Each code once, however often it was given (a code repeated 700 times was named 700 times in the 400's message).
    const codes = request.query.council === undefined ? undefined : [...new Set(request.query.council.split(',').map((c) => c.trim().toUpperCase()))];
    const include = (request.query.include ?? 'go-lives,comms').split(',');
    const { pieces, length, digest } = await runSliced(goLiveCalendarBytesSteps(app.db, app.clock(), {
      councilCodes: codes, include: { goLives: include.includes('go-lives'), comms: include.includes('comms') }, audience: audienceOf(request.actor),
    }));
    // The weak tag http/conditional.ts would give the body, hashed while it was written rather than in one go after.
    const tag = `W/"${digest}"`;
    reply.header('etag', tag);
    // Sent as a stream of the pieces already made, so the hook that answers 304 for a body's tag does not see it: asked here.
    if (notModified(request, tag)) return reply.code(304).send();
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-length', length)
      .header('content-disposition', `inline; filename="rollout-go-lives${codes ? `-${codes.join('-').toLowerCase()}` : ''}.ics"`)
      .send(Readable.from(pieces, { objectMode: false }));
  });
};
