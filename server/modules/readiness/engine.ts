import { parseISO, subDays } from 'date-fns';
import { LRUCache } from 'lru-cache';
import { isoDay, today, type Clock } from '../../domain/clock.ts';
import type { Db } from '../../db/database.ts';
import { createReadModelCache, type CacheBudget } from '../../read-models/cache.ts';
import { createVersionReader, globalScope, type Versions } from '../../read-models/scopes.ts';
import { groupBy } from '../../domain/group-by.ts';
import { runNow, type Steps } from '../../http/steps.ts';
import { itemProgress, type ItemProgress } from '../../domain/progress.ts';
import { appliesTo, evaluate, rampFor, type CriterionRule, type Evaluation, type JudgementMemo, type RagSettings, type RampPoint, type ReadingPoint } from '../../domain/readiness.ts';
import { createBaselineLookup, type BaselineLookup } from '../baselines/read-model.ts';
import { createProgressStore, type ItemFactsRow } from '../progress/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import { createItemHistories } from './item-history.ts';
import { createReadinessStore, groupBySeries, readingKey, type CriterionRow, type KeyedReading, type OverrideRow, type RampRow } from './store.ts';
import { extend, interner } from '../../domain/objects.ts';
import { keptResults, shareKept, type KeptResults } from './kept-judgements.ts';

export interface ItemReadiness {
  facts: ItemFactsRow;
  progress: ItemProgress;
  /** Judged on readiness criteria. */
  readiness: Evaluation;
  /** Judged on adoption criteria once the item is live; null before. */
  adoption: Evaluation | null;
}

/** The evaluation that colours an item: adoption once live, readiness before. One rule for every screen and report. */
export const currentEvaluation = (item: ItemReadiness): Evaluation => item.adoption ?? item.readiness;

export interface EvaluateOptions {
  asOf: string;
  baselineId?: number;
  /** Only these councils (faster than filtering afterwards). */
  councilIds?: readonly number[];
  /** Restrict to these items (by predicate on their facts). */
  where?: (facts: ItemFactsRow) => boolean;
  /** Load each key's whole history, so "since when" is exact; otherwise only the latest reading (faster, cached). */
  withHistory?: boolean;
  /** Keep the result for the next request (default true). Trends, which sweep many dates, pass false. */
  cache?: boolean;
  /** The read-model versions already read by a caller that judges many council-days in one go (trends). */
  versions?: Versions;
  /**
   * Keep only each judgement's score and RAG, not its criteria and reasons (never with the cache): for a caller that
   * holds a whole pass only to compare colours, as a board report does with the start of its period.
   */
  slim?: boolean;
}

/**
 * The threshold that applies to an item: council-and-wave override, else council, else wave, else the
 * criterion's own. One place for the precedence rule.
 */
export function thresholdsFor(criterion: CriterionRow, overrides: OverrideRow[], councilId: number, waveId: number | null): { target: number; amberThreshold: number } {
  const mine = overrides.filter((o) => o.criterionId === criterion.id);
  const pick = mine.find((o) => o.councilId === councilId && o.waveId !== null && o.waveId === waveId)
    ?? mine.find((o) => o.councilId === councilId && o.waveId === null)
    ?? mine.find((o) => o.councilId === null && o.waveId !== null && o.waveId === waveId);
  return pick ? { target: pick.target, amberThreshold: pick.amberThreshold } : { target: criterion.target, amberThreshold: criterion.amberThreshold };
}

/**
 * The ramp in force on a day for each criterion: its latest row effective on or before asOf (rows come oldest
 * first). A ramp with no points ends the ramping.
 */
export function rampsOn(rows: RampRow[], asOf: string): Map<number, RampPoint[]> {
  const out = new Map<number, RampPoint[]>();
  for (const row of rows) if (row.effectiveFrom <= asOf) out.set(row.criterionId, row.points);
  return out;
}

/** What one day's judgements read besides the council's own readings: ramps and the programme-wide series. */
interface DayContext {
  ramps: Map<number, RampPoint[]>;
  programme: Map<number, ReadingPoint[]>;
}

/** One shared empty history, so "no readings" judgements are memoised too. */
const NO_READINGS: ReadingPoint[] = [];

/** An evaluation without its criteria and reasons (EvaluateOptions.slim). */
const slimmed = (e: Evaluation): Evaluation => ({ score: e.score, rag: e.rag, criteria: [], reasons: [], notDue: e.notDue, nothingDue: e.nothingDue });
const slimItem = (i: ItemReadiness): ItemReadiness => ({ facts: i.facts, progress: i.progress, readiness: slimmed(i.readiness), adoption: i.adoption && slimmed(i.adoption) });

/** Up to this many days of one council, trends judge each from its latest readings rather than reading the whole history. */
const FEW_DAYS = 8;

/** How far back an item's explanation reads first; a status that runs back further reads the whole history. */
const RECENT_HISTORY_DAYS = 182;

/** Lists of rules kept with the catalogue (a list per day, phase, audience, wave and go-live): some forty criteria each. */
const RULE_LISTS_KEPT = 512;

/**
 * Evaluated items the engine keeps by default (config READ_MODEL_CACHE_ITEMS and READ_MODEL_CACHE_AS_OF_ITEMS): an
 * item with its criteria is a few KB. Today's budget also grows to two whole passes over the programme (the
 * baseline in force and the original), whatever the configuration says.
 */
export const DEFAULT_ENGINE_BUDGET: CacheBudget = { today: 40_000, asOf: 10_000 };

/** Distinct texts of kept judgements held as one string each (kept-judgements.ts): about 5,300 in a day's pass at 400 councils. */
const TEXTS_KEPT = 65_536;

/**
 * Readiness and adoption of rollout items, computed from the catalogue and readings: the read model behind
 * every RAG. Results are cached per council and day, and reused while the council's and the programme's
 * read-model versions (kept by database triggers on every relevant write) are unchanged. Today's evaluations and
 * other days' have separate budgets (read-models/cache.ts), so "as of" views never push today's out.
 */
// eslint-disable-next-line max-lines-per-function -- the engine: its cache, catalogue and version stamps live in this closure, which evaluateSteps and evaluateItem share
export function createReadinessEngine(db: Db, clock: Clock, budget: CacheBudget = DEFAULT_ENGINE_BUDGET) {
  const store = createReadinessStore(db);
  const histories = createItemHistories(db);
  const progressStore = createProgressStore(db);
  const stamps = createVersionReader(db);
  const baselineLookup = createBaselineLookup(db);
  // Sized in items (an entry is one council's items), so a plan with more features per council is not under-budgeted.
  const cache = createReadModelCache<{ version: string; items: ItemReadiness[] }>({
    budget, today: () => today(clock), sizeOf: (entry) => entry.items.length + 1,
  });
  /** Councils judged afresh (not served from the cache) since the engine was made: the tests count rebuilds with it. */
  let councilsJudged = 0;
  const texts = interner(TEXTS_KEPT);
  let catalogue: {
    version: number; criteria: CriterionRow[]; overrides: OverrideRow[]; ramps: RampRow[]; settings: RagSettings; days: Map<string, DayContext>;
    /** Councils with thresholds of their own: only theirs depend on the council. */
    overridden: Set<number>;
    /** The rules an item is judged by, shared by every item (of any council) with the same day, phase, audience, wave and go-live. */
    rules: LRUCache<string, CriterionRule[]>;
    /** Kept results that say the same, one object each (kept-judgements.ts): a result names its criterion as the catalogue did. */
    results: KeptResults;
  } | undefined;

  const catalogueAt = (globalVersion: number) => {
    if (!catalogue || catalogue.version !== globalVersion) {
      const overrides = store.overrides();
      const made = {
        version: globalVersion, criteria: store.criteria(), overrides, ramps: store.ramps(), settings: readSettings(db), days: new Map(),
        overridden: new Set(overrides.flatMap((o) => (o.councilId === null ? [] : [o.councilId]))), rules: new LRUCache<string, CriterionRule[]>({ max: RULE_LISTS_KEPT }), results: keptResults(),
      };
      // Not kept when read inside a transaction (see evaluateSteps).
      if (db.$client.inTransaction) return made;
      catalogue = made;
    }
    return catalogue;
  };
  /** Ramps and programme-wide readings as of a day; both bump the programme's version, so they are kept with the catalogue. */
  const dayOf = (cat: NonNullable<typeof catalogue>, asOf: string): DayContext => {
    let day = cat.days.get(asOf);
    if (!day) {
      day = { ramps: rampsOn(cat.ramps, asOf), programme: store.programmeHistory(asOf) };
      cat.days.set(asOf, day);
      if (cat.days.size > 64) cat.days.delete(cat.days.keys().next().value!);
    }
    return day;
  };

  // A baseline is a frozen copy: its items never change, so each is read once (thousands of rows), not per evaluation.
  const frozenByBaseline = new Map<number, ReturnType<typeof progressStore.baselineFacts>>();
  const NO_BASELINE: ReturnType<typeof progressStore.baselineFacts> = new Map();
  const frozenOf = (baselineId: number | undefined) => {
    if (baselineId === undefined) return NO_BASELINE;
    let facts = frozenByBaseline.get(baselineId);
    if (!facts) {
      facts = progressStore.baselineFacts(baselineId);
      if (db.$client.inTransaction) return facts;
      frozenByBaseline.set(baselineId, facts);
      if (frozenByBaseline.size > 4) frozenByBaseline.delete(frozenByBaseline.keys().next().value!);
    }
    return facts;
  };

  const evaluateCouncil = (
    councilId: number, asOf: string, frozen: ReturnType<typeof progressStore.baselineFacts>, wholeHistory: boolean, cat: NonNullable<typeof catalogue>,
    onlyItem?: { itemId: number; featureId: number; readings: KeyedReading[] },
    planOf: (councilId: number) => ItemFactsRow[] = progressStore.itemFactsOf,
    latest?: KeyedReading[],
  ): ItemReadiness[] => {
    const items = planOf(councilId).filter((f) => !onlyItem || f.itemId === onlyItem.itemId);
    // A council with no items that day (not yet in the plan then) is judged without reading anything.
    if (items.length === 0) return [];
    const readings: KeyedReading[] = onlyItem ? onlyItem.readings : latest ?? (!wholeHistory ? store.latestOf(councilId, asOf) : store.historyOf(councilId, asOf));
    const byKey: Map<string, ReadingPoint[]> = groupBySeries(readings);
    const memo: JudgementMemo = new WeakMap();
    const day = dayOf(cat, asOf);
    // Readiness ramps towards the item's go-live as planned on asOf (the replayed plan for a past day).
    // The same rules serve every item with the same day, audience, wave and go-live, of any council without
    // thresholds of its own (read, never changed): kept with the catalogue, which any change to criteria, their
    // overrides, ramps or settings replaces.
    const rulesFor = (facts: ItemFactsRow, phase: CriterionRow['phase'], goLive: string | null): CriterionRule[] => {
      const key = `${asOf}|${phase}|${facts.audience}|${facts.waveId}|${goLive}|${cat.overridden.has(facts.councilId) ? facts.councilId : ''}`;
      const rules = cat.rules;
      let list = rules.get(key);
      if (!list) {
        list = cat.criteria
          .filter((c) => c.phase === phase && appliesTo(c, facts.audience))
          .map((c) => {
            const final = extend(c, thresholdsFor(c, cat.overrides, facts.councilId, facts.waveId));
            return phase === 'readiness' ? extend(final, rampFor(final, day.ramps.get(c.id), goLive, asOf)) : final;
          });
        rules.set(key, list);
      }
      return list;
    };
    return items.map((facts) => {
      const progress = itemProgress(facts, frozen.get(facts.itemId), asOf);
      const historyOf = (rule: CriterionRule) => (rule.scope === 'programme'
        ? day.programme.get(rule.id)
        : byKey.get(readingKey(rule.id, facts.councilId, rule.scope === 'feature' ? facts.featureId : null))) ?? NO_READINGS;
      return {
        facts,
        progress,
        readiness: evaluate(rulesFor(facts, 'readiness', progress.plannedGoLive), historyOf, asOf, cat.settings, progress.eligibleStaff, { wholeHistory, label: 'Readiness', memo }),
        adoption: progress.live ? evaluate(rulesFor(facts, 'adoption', null), historyOf, asOf, cat.settings, progress.eligibleStaff, { wholeHistory, label: 'Adoption', memo }) : null,
      };
    });
  };

  /**
   * Every council's items (or those asked for), as steps (http/steps.ts): a pause after each council judged
   * afresh, so a request can run a cold pass in slices and never hold the event loop for the whole programme.
   */
  function* evaluateSteps(options: EvaluateOptions): Steps<{ asOf: string; baseline: NonNullable<ReturnType<BaselineLookup['inForce']>> | null; settings: RagSettings; items: ItemReadiness[]; groups: ItemReadiness[][] }> {
    const { asOf } = options;
    const wholeHistory = options.withHistory ?? false;
    const useCache = !wholeHistory && !options.slim && (options.cache ?? true);
    // Nothing is kept from inside a transaction: one that rolls back leaves versions and reading ids that the next
    // committed writes take again, and an evaluation kept under them would show what never committed. What was kept
    // before still serves there while its council's versions hold (a council the transaction wrote to has moved on).
    const keep = useCache && !db.$client.inTransaction;
    const versions = options.versions ?? stamps.all();
    const cat = catalogueAt(versions.get(globalScope) ?? 0);
    const baseline = baselineLookup.inForce(asOf, options.baselineId) ?? null;
    const frozenFacts = () => frozenOf(baseline?.id);
    // A past day is judged on the plan as it stood then (replayed from plan_history), read once for every council.
    let pastPlan: Map<number, ItemFactsRow[]> | null | undefined;
    const planOf = (councilId: number): ItemFactsRow[] => {
      if (pastPlan === undefined) pastPlan = progressStore.isPast(asOf) ? groupBy(progressStore.itemFactsAt(asOf), (f) => f.councilId) : null;
      return pastPlan === null ? progressStore.itemFactsOf(councilId) : pastPlan.get(councilId) ?? [];
    };

    const items: ItemReadiness[] = [];
    /** Each council's items: the same array object while the council's cache entry holds (unless filtered). */
    const groups: ItemReadiness[][] = [];
    const councilIds = options.councilIds ?? store.councilIds();
    let passSize = 0;
    for (const councilId of councilIds) {
      const key = `${councilId}|${asOf}|${baseline?.id ?? 0}`;
      const version = stamps.councilStamp(councilId, versions);
      const hit = useCache ? cache.get(key, asOf) : undefined;
      let result: ItemReadiness[];
      if (hit && hit.version === version) {
        result = hit.items;
      } else {
        councilsJudged += 1;
        result = evaluateCouncil(councilId, asOf, frozenFacts(), wholeHistory, cat, undefined, planOf);
        if (options.slim) result = result.map(slimItem);
        if (keep) {
          shareKept(result, { text: texts, results: cat.results });
          cache.set(key, { version, items: result }, asOf);
        }
        yield;
      }
      passSize += result.length + 1;
      const kept = options.where ? result.filter((item) => options.where!(item.facts)) : result;
      groups.push(kept);
      for (const item of kept) items.push(item);
    }
    // Room for two whole passes of today (against the baseline in force and the original), whatever the budget.
    if (keep && !options.councilIds) cache.fitToday(2 * passSize);
    return { asOf, baseline, settings: cat.settings, items, groups };
  }
  const evaluateItems = (options: EvaluateOptions) => runNow(evaluateSteps(options));

  /**
   * Trends: each council's items judged at the end of each of many days, exactly as
   * `evaluateItems({ asOf: day, councilIds: [councilId], where, cache: false })` judges them one day at a time, but
   * from one read of the council's history walked forward through the days (the latest reading of each series moves
   * on as the days pass) instead of looking up every series' latest reading again for each day; a past day's plan
   * is replayed once for all councils. `judged` receives each council-day; a pause after each council's history read
   * and each council-day judged.
   */
  function* walkSteps(request: {
    councilIds: number[];
    daysOf: (councilId: number) => string[];
    where?: (facts: ItemFactsRow) => boolean;
    versions?: Versions;
    judged: (councilId: number, day: string, items: ItemReadiness[]) => void;
  }): Steps<void> {
    const cat = catalogueAt((request.versions ?? stamps.all()).get(globalScope) ?? 0);
    // A past day's plan is the history effective by then: replayed once for every council, and shared by the days
    // with no change taking effect between them (the last few plans kept).
    const effective = store.planEffectiveDays();
    const plans = new Map<string, Map<number, ItemFactsRow[]>>();
    /** The plan's items on a day, and whether it was replayed just now (a step of its own). */
    const planOn = (day: string): { of: (councilId: number) => ItemFactsRow[]; replayed: boolean } => {
      // As progressStore.isPast: the plan then differs from today's only if a change took effect after that day.
      if (!(effective.length > 0 && effective.at(-1)! > day)) return { of: progressStore.itemFactsOf, replayed: false };
      const key = effective.findLast((d) => d <= day) ?? '';
      let plan = plans.get(key);
      const replayed = !plan;
      if (!plan) {
        plan = groupBy(progressStore.itemFactsAt(day), (f) => f.councilId);
        plans.set(key, plan);
        if (plans.size > 32) plans.delete(plans.keys().next().value!);
      }
      const found = plan;
      return { of: (councilId) => found.get(councilId) ?? [], replayed };
    };
    const baselines = new Map<string, number | undefined>();
    const baselineOn = (day: string) => {
      if (!baselines.has(day)) baselines.set(day, baselineLookup.inForce(day)?.id);
      return baselines.get(day);
    };
    for (const councilId of request.councilIds) {
      const days = [...request.daysOf(councilId)].sort();
      if (!days.length) continue;
      const toJudge: Array<{ day: string; facts: ItemFactsRow[] }> = [];
      for (const day of days) {
        const plan = planOn(day);
        if (plan.replayed) yield;
        const facts = plan.of(councilId).filter((f) => !request.where || request.where(f));
        if (facts.length) toJudge.push({ day, facts });
        else request.judged(councilId, day, []);
      }
      // A few days are judged from each day's latest readings; more, from the whole history read once and walked.
      const series = toJudge.length <= FEW_DAYS ? undefined
        : [...groupBySeries(store.historyOf(councilId, toJudge.at(-1)!.day)).values()].map((history) => ({ history, next: 0 }));
      if (series) yield;
      for (const { day, facts } of toJudge) {
        let latest: KeyedReading[] | undefined;
        if (series) {
          latest = [];
          for (const s of series) {
            while (s.next < s.history.length && s.history[s.next]!.readingDate <= day) s.next += 1;
            if (s.next > 0) latest.push(s.history[s.next - 1]!);
          }
        }
        request.judged(councilId, day, evaluateCouncil(councilId, day, frozenOf(baselineOn(day)), false, cat, undefined, () => facts, latest));
        yield;
      }
      // Days with nothing to judge cost little each, but five years of them for every council add up.
      yield;
    }
  }

  /**
   * Evaluates one item with enough history for an exact "since when". Most statuses changed within the last
   * months, so the recent readings (plus each series' latest, for staleness) are read first; only when a status
   * runs back to the start of what was read is the item judged again on its whole history, which is then kept and
   * brought up to date on the next look (item-history.ts). Undefined when the item does not exist.
   */
  const evaluateItem = (itemId: number, asOf: string): ItemReadiness | undefined => {
    const item = progressStore.itemRef(itemId);
    if (!item) return undefined;
    const cat = catalogueAt(stamps.versionOf(globalScope));
    const baseline = baselineLookup.inForce(asOf) ?? null;
    const frozen = progressStore.baselineFactOf(baseline?.id, itemId);
    const planOf = (councilId: number) => (progressStore.isPast(asOf) ? progressStore.itemFactsAt(asOf).filter((f) => f.councilId === councilId) : progressStore.itemFactsOfItem(itemId));
    const judge = (readings: KeyedReading[]) => evaluateCouncil(item.councilId, asOf, frozen, true, cat, { itemId, featureId: item.featureId, readings }, planOf)[0];

    // A whole history kept from an earlier look at this item, brought up to date with the readings saved since.
    const inTransaction = db.$client.inTransaction;
    const kept = inTransaction ? undefined : histories.get(item.councilId, item.featureId, asOf);
    if (kept) return judge(kept);
    const after = isoDay(subDays(parseISO(asOf), RECENT_HISTORY_DAYS));
    const recent = store.historyOfItem(item.councilId, item.featureId, asOf, after);
    const seen = new Set(recent.map((r) => readingKey(r.criterionId, r.councilId, r.featureId)));
    const older = store.latestOf(item.councilId, asOf)
      .filter((r) => (r.featureId === null || r.featureId === item.featureId) && !seen.has(readingKey(r.criterionId, r.councilId, r.featureId)));
    const readings = [...older, ...recent];
    const firstRead = new Map<number, string>();
    for (const r of readings) if (!firstRead.has(r.criterionId) || r.readingDate < firstRead.get(r.criterionId)!) firstRead.set(r.criterionId, r.readingDate);

    const result = judge(readings);
    if (!result) return undefined;
    const runsBack = [...result.readiness.criteria, ...(result.adoption?.criteria ?? [])]
      .some((c) => !c.stale && c.since !== null && c.since === firstRead.get(c.criterionId));
    if (!runsBack) return result;
    const upTo = histories.highestId();
    const whole = store.historyOfItem(item.councilId, item.featureId, asOf);
    if (!inTransaction) histories.keep(item.councilId, item.featureId, asOf, upTo, whole);
    return judge(whole);
  };

  return {
    evaluateItems,
    evaluateSteps,
    evaluateItem,
    walkSteps,
    /** How many councils were judged afresh, and what the caches hold. */
    stats: () => ({ councilsJudged, cache: cache.stats(), itemHistories: histories.stats() }),
  };
}

/** One per app, made by the composition root (server/services.ts) and handed to every read model and the gates. */
export type ReadinessEngine = ReturnType<typeof createReadinessEngine>;
