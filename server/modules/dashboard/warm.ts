import { setTimeout } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { today } from '../../domain/clock.ts';
import { runSliced, SLICE_MS } from '../../http/steps.ts';
import type { CachedResponse } from '../../read-models/response-cache.ts';
import type { Static } from 'typebox';
import { Overview, OVERVIEW_COUNCILS_PER_PAGE, type OverviewQuery } from './schemas.ts';
import { extend } from '../../domain/objects.ts';
import { createSnapshots, currentBuildId } from '../../read-models/snapshots.ts';
import { createVersionReader } from '../../read-models/scopes.ts';

/**
 * Where the overview for a query is kept in the dashboard's response cache: the same key whether the paging is
 * spelled out with its defaults (as a request's query has it once validated) or left out (as the warm-up asks).
 */
export const overviewKey = (q: OverviewQuery & { asOf: string }) =>
  `overview|${q.asOf}|${q.baselineId ?? ''}|${q.councilLimit ?? OVERVIEW_COUNCILS_PER_PAGE}|${q.councilOffset ?? 0}`;

/**
 * The overview from the dashboard's response cache, made when missing: the benefits headline in slices first (a
 * cold one reads every volume entry), then the overview's steps in slices (http/steps.ts), so a cold build never
 * holds the event loop; and `warm`, which makes today's overview as the dashboard's first page asks for it.
 *
 * The server warms it in the background once it listens (an `onListen` hook of the readiness routes): every
 * council judged, the parts merged, the response serialised and kept. At 400 councils the first overview after
 * start took 850–1,500 ms when the first reader paid for it; made in slices of a few milliseconds, it holds up no
 * other request (docs/performance.md, "First overview after start").
 *
 * Today's overview is also kept on disk (read-models/snapshots.ts): written once the warm-up has made it and when
 * the server closes, and handed to the first readers after a restart while the day, every scope's versions, the
 * benefits figures and the build are those it was written under.
 */
export function createOverviewReader(app: FastifyInstance) {
  const { views, benefitsFigures: benefits, responses: { dashboard: cache } } = app.services;
  const asJson = cache.serialiser<Static<typeof Overview>>(Overview);
  const snapshots = createSnapshots(app.db);
  const stamps = createVersionReader(app.db);
  const build = currentBuildId();
  const todayKey = (day: string) => overviewKey({ asOf: day });
  /** Everything today's overview depends on: the day, every scope's versions, the benefits figures, the build. */
  const diskStamp = (day: string) => `${day}|${stamps.programmeStamp()}|${benefits.fingerprint()}|${build}`;
  const at = (q: { asOf: string }) => ({ day: q.asOf, scope: { programme: true as const, also: benefits.fingerprint() } });
  /** The stamp of the copy on disk, once read: a miss compares stamps before reading the copy itself. */
  let onDisk: string | null | undefined;

  /** Today's overview as last made in this process, with the stamp read before it was made. */
  let made: { key: string; stamp: string; response: CachedResponse } | undefined;

  // Kept while every scope's versions and the benefits figures stand (sign-ins and other writes outside the scope map
  // leave it); another day's, while the only writes are readings dated after that day (response-cache.ts).
  const cached = async (q: OverviewQuery & { asOf: string }): Promise<CachedResponse> => {
    const key = overviewKey(q);
    const isToday = key === todayKey(today(app.clock));
    if (isToday) {
      cache.adopt(key, at(q), () => {
        onDisk ??= snapshots.stampOf(key) ?? null;
        return onDisk === null || onDisk !== diskStamp(q.asOf) ? undefined : snapshots.get(key, onDisk);
      });
    }
    let stamp: string | undefined;
    const response = await cache.getAsync(key, asJson, async () => {
      if (isToday) stamp = diskStamp(q.asOf);
      const headline = await benefits.headline(q.asOf);
      return extend((await runSliced(views.overviewSteps(q))), { benefits: headline });
    }, at(q));
    if (stamp !== undefined) made = { key, stamp, response };
    return response;
  };

  /** Writes today's overview to disk when the one last made is current and the copy on disk is not. */
  const persist = (): void => {
    const day = today(app.clock);
    if (!made || made.key !== todayKey(day)) return;
    const stamp = diskStamp(day);
    if (made.stamp !== stamp || stamp === (onDisk ??= snapshots.stampOf(made.key) ?? null)) return;
    snapshots.put(made.key, stamp, made.response.json, app.clock());
    onDisk = stamp;
  };

  return {
    cached,
    persist,
    /**
     * Makes today's overview and keeps it on disk. When it was not made here (a copy from disk, or one already kept)
     * every council is still judged, so the next build after a write finds the others judged. When the copy on disk
     * is current, its first readers are served from it, so the warm-up waits `settleMs` and leaves them the machine.
     */
    warm: async (settleMs = 0): Promise<void> => {
      const day = today(app.clock);
      const key = todayKey(day);
      if (settleMs > 0 && (onDisk ??= snapshots.stampOf(key) ?? null) === diskStamp(day)) await setTimeout(settleMs);
      const before = made;
      await cached({ asOf: day });
      if (made === before) {
        // Nobody waits for this pass: background work (http/background.ts), behind the requests being served.
        await benefits.headline(day, { background: true });
        await runSliced(views.overviewSteps({ asOf: day }), SLICE_MS, app.services.background.turn);
      }
      persist();
    },
  };
}

/**
 * The benefits headline at the start of the board report's default period (the end of the last issued report, else
 * a month back), made in the background: the headline at its end is today's, which the overview's warm-up makes, and
 * the start's was the largest part of a cold month's report (about 100 ms of 230 at 400 councils: every volume
 * entry entered by that day read again). It is kept while the benefits figures stand, as every headline is.
 */
export async function warmBoardPeriodStart(app: FastifyInstance): Promise<void> {
  let from: string;
  try {
    ({ from } = app.services.boardReports.periodOf({}));
  } catch {
    return; // no default period today (the last issued report ended over a year ago): the report asks for one
  }
  await app.services.benefitsFigures.headline(from, { background: true });
}

/** How long the warm-up waits when the first readers after a restart can be served from disk. */
const WARM_AFTER_RESTART_MS = 1_000;

/**
 * Today's overview is made in the background once the server listens, so its first reader does not wait for it;
 * then the programme's longest trend, whose council-weeks every later trend reuses. The benefits headline the default
 * board report starts from is made beside them from the start, without the overview's wait after a restart: a month's
 * report asked for 0.3 s after a restart took 306–339 ms when it waited its turn after the overview, 217–276 ms
 * (92–113 ms once made). And the overview is kept on disk when the server closes, for the first readers after it
 * starts again.
 */
export function keepOverviewWarm(app: FastifyInstance, overview: ReturnType<typeof createOverviewReader>): void {
  app.addHook('onClose', async () => {
    try {
      overview.persist();
    } catch (error) {
      app.log.warn({ err: error }, 'keeping the overview on disk failed');
    }
  });
  app.addHook('onListen', async () => {
    warmBoardPeriodStart(app).catch((error: unknown) => app.log.warn({ err: error }, "warming the board report's benefits failed"));
    overview.warm(WARM_AFTER_RESTART_MS)
      .catch((error: unknown) => app.log.warn({ err: error }, 'warming the overview failed'))
      .then(() => app.services.trends.warm())
      .catch((error: unknown) => app.log.warn({ err: error }, 'warming the trends failed'));
  });
}
