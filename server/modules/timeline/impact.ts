import type { Statement } from 'better-sqlite3';
import { inTransaction, type Db } from '../../db/database.ts';
import { today as todayOf, type Clock } from '../../domain/clock.ts';
import { itemProgress, type ItemFacts } from '../../domain/progress.ts';
import { workingCalendar, type WorkingCalendar } from '../../domain/working-days.ts';
import { conflict } from '../../http/errors.ts';
import { createBaselineLookup } from '../baselines/read-model.ts';
import { createProgressStore } from '../progress/read-model.ts';

type ProgressStore = ReturnType<typeof createProgressStore>;
import { readSettings } from '../settings/read-model.ts';
import { createCapacityReader } from './capacity.ts';
import type { OverBooked } from './schemas.ts';
import { createPlanState, type PlanItem, type PlanState } from './plan-state.ts';

type CapacityReader = ReturnType<typeof createCapacityReader>;
import type { Clash, DependencyCheck, Impact } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

/**
 * What a plan change does, found by doing it: the plan is read, the change is made by the owning service's own
 * code, the plan is read again, and the two are compared. A preview then rolls the transaction back, so what it
 * reports is exactly what applying does (docs/timeline.md).
 */

const checkKey = (c: DependencyCheck) => `${c.dependencyId}|${c.afterItemId}|${c.beforeItemId ?? ''}|${c.milestoneId ?? ''}`;
const clashKey = (c: Clash) => `${c.what}|${c.id}|${c.day}|${c.reason}`;

interface Snapshot {
  days: Map<number, string | null>;
  labels: Map<number, string>;
  /** The items as read; their slippage is judged in compare(), only for those the change altered. */
  plan: Map<number, PlanItem>;
  broken: Map<string, DependencyCheck>;
  clashes: Map<string, Clash>;
  activities: Map<number, { label: string; day: string }>;
  gateReviews: Map<number, { label: string; day: string }>;
  overBooked: Map<string, OverBooked>;
}

/** What a preview reads: the items and waves the change is expected to touch (docs/timeline.md, "What-if"). */
export interface ChangeScope {
  itemIds: number[];
  waveIds: number[];
}

/** The plan as progress judges it, from the timeline's own item rows (the slippage needs nothing else). */
const factsOf = (i: PlanItem): ItemFacts => ({
  itemId: i.itemId, councilId: i.councilId, featureId: i.featureId, waveId: i.waveId, status: i.status as ItemFacts['status'],
  plannedGoLive: i.plannedGoLive, actualGoLive: i.actualGoLive, audience: 'employees', staffHeadcount: 0, managerHeadcount: 0, groupHeadcount: null,
});

/**
 * The parts of the plan a change can alter: over the whole plan, or (with `scope`) over the scope's items, the
 * dependency checks that involve them (read with their neighbours), and the scope's waves' activities and gate
 * reviews. Compared with the same scope after the change, the two give the same report as the whole plan would,
 * provided the change touched nothing outside the scope, which changeWithImpact checks from the plan history.
 */
function snapshot(state: PlanState, capacity: CapacityReader, today: string, office: WorkingCalendar, scope?: ChangeScope): Snapshot {
  const dependencyRows = state.dependencies();
  const inScope = scope ? new Set(scope.itemIds) : undefined;
  const read = scope ? state.neighbourhood(scope.itemIds, dependencyRows) : state.items();
  const items = inScope ? read.filter((i) => inScope.has(i.itemId)) : read;
  const blackouts = state.blackouts();
  const clashes = new Map<string, Clash>();
  const addClash = (c: Clash) => clashes.set(clashKey(c), c);
  for (const i of items) {
    if (i.day === null || i.actualGoLive !== null) continue;
    for (const reason of state.constraintsOn(i.day, i.councilId, workingCalendar(i.region), blackouts)) {
      addClash({ what: 'item', id: i.itemId, label: `${i.featureName} at ${i.councilName}`, day: i.day, reason });
    }
  }
  const { activities, gateReviews } = state.datedEvents(today, scope?.waveIds, office);
  for (const a of activities) {
    if (a.status !== 'planned') continue;
    const councilIds = a.councils.length > 0 ? a.councils.map((c) => c.councilId) : [null];
    const reasons = new Set(councilIds.flatMap((id) => state.constraintsOn(a.date, id, office, blackouts)));
    for (const reason of reasons) addClash({ what: 'activity', id: a.id, label: `${a.title} (${a.waveName})`, day: a.date, reason });
  }
  for (const g of gateReviews) {
    if (g.status === 'live' || g.status === 'closed') continue;
    for (const reason of state.constraintsOn(g.day, null, office, blackouts)) addClash({ what: 'gate_review', id: g.waveId, label: `${g.name} gate review`, day: g.day, reason });
  }
  // Over-booking is judged per council and week: every item of the councils concerned is read when capacities are set.
  let booked: OverBooked[] = [];
  if (capacity.capacitySet()) {
    const withCapacity = new Set(capacity.councilIds());
    booked = capacity.overBooked(inScope ? state.itemsOfCouncils([...new Set(items.map((i) => i.councilId))].filter((id) => withCapacity.has(id))) : read);
  }
  const touches = (c: DependencyCheck) => inScope === undefined || inScope.has(c.afterItemId) || (c.beforeItemId !== null && inScope.has(c.beforeItemId));
  return {
    days: new Map(items.map((i) => [i.itemId, i.day])),
    labels: new Map(items.map((i) => [i.itemId, `${i.featureName} at ${i.councilName}`])),
    plan: new Map(items.map((i) => [i.itemId, i])),
    broken: new Map(state.checks(read, dependencyRows).filter((c) => c.broken && touches(c)).map((c) => [checkKey(c), c])),
    clashes,
    activities: new Map(activities.map((a) => [a.id, { label: `${a.title} (${a.waveName})`, day: a.date }])),
    gateReviews: new Map(gateReviews.map((g) => [g.waveId, { label: `${g.name} gate review`, day: g.day }])),
    overBooked: new Map(booked.map((o) => [`${o.councilId}|${o.week}|${o.kind}`, o])),
  };
}

/** Slippage against the baseline (as metrics.md defines it), from one baseline item at a time. */
function slippageOf(progress: ProgressStore, baselineId: number | undefined, today: string) {
  return (i: PlanItem) => {
    const p = itemProgress(factsOf(i), progress.baselineFactOf(baselineId, i.itemId).get(i.itemId), today);
    return { baseline: p.baselineGoLive, forecast: p.forecastGoLive, days: p.slippageDays };
  };
}

function compare(before: Snapshot, after: Snapshot, today: string, office: WorkingCalendar, slippage: ReturnType<typeof slippageOf>): Omit<Impact, 'applied' | 'today' | 'baselineId' | 'refused'> {
  let itemsMoved = 0;
  for (const [id, day] of after.days) if (before.days.get(id) !== day) itemsMoved += 1;
  const lateItems: Impact['lateItems'] = [];
  for (const [id, item] of after.plan) {
    // An item the change left as it was is exactly as late as before: only altered (or new) items can be newly late.
    const old = before.plan.get(id);
    if (old && old.status === item.status && old.plannedGoLive === item.plannedGoLive && old.actualGoLive === item.actualGoLive) continue;
    const now = slippage(item);
    const was = old ? slippage(old) : undefined;
    if (now.days === null || now.days <= 0 || now.baseline === null || now.forecast === null) continue;
    const wasLate = Math.max(0, was?.days ?? 0);
    if (now.days <= wasLate) continue;
    lateItems.push({ itemId: id, label: after.labels.get(id) ?? `item ${id}`, baselineGoLive: now.baseline, before: was?.forecast ?? null, after: now.forecast, lateByDays: now.days, wasLateByDays: wasLate });
  }
  const moved = (b: Map<number, { label: string; day: string }>, a: Map<number, { label: string; day: string }>) => [...a]
    .filter(([id, x]) => b.has(id) && b.get(id)!.day !== x.day)
    .map(([id, x]) => ({ id, label: x.label, before: b.get(id)!.day, after: x.day, holiday: office.holidayOn(x.day), inPast: x.day < today }));
  return {
    itemsMoved,
    lateItems: lateItems.sort((x, y) => y.lateByDays - x.lateByDays || x.itemId - y.itemId),
    dependenciesBroken: [...after.broken].filter(([k]) => !before.broken.has(k)).map(([, c]) => c),
    dependenciesMended: [...before.broken].filter(([k]) => !after.broken.has(k)).map(([, c]) => c),
    clashes: [...after.clashes].filter(([k]) => !before.clashes.has(k)).map(([, c]) => c),
    activitiesMoved: moved(before.activities, after.activities),
    gateReviewsMoved: moved(before.gateReviews, after.gateReviews),
    // Weeks the change over-books, or over-books further.
    overBooked: [...after.overBooked].filter(([k, o]) => (before.overBooked.get(k)?.needed ?? -1) < o.needed).map(([, o]) => o),
  };
}

class PreviewOnly extends Error {
  constructor(readonly impact: Impact) {
    super('preview');
  }
}

/** The refusal a set of newly broken dependencies earns under the "refuse" rule. */
export function dependencyRefusal(broken: DependencyCheck[]) {
  const shown = broken.slice(0, 5).map((c) => c.description).join(' ');
  return conflict(`The change breaks ${broken.length} dependenc${broken.length === 1 ? 'y' : 'ies'} and the programme refuses such changes: ${shown}${broken.length > 5 ? ` And ${broken.length - 5} more.` : ''}`,
    broken.map((c) => ({ field: `dependency/${c.dependencyId}`, message: c.description })));
}

class OutOfScope extends Error {
  constructor() {
    super('the change touched the plan outside its expected scope');
  }
}

/**
 * Runs `work` (a call of the owning service) and reports its impact. `preview` rolls it back; otherwise it is
 * kept, unless the programme refuses changes that break a dependency and this one does (409 naming them).
 * `scope`, read inside the transaction before the change, names the items and waves it is expected to touch: the
 * report is then made from those alone (a wave move at 400 councils reads its wave's items, not the plan). If the
 * plan history shows the change touched anything else, it is undone and made again over the whole plan.
 * `guarded: false` (a dependency's own change) reports what it breaks without the programme's refusal: the rule
 * keeps plan moves from breaking dependencies, not dependencies from being recorded.
 */
export function createPlanChangeImpact(db: Db, clock: Clock) {
  // The statements a preview reads through, prepared once per app (a preview at 400 councils is a few milliseconds of reading).
  const state: PlanState = createPlanState(db);
  const progress: ProgressStore = createProgressStore(db);
  const capacity: CapacityReader = createCapacityReader(db);
  const baselineLookup = createBaselineLookup(db);
  const historyMark: Statement = db.$client.prepare('select coalesce(max(id), 0) from plan_history').pluck();
  const touchedSince: Statement = db.$client.prepare('select entity, entity_id as id from plan_history where id > ?');

  return function changeWithImpact<T>(work: () => T, preview: boolean, scope?: (state: PlanState) => ChangeScope,
    { guarded = true }: { guarded?: boolean } = {}): { impact: Impact; result: T | undefined } {
    const today = todayOf(clock);
    const settings = readSettings(db);
    const office = workingCalendar(settings.officeRegion);
    let result: T | undefined;
    try {
      const impact = inTransaction(db, () => {
        const baselineId = baselineLookup.inForce(today)?.id;
        const expected = scope?.(state);
        const mark = expected ? (historyMark.get() as number) : 0;
        const before = snapshot(state, capacity, today, office, expected);
        result = work();
        if (expected) {
          const items = new Set(expected.itemIds);
          const waves = new Set(expected.waveIds);
          const touched = touchedSince.all(mark) as Array<{ entity: 'item' | 'wave'; id: number }>;
          if (touched.some((t) => !(t.entity === 'item' ? items : waves).has(t.id))) throw new OutOfScope();
        }
        const after = snapshot(state, capacity, today, office, expected);
        const found = compare(before, after, today, office, slippageOf(progress, baselineId, today));
        const refused = guarded && settings.dependencyRule === 'refuse' && found.dependenciesBroken.length > 0 ? dependencyRefusal(found.dependenciesBroken).message : null;
        const impact: Impact = { applied: !preview, today, baselineId: baselineId ?? null, ...found, refused };
        if (preview) throw new PreviewOnly(extend(impact, { applied: false }));
        if (refused) throw dependencyRefusal(found.dependenciesBroken);
        return impact;
      });
      return { impact, result };
    } catch (error) {
      if (error instanceof PreviewOnly) return { impact: error.impact, result: undefined };
      if (error instanceof OutOfScope) return changeWithImpact(work, preview, undefined, { guarded });
      throw error;
    }
  };
}

/** The what-if of a plan change, made once per app by the composition root (server/services.ts). */
export type PlanChangeImpact = ReturnType<typeof createPlanChangeImpact>;

/**
 * Wraps a service's plan-changing methods so a change that breaks a dependency kept before it is refused (409,
 * naming it) when the programme's rule is "refuse"; under "warn" it is made and the break shows on the timeline.
 */
export function guardPlanChanges<S extends object>(db: Db, service: S, methods: Array<keyof S>): S {
  const state = createPlanState(db);
  const guarded = Object.create(service) as S;
  for (const name of methods) {
    const original = service[name];
    if (typeof original !== 'function') continue;
    (guarded as Record<keyof S, unknown>)[name] = (...args: unknown[]) => inTransaction(db, () => {
      if (readSettings(db).dependencyRule !== 'refuse') return (original as (...a: unknown[]) => unknown).apply(service, args);
      const before = new Set(state.checks().filter((c) => c.broken).map(checkKey));
      const result = (original as (...a: unknown[]) => unknown).apply(service, args);
      const broken = state.checks().filter((c) => c.broken && !before.has(checkKey(c)));
      if (broken.length > 0) throw dependencyRefusal(broken);
      return result;
    });
  }
  return guarded;
}
