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
import { createBaselineLookup } from '../baselines/read-model.ts';
import { createResponseCache, type CachedResponse } from '../../read-models/response-cache.ts';
import { readSettings } from '../settings/read-model.ts';
import { createCapacityReader } from './capacity.ts';
import { blackoutCovers, createPlanState, type BlackoutRow } from './plan-state.ts';
import { paging, type Timeline, type TimelineQuery } from './timeline-schema.ts';
import { extend } from '../../domain/objects.ts';

/** The timeline of every council, from which each page is cut. */
type WholeTimeline = Omit<Timeline, 'councilPage'>;

/** Read by the RAID log: the plan's dependencies and whether the plan keeps each (a RAID dependency's link). */
export { createPlanState, type DependencyRow } from './plan-state.ts';

const UTC = tz('UTC');
const shift = (day: string, months: number) => format(addMonths(parseISO(day, { in: UTC }), months, { in: UTC }), 'yyyy-MM-dd', { in: UTC });
const MAX_SPAN_DAYS = 366 * 5;

/** The shaded periods of a range: weekday bank holidays of the regions in use, and blackouts month by month. */
function* periodSteps(start: string, end: string, regions: Region[], blackouts: BlackoutRow[]): Steps<WholeTimeline['periods']> {
  const periods: WholeTimeline['periods'] = [];
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
    yield;
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
  return periods;
}

/**
 * The timeline: councils as rows with their items as bars (planned, baseline, actual), waves as bands with their
 * gate reviews, bank holidays of the regions in use and blackouts as shaded periods, milestones, and every
 * dependency check. Built once per day and state of the plan: reused until a write that could change it.
 */
// eslint-disable-next-line max-lines-per-function -- the read model's factory: its statements, the response cache and the sliced build share one closure
export function createTimelineReadModel(db: Db, clock: Clock, options: { sliceMs?: number } = {}) {
  const state = createPlanState(db);
  // A page of 50 councils is about 100 KB of JSON at 400 councils, all 400 about 770 KB: room for a few days and ranges.
  const cache = createResponseCache(db, clock, { today: 8 * 1024 * 1024, asOf: 2 * 1024 * 1024 });
  const capacity = createCapacityReader(db);
  const baselineLookup = createBaselineLookup(db);

  /**
   * The build, written once with pauses (http/steps.ts): a request runs it in slices that hand the event loop back
   * every few milliseconds, so the first timeline after a plan change does not hold up every other request.
   * The plan's items and the baseline's are read a few hundred a statement; the pauses fall between reads and every
   * few dozen items or dependency checks (no step over ~10 ms at 400 councils on a quiet machine: docs/timeline.md).
   */
  function* build(today: string, from: string | undefined, to: string | undefined): Steps<WholeTimeline> {
    const items = yield* state.itemSteps();
    yield;
    const baseline = baselineLookup.inForce(today);
    yield;
    const frozen = yield* state.baselineSteps(baseline?.id);
    yield;
    // The items' standing against the baseline from the plan rows already read (no headcounts needed).
    const judged = new Map<number, ItemSlip>();
    for (const i of items) {
      judged.set(i.itemId, itemSlip(extend(i, { status: i.status as ItemStatus }), frozen.get(i.itemId), today));
      if (judged.size % 32 === 0) yield;
    }
    yield;
    const days = items.flatMap((i) => [i.day, judged.get(i.itemId)?.baselineGoLive ?? null]).filter((d): d is string => d !== null);
    const waves = state.waves();
    // The first and last day of the plan without sorting every day.
    let first = today;
    let last = today;
    for (const d of [...days, ...waves.map((w) => w.plannedGoLive)]) {
      if (d < first) first = d;
      if (d > last) last = d;
    }
    const start = from ?? shift(first.slice(0, 8) + '01', -1);
    const end = to ?? shift(last.slice(0, 8) + '01', 2);
    if (end < start) throw badRequest('"to" is before "from".', [{ field: 'to', message: 'must be on or after from' }]);
    if (workingCalendar().calendarDaysBetween(start, end) > MAX_SPAN_DAYS) throw badRequest('The timeline spans at most five years.', [{ field: 'to', message: 'at most five years after from' }]);

    yield;
    // Each region's bank holidays of every year in play, one region and year a step: reading a year's holidays the
    // first time in a process (the date-holidays rules) is the slowest single thing in the build (tens of ms).
    const regions = [...new Set(items.map((i) => i.region))].sort() as Region[];
    const lastYear = Number((last > end ? last : end).slice(0, 4)) + 1;
    for (let year = Number((first < start ? first : start).slice(0, 4)); year <= lastYear; year += 1) {
      for (const region of regions) {
        bankHolidays(region, year);
        yield;
      }
    }

    const blackouts = state.blackouts();
    yield;
    const checks = yield* state.checkSteps(items);
    yield;
    const brokenByItem = new Map<number, number>();
    for (const c of checks) if (c.broken) brokenByItem.set(c.afterItemId, (brokenByItem.get(c.afterItemId) ?? 0) + 1);

    const councils = new Map<number, WholeTimeline['councils'][number]>();
    let done = 0;
    for (const i of items) {
      if (++done % 64 === 0) yield;
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

    const periods = yield* periodSteps(start, end, regions, blackouts);
    yield;

    const reviewOf = state.gateReviewDays();
    yield;
    const overBooked = capacity.overBooked(items);
    yield;
    return {
      today, from: start, to: end, baselineId: baseline?.id ?? null, dependencyRule: readSettings(db).dependencyRule,
      councils: [...councils.values()].sort((a, b) => a.name.localeCompare(b.name)),
      waves: waves.map((w) => ({ id: w.id, name: w.name, status: w.status, plannedGoLive: w.plannedGoLive, gateReview: reviewOf.get(w.id)! })),
      periods,
      milestones: state.milestones().map((m) => ({ id: m.id, name: m.name, kind: m.kind, onDay: m.onDay })),
      dependencies: checks,
      overBooked,
    };
  }

  /**
   * One page of councils (by name) of the whole timeline, with what concerns them: the dependency checks either
   * end of which is on the page, their over-booked weeks, the bank holidays of their regions and the blackouts of
   * all councils or of theirs. The range, the waves and the milestones are the whole plan's, so every page shares
   * one time axis.
   */
  function pageOf(whole: WholeTimeline, offset: number, limit: number): Timeline {
    const councils = whole.councils.slice(offset, offset + limit);
    const onPage = new Set(councils.map((c) => c.id));
    const itemsOnPage = new Set(councils.flatMap((c) => c.items.map((i) => i.itemId)));
    const regions = new Set<string | null>(councils.map((c) => c.region));
    return extend(whole, {
      councils,
      councilPage: { total: whole.councils.length, limit, offset },
      periods: whole.periods.filter((x) => (x.kind === 'holiday' ? regions.has(x.region) : x.councilId === null || onPage.has(x.councilId))),
      dependencies: whole.dependencies.filter((d) => itemsOnPage.has(d.afterItemId) || (d.beforeItemId !== null && itemsOnPage.has(d.beforeItemId))),
      overBooked: whole.overBooked.filter((w) => onPage.has(w.councilId)),
    });
  }

  /** The timeline as JSON, its long lists (councils, dependency checks) a piece at a time. */
  function* jsonSteps(timeline: Timeline): Steps<string> {
    const { councils, dependencies, ...rest } = timeline;
    const list = function* (rows: unknown[]): Steps<string> {
      const parts: string[] = [];
      for (const row of rows) {
        parts.push(JSON.stringify(row));
        if (parts.length % 25 === 0) yield;
      }
      return `[${parts.join(',')}]`;
    };
    const councilsJson = yield* list(councils);
    const dependenciesJson = yield* list(dependencies);
    return `${JSON.stringify(rest).slice(0, -1)},"councils":${councilsJson},"dependencies":${dependenciesJson}}`;
  }

  // Every read-model version at once (they only grow): a build that saw them move did not read one state of the plan.
  const versionsRead = db.$client.prepare("select coalesce(sum(version), 0) || ':' || count(*) from read_model_versions").pluck();
  const versions = { get: (): string => versionsRead.get() as string };
  const building = new Map<string, Promise<CachedResponse>>();

  /**
   * The whole timeline of a day and range, kept (the last two ranges: a few MB of heap each at 400 councils) while
   * the read-model versions hold, so the pages of one state of the plan are cut from one build; and the builds
   * under way, shared by the pages that wait.
   */
  const wholes = new Map<string, { versions: string; timeline: WholeTimeline }>();
  const wholesBuilding = new Map<string, Promise<WholeTimeline>>();
  const WHOLES_KEPT = 2;
  const keepWhole = (key: string, stamp: string, timeline: WholeTimeline) => {
    // Not kept from inside a transaction: a rollback leaves versions the next committed writes take again.
    if (db.$client.inTransaction) return timeline;
    wholes.delete(key);
    wholes.set(key, { versions: stamp, timeline });
    for (const old of wholes.keys()) if (wholes.size > WHOLES_KEPT) wholes.delete(old);
    return timeline;
  };
  const keptWhole = (key: string): WholeTimeline | undefined => {
    const kept = wholes.get(key);
    return kept && kept.versions === versions.get() ? kept.timeline : undefined;
  };

  /**
   * The sliced build, made again (at most twice) if a write landed while it was being made, so it never mixes two
   * states of the plan.
   */
  function wholeAsync(today: string, from: string | undefined, to: string | undefined): Promise<WholeTimeline> {
    const key = `${today}|${from ?? ''}|${to ?? ''}`;
    const kept = keptWhole(key);
    if (kept) return Promise.resolve(kept);
    const pending = wholesBuilding.get(key);
    if (pending) return pending;
    const made = (async () => {
      for (let attempt = 1; ; attempt += 1) {
        const before = versions.get();
        const built = await runSliced(build(today, from, to), options.sliceMs);
        if (versions.get() === before || attempt === 3) return keepWhole(key, before, built);
      }
    })().finally(() => wholesBuilding.delete(key));
    wholesBuilding.set(key, made);
    return made;
  }

  const pageKey = (today: string, q: TimelineQuery) => {
    const { offset, limit } = paging(q);
    return { offset, limit, key: `timeline|${today}|${q.from ?? ''}|${q.to ?? ''}|${offset}|${limit}` };
  };

  /**
   * Each page kept as a serialised response (compressed by sendCached the first time a client asks for each
   * encoding, off the event loop for a large body, with its ETag) and reused while the read-model versions of every
   * scope hold (read-model-scopes.ts: the plan, councils, features, waves, settings, baselines, blackouts,
   * milestones and dependencies bump them), so writes to anything else (sign-ins, the audit trail, notifications)
   * do not throw it away. JSON.stringify in slices, not the schema's serialiser (~270 ms at 400 councils: its
   * nullable dates are checked one by one); the object is built from the schema's own types, so it conforms.
   * Requests that arrive while it is being made wait for the same build.
   */
  function responseAsync(query: TimelineQuery): Promise<CachedResponse> {
    const today = todayOf(clock);
    const { key, offset, limit } = pageKey(today, query);
    const pending = building.get(key);
    if (pending) return pending;
    const page = async () => runSliced(jsonSteps(pageOf(await wholeAsync(today, query.from, query.to), offset, limit)), options.sliceMs);
    const made = cache.getAsync(key, (json: string) => json, page, { scope: 'programme', day: today })
      .finally(() => building.delete(key));
    building.set(key, made);
    return made;
  }

  /** The same straight through, for callers that cannot wait (tests, scripts). */
  function response(query: TimelineQuery): CachedResponse {
    const today = todayOf(clock);
    const { key, offset, limit } = pageKey(today, query);
    return cache.get(key, JSON.stringify, () => {
      const wholeKey = `${today}|${query.from ?? ''}|${query.to ?? ''}`;
      const stamp = versions.get();
      const whole = keptWhole(wholeKey) ?? keepWhole(wholeKey, stamp, runNow(build(today, query.from, query.to)));
      return pageOf(whole, offset, limit);
    }, { scope: 'programme', day: today });
  }

  return {
    timeline: (query: TimelineQuery = {}): Timeline => JSON.parse(response(query).json.toString('utf8')) as Timeline,
    response,
    responseAsync,
  };
}
