import { addMonths, format, parseISO } from 'date-fns';
import { tz } from '@date-fns/tz';
import type { Db } from '../../db/database.ts';
import type { Region } from '../../db/schema.ts';
import { today as todayOf, type Clock } from '../../domain/clock.ts';
import { itemSlip, type ItemSlip } from '../../domain/progress.ts';
import type { ItemStatus } from '../../db/schema.ts';
import { runNow, runSliced, type Steps } from '../../http/steps.ts';
import { REGION_NAMES, bankHolidays, workingCalendar } from '../../domain/working-days.ts';
import { badRequest } from '../../http/errors.ts';
import { baselineFor } from '../baselines/read-model.ts';
import { createProgressStore } from '../progress/read-model.ts';
import { createResponseCache, type CachedResponse } from '../../read-models/response-cache.ts';
import { readSettings } from '../settings/read-model.ts';
import { createCapacityReader } from './capacity.ts';
import { blackoutCovers, createPlanState } from './plan-state.ts';
import type { Timeline } from './timeline-schema.ts';

/** Read by the RAID log: the plan's dependencies and whether the plan keeps each (a RAID dependency's link). */
export { createPlanState, type DependencyRow } from './plan-state.ts';

const UTC = tz('UTC');
const shift = (day: string, months: number) => format(addMonths(parseISO(day, { in: UTC }), months, { in: UTC }), 'yyyy-MM-dd', { in: UTC });
const MAX_SPAN_DAYS = 366 * 5;

/**
 * The timeline: councils as rows with their items as bars (planned, baseline, actual), waves as bands with their
 * gate reviews, bank holidays of the regions in use and blackouts as shaded periods, milestones, and every
 * dependency check. Built once per day and state of the plan: reused until a write that could change it.
 */
// eslint-disable-next-line max-lines-per-function -- the read model's factory: its statements, the response cache and the sliced build share one closure
export function createTimelineReadModel(db: Db, clock: Clock, options: { sliceMs?: number } = {}) {
  const state = createPlanState(db);
  const progress = createProgressStore(db);
  // A timeline at 400 councils is about 770 KB of JSON: room for a few days and ranges.
  const cache = createResponseCache(db, clock, { today: 8 * 1024 * 1024, asOf: 2 * 1024 * 1024 });
  const capacity = createCapacityReader(db);

  /**
   * The build, written once with pauses (http/steps.ts): a request runs it in slices that hand the event loop back
   * every few milliseconds, so the first timeline after a plan change does not hold up every other request.
   * Each read is one statement; the pauses fall between reads and inside the per-item loops.
   */
  function* build(today: string, from: string | undefined, to: string | undefined): Steps<Timeline> {
    const items = state.items();
    yield;
    const baseline = baselineFor(db, today);
    const frozen = progress.baselineFacts(baseline?.id);
    yield;
    // The items' standing against the baseline from the plan rows already read (no headcounts needed).
    const judged = new Map<number, ItemSlip>();
    for (const i of items) {
      judged.set(i.itemId, itemSlip({ ...i, status: i.status as ItemStatus }, frozen.get(i.itemId), today));
      if (judged.size % 512 === 0) yield;
    }
    const days = items.flatMap((i) => [i.day, judged.get(i.itemId)?.baselineGoLive ?? null]).filter((d): d is string => d !== null);
    const waves = state.waves();
    const all = [...days, ...waves.map((w) => w.plannedGoLive), today].sort();
    const start = from ?? shift(all[0]!.slice(0, 8) + '01', -1);
    const end = to ?? shift(all[all.length - 1]!.slice(0, 8) + '01', 2);
    if (end < start) throw badRequest('"to" is before "from".', [{ field: 'to', message: 'must be on or after from' }]);
    if (workingCalendar().calendarDaysBetween(start, end) > MAX_SPAN_DAYS) throw badRequest('The timeline spans at most five years.', [{ field: 'to', message: 'at most five years after from' }]);

    const blackouts = state.blackouts();
    const checks = yield* state.checkSteps(items);
    const brokenByItem = new Map<number, number>();
    for (const c of checks) if (c.broken) brokenByItem.set(c.afterItemId, (brokenByItem.get(c.afterItemId) ?? 0) + 1);

    const councils = new Map<number, Timeline['councils'][number]>();
    let done = 0;
    for (const i of items) {
      if (++done % 256 === 0) yield;
      const row = councils.get(i.councilId) ?? { id: i.councilId, name: i.councilName, region: i.region, items: [] };
      councils.set(i.councilId, row);
      const p = judged.get(i.itemId);
      const clashes = i.day === null || i.actualGoLive !== null ? [] : state.constraintsOn(i.day, i.councilId, workingCalendar(i.region), blackouts);
      row.items.push({
        itemId: i.itemId, featureId: i.featureId, featureName: i.featureName, waveId: i.waveId, status: i.status as never,
        plannedGoLive: i.plannedGoLive, baselineGoLive: p?.baselineGoLive ?? null, actualGoLive: i.actualGoLive,
        slippageDays: p?.slippageDays ?? null, clashes, brokenDependencies: brokenByItem.get(i.itemId) ?? 0,
      });
    }

    const regions = [...new Set(items.map((i) => i.region))].sort() as Region[];
    const periods: Timeline['periods'] = [];
    for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year += 1) {
      yield;
      for (const region of regions) {
        for (const [day, name] of bankHolidays(region, year)) {
          if (day >= start && day <= end && !workingCalendar(region).isWeekend(day)) {
            periods.push({ kind: 'holiday', name: `${name} (${REGION_NAMES[region]})`, from: day, to: day, councilId: null, region });
          }
        }
      }
    }
    for (const b of blackouts) {
      if (!b.repeatsMonthly) {
        if (b.endsOn >= start && b.startsOn <= end) periods.push({ kind: 'blackout', name: b.name, from: b.startsOn, to: b.endsOn, councilId: b.councilId, region: null });
        continue;
      }
      // Each month's occurrence within the range: its first and last covered day.
      for (let month = b.startsOn.slice(0, 7) + '-01'; month <= end && (b.repeatsUntil === null || month <= b.repeatsUntil); month = shift(month, 1)) {
        let first: string | null = null;
        let last: string | null = null;
        for (let d = month; d.slice(0, 7) === month.slice(0, 7); d = workingCalendar().addCalendarDays(d, 1)) {
          if (blackoutCovers(b, d)) { first ??= d; last = d; }
        }
        if (first && last && last >= start && first <= end) periods.push({ kind: 'blackout', name: b.name, from: first, to: last, councilId: b.councilId, region: null });
      }
    }
    periods.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    yield;

    const { gateReviews } = state.datedEvents(today);
    yield;
    const reviewOf = new Map(gateReviews.map((g) => [g.waveId, g.day]));
    return {
      today, from: start, to: end, baselineId: baseline?.id ?? null, dependencyRule: readSettings(db).dependencyRule,
      councils: [...councils.values()].sort((a, b) => a.name.localeCompare(b.name)),
      waves: waves.map((w) => ({ id: w.id, name: w.name, status: w.status, plannedGoLive: w.plannedGoLive, gateReview: reviewOf.get(w.id)! })),
      periods,
      milestones: state.milestones().map((m) => ({ id: m.id, name: m.name, kind: m.kind, onDay: m.onDay })),
      dependencies: checks,
      overBooked: capacity.overBooked(items),
    };
  }

  /** The timeline as JSON, its long lists (councils, dependency checks) a piece at a time. */
  function* jsonSteps(timeline: Timeline): Steps<string> {
    const { councils, dependencies, ...rest } = timeline;
    const list = function* (rows: unknown[]): Steps<string> {
      const parts: string[] = [];
      for (const row of rows) {
        parts.push(JSON.stringify(row));
        if (parts.length % 50 === 0) yield;
      }
      return `[${parts.join(',')}]`;
    };
    const councilsJson = yield* list(councils);
    const dependenciesJson = yield* list(dependencies);
    return `${JSON.stringify(rest).slice(0, -1)},"councils":${councilsJson},"dependencies":${dependenciesJson}}`;
  }

  // Every read-model version at once (they only grow): a build that saw them move did not read one state of the plan.
  const versions = db.$client.prepare("select coalesce(sum(version), 0) || ':' || count(*) from read_model_versions").pluck();
  const building = new Map<string, Promise<CachedResponse>>();

  /**
   * The sliced build, made again (at most twice) if a write landed while it was being made, so it never mixes two
   * states of the plan; then written out as JSON in slices too (at 400 councils one JSON.stringify of the whole took
   * 10 ms on a quiet machine and over 100 ms on a busy one).
   */
  async function buildSliced(today: string, from: string | undefined, to: string | undefined): Promise<string> {
    for (let attempt = 1; ; attempt += 1) {
      const before = versions.get();
      const built = await runSliced(build(today, from, to), options.sliceMs);
      if (versions.get() === before || attempt === 3) return runSliced(jsonSteps(built), options.sliceMs);
    }
  }

  /**
   * Kept as a serialised response (compressed by sendCached the first time a client asks for each encoding, off the
   * event loop for a large body, with its ETag) and
   * reused while the read-model versions of every scope hold (read-model-scopes.ts: the plan, councils, features,
   * waves, settings, baselines, blackouts, milestones and dependencies bump them), so writes to anything else
   * (sign-ins, the audit trail, notifications) do not throw it away. JSON.stringify, not the schema's serialiser
   * (~270 ms at 400 councils: its nullable dates are checked one by one); the object is built from the schema's
   * own types, so it conforms. Requests that arrive while it is being built wait for the same build.
   */
  function responseAsync(query: { from?: string; to?: string }): Promise<CachedResponse> {
    const today = todayOf(clock);
    const key = `timeline|${today}|${query.from ?? ''}|${query.to ?? ''}`;
    const pending = building.get(key);
    if (pending) return pending;
    const made = cache.getAsync(key, (json: string) => json, () => buildSliced(today, query.from, query.to), { scope: 'programme', day: today })
      .finally(() => building.delete(key));
    building.set(key, made);
    return made;
  }

  /** The same straight through, for callers that cannot wait (tests, scripts). */
  function response(query: { from?: string; to?: string }): CachedResponse {
    const today = todayOf(clock);
    return cache.get(`timeline|${today}|${query.from ?? ''}|${query.to ?? ''}`, JSON.stringify, () => runNow(build(today, query.from, query.to)), { scope: 'programme', day: today });
  }

  return {
    timeline: (query: { from?: string; to?: string } = {}): Timeline => JSON.parse(response(query).json.toString('utf8')) as Timeline,
    response,
    responseAsync,
  };
}
