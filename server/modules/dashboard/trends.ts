import { setImmediate as nextTurn } from 'node:timers/promises';
import { addWeeks, endOfWeek, parseISO, subWeeks } from 'date-fns';
import type { Db } from '../../db/database.ts';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import { worst, type Rag } from '../../domain/readiness.ts';
import { assertDateRange, badRequest, notFound } from '../../http/errors.ts';
import { createBackground, type Background, type Lane } from '../../http/background.ts';
import { runSliced, slicePause, SLICE_MS } from '../../http/steps.ts';
import { createVersionReader } from '../../read-models/scopes.ts';
import { currentEvaluation, type ItemReadiness, type ReadinessEngine } from '../readiness/read-model.ts';
import { createRememberedWeeks } from './trend-weeks.ts';
import { NO_ITEMS, type Part } from './council-weeks.ts';
import { epochDay } from '../../domain/day-count.ts';
import { extend } from '../../domain/objects.ts';

/** The longest trend anyone may ask for: five years of weekly points. */
export const MAX_TREND_WEEKS = 260;
/** Points added up between two turns of the event loop at most. */
const WEEKS_A_TURN = 26;

export interface TrendQuery {
  scope: 'programme' | 'council' | 'wave' | 'item';
  id?: number;
  from?: string;
  to?: string;
}

/**
 * Weekly points (week ending Sunday) of the mean score and the RAG mix of the items in scope: the score is the
 * mean of item scores (readiness before go-live, adoption after); the RAG is the worst.
 *
 * Built from council-weeks, each judged once and remembered (`trend-weeks.ts`: a week is forgotten only when a write
 * lands in it), and those not remembered are judged from one read of each council's history walked forward through
 * the weeks (the engine's `walkSteps`), in slices that give the event loop back every few milliseconds: the longest
 * allowed trend never holds up other requests. One trend is computed at a time; identical requests in flight share
 * one computation.
 */
// eslint-disable-next-line max-lines-per-function -- the remembered weeks, the one computation in flight and the sliced walk over the weeks share this closure
export function createTrendSeries(db: Db, clock: Clock, engine: ReadinessEngine, background: Background = createBackground()) {
  const stamps = createVersionReader(db);
  const councilIdsOf = db.$client.prepare('select id from councils order by id').pluck();
  const councilOfItem = db.$client.prepare('select council_id from rollout_items where id = ?').pluck();
  const remembered = createRememberedWeeks(db);
  const inFlight = new Map<string, Promise<unknown>>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Trends running or queued as background work, until a request asks for one. */
  const lanes = new Set<Lane>();

  const partOf = (items: ItemReadiness[]): Part => {
    if (items.length === 0) return NO_ITEMS;
    const part: Part = { scores: [], red: 0, amber: 0, green: 0, live: 0, worst: null };
    const rags: Rag[] = [];
    for (const item of items) {
      if (item.facts.status === 'cancelled') continue;
      const evaluation = currentEvaluation(item);
      if (evaluation.score !== null) part.scores.push(evaluation.score);
      part[evaluation.rag] += 1;
      rags.push(evaluation.rag);
      if (item.progress.live) part.live += 1;
    }
    part.worst = rags.length ? worst(rags) : null;
    // A list grown by push keeps room for sixteen; the part may be kept for long, so it keeps a list of its size.
    if (part.scores.length > 0) part.scores = part.scores.slice();
    return part;
  };

  async function compute(query: TrendQuery & { from: string; to: string }, weeks: string[], turn: () => Promise<unknown> = nextTurn) {
    const versions = stamps.all();
    remembered.sync(versions);
    const councilIds = query.scope === 'council' ? [query.id!]
      : query.scope === 'item' ? [councilOfItem.get(query.id!) as number | undefined].filter((c): c is number => c !== undefined)
        : (councilIdsOf.all() as number[]);
    const filter = query.scope === 'wave' || query.scope === 'item' ? `${query.scope}:${query.id}` : 'all';
    const where = query.scope === 'wave' ? (f: { waveId: number | null }) => f.waveId === query.id
      : query.scope === 'item' ? (f: { itemId: number }) => f.itemId === query.id : undefined;
    const known = remembered.pointsOf(`${query.scope}|${query.id ?? ''}`, councilIds);
    const missing = weeks.filter((week) => !known.has(week));
    const series = new Map(councilIds.map((councilId) => [councilId, remembered.weeksOf(filter, councilId, versions)]));
    /** Each week ending's day number, which the remembered weeks are held by. */
    const days = new Map(weeks.map((week) => [week, epochDay(week)]));
    if (missing.length > 0) {
      try {
        await runSliced(engine.walkSteps({
          councilIds, where, versions,
          daysOf: (councilId) => missing.filter((week) => !series.get(councilId)!.has(days.get(week)!)),
          judged: (councilId, week, items) => series.get(councilId)!.set(days.get(week)!, partOf(items)),
        }), SLICE_MS, turn);
      } finally {
        // Counted again even when the walk failed part way: the weeks it held by then count towards the limit too.
        for (const councilId of councilIds) remembered.resize(filter, councilId);
      }
    }

    const pause = slicePause(SLICE_MS, turn);
    for (const [i, weekEnding] of missing.entries()) {
      // Remembered weeks are added up quickly, but a burst of long trends still takes turns with other requests:
      // the loop is handed back every half year of points, as well as whenever a slice runs long.
      if (i % WEEKS_A_TURN === WEEKS_A_TURN - 1) await turn();
      const total = { scoreSum: 0, scored: 0, red: 0, amber: 0, green: 0, live: 0 };
      const rags: Rag[] = [];
      const day = days.get(weekEnding)!;
      for (const councilId of councilIds) {
        const part = series.get(councilId)!.get(day)!;
        for (const score of part.scores) total.scoreSum += score;
        total.scored += part.scores.length;
        total.red += part.red;
        total.amber += part.amber;
        total.green += part.green;
        total.live += part.live;
        if (part.worst) rags.push(part.worst);
      }
      known.set(weekEnding, {
        weekEnding,
        score: total.scored ? Math.round((total.scoreSum / total.scored) * 10) / 10 : null,
        rag: worst(rags),
        red: total.red, amber: total.amber, green: total.green, live: total.live,
      });
      await pause();
    }
    const points = weeks.map((week) => ({ ...known.get(week)! }));
    if (query.scope === 'item' && points.every((p) => p.red + p.amber + p.green === 0)) throw notFound('Rollout item', query.id!);
    return { scope: query.scope, id: query.id ?? null, points };
  }

  return {
    /**
     * The programme's longest trend, up to today, made in the background after start (dashboard/routes.ts): its
     * council-weeks are then remembered for every trend that asks for any of them.
     */
    async warm(): Promise<void> {
      const to = today(clock);
      await this.trend({ scope: 'programme', from: isoDay(subWeeks(parseISO(to), MAX_TREND_WEEKS - 2)), to }, { background: true });
    },

    /**
     * `background`: made as background work (http/background.ts), letting the requests being served go first, until a
     * request asks for any trend: then whatever is running or queued goes at full pace, as the request waits for it.
     */
    async trend(query: TrendQuery, options: { background?: boolean } = {}) {
      if (query.scope !== 'programme' && query.id === undefined) throw badRequest(`A ${query.scope} trend needs an id.`, [{ field: 'id', message: 'is required for this scope' }]);
      const to = query.to ?? today(clock);
      const from = query.from ?? isoDay(subWeeks(parseISO(to), 26));
      assertDateRange({ from, to });
      const weeks: string[] = [];
      for (let d = endOfWeek(parseISO(from), { weekStartsOn: 1 }); isoDay(d) <= to || weeks.length === 0; d = addWeeks(d, 1)) {
        weeks.push(isoDay(d));
        if (weeks.length > MAX_TREND_WEEKS) throw badRequest('Ask for at most five years of weekly points.', [{ field: 'from', message: 'is too far back' }]);
      }
      const key = `${query.scope}|${query.id ?? ''}|${from}|${to}`;
      if (!options.background) for (const lane of lanes) lane.promote();
      const running = inFlight.get(key);
      if (running) return running as ReturnType<typeof compute>;
      const lane = options.background ? background.lane() : undefined;
      if (lane) lanes.add(lane);
      // One at a time: a burst of long trends waits its turn instead of multiplying the work in parallel.
      const result = queue.then(() => compute(extend(query, { from, to }), weeks, lane?.turn)).finally(() => lane && lanes.delete(lane));
      queue = result.catch(() => undefined);
      inFlight.set(key, result);
      try {
        return await result;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

export type TrendSeries = ReturnType<typeof createTrendSeries>;
