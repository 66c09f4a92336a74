import type { FastifyInstance } from 'fastify';
import { today } from '../../domain/clock.ts';
import { runSliced } from '../../http/steps.ts';
import type { CachedResponse } from '../../read-models/response-cache.ts';
import type { Static } from 'typebox';
import { Overview, type OverviewQuery } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

/** Where the overview for a query is kept in the dashboard's response cache. */
export const overviewKey = (q: OverviewQuery & { asOf: string }) => `overview|${q.asOf}|${q.baselineId ?? ''}|${q.councilLimit ?? ''}|${q.councilOffset ?? ''}`;

/**
 * The overview from the dashboard's response cache, made when missing: the benefits headline in slices first (a
 * cold one reads every volume entry), then the overview's steps in slices (http/steps.ts), so a cold build never
 * holds the event loop; and `warm`, which makes today's overview as the dashboard's first page asks for it.
 *
 * The server warms it in the background once it listens (an `onListen` hook of the readiness routes): every
 * council judged, the parts merged, the response serialised and kept. At 400 councils the first overview after
 * start took 850–950 ms when the first reader paid for it; made in slices of a few milliseconds, it holds up no
 * other request (docs/performance.md, "First overview after start").
 */
export function createOverviewReader(app: FastifyInstance) {
  const { views, benefitsFigures: benefits, responses: { dashboard: cache } } = app.services;
  const asJson = cache.serialiser<Static<typeof Overview>>(Overview);
  // Another day's overview is kept while the only writes are readings dated after that day, and the benefits figures
  // stand (response-cache.ts, PastScoping); today's is made again after any write.
  const cached = (q: OverviewQuery & { asOf: string }): Promise<CachedResponse> => cache.getAsync(overviewKey(q), asJson, async () => {
    const headline = await benefits.headline(q.asOf);
    return extend((await runSliced(views.overviewSteps(q))), { benefits: headline });
  }, { day: q.asOf, scope: { past: true, also: benefits.fingerprint() } });
  return { cached, warm: async (): Promise<void> => void (await cached({ asOf: today(app.clock) })) };
}
