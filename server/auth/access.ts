/**
 * What a route needs before its handler runs. Every API route declares one (registration fails
 * otherwise), so no route can be open by accident.
 * - public: anyone, signed in or not;
 * - shared: any signed-in user, or anyone holding a live read-only share link (the overview, the board
 *   report and the calendar feed, nothing else);
 * - signedIn: any signed-in user (reading);
 * - contributor: the programme office or a council lead; the service then checks which council and which fields;
 * - office: the programme office only.
 */
export const ACCESS_LEVELS = ['public', 'shared', 'signedIn', 'contributor', 'office'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
