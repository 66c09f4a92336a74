import { addWeeks, endOfWeek, parseISO, subWeeks } from 'date-fns';
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.ts';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import { worst, type Rag } from '../../domain/readiness.ts';
import { assertDateRange, badRequest, notFound } from '../../http/errors.ts';
import { slicePause } from '../../http/steps.ts';
import { createVersionReader, type Versions } from '../../read-models/scopes.ts';
import { currentEvaluation, type ReadinessEngine } from '../readiness/read-model.ts';

/** The longest trend anyone may ask for: five years of weekly points. */
export const MAX_TREND_WEEKS = 260;
/** Council-weeks remembered: 400 councils × five years fit twice over, at ~100 bytes each. */
const MAX_REMEMBERED = 250_000;

export interface TrendQuery {
  scope: 'programme' | 'council' | 'wave' | 'item';
  id?: number;
  from?: string;
  to?: string;
}

/**
 * One council's share of one week. The item scores are kept, not their sum, so the programme's mean adds them in
 * the same order as judging every item at once would: floating-point sums depend on the order.
 */
interface Part {
  scores: number[];
  red: number;
  amber: number;
  green: number;
  live: number;
  worst: Rag | null;
}

/**
 * Weekly points (week ending Sunday) of the mean score and the RAG mix of the items in scope: the score is the
 * mean of item scores (readiness before go-live, adoption after); the RAG is the worst.
 *
 * Built from council-weeks, each judged once and remembered (keyed by the programme's and the council's read-model
 * versions, so any write that could change it makes it be judged again), and computed in slices that give the
 * event loop back every few milliseconds: the longest allowed trend never holds up other requests. One trend is
 * computed at a time; identical requests in flight share one computation.
 */
// eslint-disable-next-line max-lines-per-function -- the series' cache, the one computation in flight and the sliced walk over the weeks share this closure
export function createTrendSeries(db: Db, clock: Clock, engine: ReadinessEngine) {
  const stamps = createVersionReader(db);
  const councilIdsOf = db.$client.prepare('select id from councils order by id').pluck();
  const councilOfItem = db.$client.prepare('select council_id from rollout_items where id = ?').pluck();
  const remembered = new LRUCache<string, { version: string; part: Part }>({
    // Bounded by count through maxSize, not max: max makes lru-cache set aside room for all 250,000 up front.
    maxSize: MAX_REMEMBERED, sizeCalculation: () => 1,
  });
  const inFlight = new Map<string, Promise<unknown>>();
  let queue: Promise<unknown> = Promise.resolve();

  function partOf(councilId: number, week: string, filter: TrendQuery, version: string, versions: Versions): Part {
    const key = `${filter.scope}|${filter.id ?? ''}|${councilId}|${week}`;
    const hit = remembered.get(key);
    if (hit && hit.version === version) return hit.part;
    const where = filter.scope === 'wave' ? (f: { waveId: number | null }) => f.waveId === filter.id
      : filter.scope === 'item' ? (f: { itemId: number }) => f.itemId === filter.id : undefined;
    const { items } = engine.evaluateItems({ asOf: week, councilIds: [councilId], where, cache: false, versions });
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
    remembered.set(key, { version, part });
    return part;
  }

  async function compute(query: TrendQuery & { from: string; to: string }, weeks: string[]) {
    const versions = stamps.all();
    const councilIds = query.scope === 'council' ? [query.id!]
      : query.scope === 'item' ? [councilOfItem.get(query.id!) as number | undefined].filter((c): c is number => c !== undefined)
        : (councilIdsOf.all() as number[]);
    const pause = slicePause();
    const points = [];
    for (const weekEnding of weeks) {
      const total = { scoreSum: 0, scored: 0, red: 0, amber: 0, green: 0, live: 0 };
      const rags: Rag[] = [];
      for (const councilId of councilIds) {
        const part = partOf(councilId, weekEnding, query, stamps.councilStamp(councilId, versions), versions);
        for (const score of part.scores) total.scoreSum += score;
        total.scored += part.scores.length;
        total.red += part.red;
        total.amber += part.amber;
        total.green += part.green;
        total.live += part.live;
        if (part.worst) rags.push(part.worst);
        await pause();
      }
      points.push({
        weekEnding,
        score: total.scored ? Math.round((total.scoreSum / total.scored) * 10) / 10 : null,
        rag: worst(rags),
        red: total.red, amber: total.amber, green: total.green, live: total.live,
      });
    }
    if (query.scope === 'item' && points.every((p) => p.red + p.amber + p.green === 0)) throw notFound('Rollout item', query.id!);
    return { scope: query.scope, id: query.id ?? null, points };
  }

  return {
    async trend(query: TrendQuery) {
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
      const running = inFlight.get(key);
      if (running) return running as ReturnType<typeof compute>;
      // One at a time: a burst of long trends waits its turn instead of multiplying the work in parallel.
      const result = queue.then(() => compute({ ...query, from, to }, weeks));
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
