import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { blackouts, dependencies, features, milestones, rolloutItems, waves, type Region } from '../../db/schema.ts';
import { dayWords } from '../../domain/date-words.ts';
import { dayOfMonth, gateReviewOn, workingCalendar, type WorkingCalendar } from '../../domain/working-days.ts';
import { listActivitiesWithDates } from '../engagement/read-model.ts';
import { runNow, type Steps } from '../../http/steps.ts';
import { readSettings } from '../settings/read-model.ts';
import type { BaselineFacts } from '../../domain/progress.ts';
import type { DependencyCheck } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

/**
 * The plan as the timeline, the dependency checks and the what-if preview read it, in a handful of queries.
 * An item's day is its actual go-live once live, else its planned date (own date, else its wave's); deferred and
 * cancelled items have none and take part in no check.
 */

export interface PlanItem {
  itemId: number;
  councilId: number;
  councilName: string;
  region: Region;
  featureId: number;
  featureName: string;
  waveId: number | null;
  status: string;
  plannedGoLive: string | null;
  actualGoLive: string | null;
  /** Actual if live, else planned; null when deferred, cancelled or unscheduled. */
  day: string | null;
}

export type BlackoutRow = typeof blackouts.$inferSelect;
export type DependencyRow = typeof dependencies.$inferSelect;
export type MilestoneRow = typeof milestones.$inferSelect;

const itemLabel = (i: PlanItem) => `${i.featureName} at ${i.councilName}`;

/** Whether a blackout covers a day; a monthly one repeats its days of the month (clamped to short months). */
export function blackoutCovers(b: Pick<BlackoutRow, 'startsOn' | 'endsOn' | 'repeatsMonthly' | 'repeatsUntil'>, day: string): boolean {
  if (day >= b.startsOn && day <= b.endsOn) return true;
  if (!b.repeatsMonthly || day < b.startsOn || (b.repeatsUntil !== null && day > b.repeatsUntil)) return false;
  const { date, daysInMonth } = dayOfMonth(day);
  const first = Math.min(dayOfMonth(b.startsOn).date, daysInMonth);
  const last = Math.min(dayOfMonth(b.endsOn).date, daysInMonth);
  return date >= first && date <= last;
}

// eslint-disable-next-line max-lines-per-function -- the plan state's factory: its prepared statements are shared by the checks, neighbourhoods and labels it returns
export function createPlanState(db: Db) {
  // Plain SQL, not the query builder: row mapping took most of the reading at 400 councils (a preview's and the
  // timeline's). A preview reads only the items a change can touch and their neighbours (json_each: one statement
  // for any number of ids).
  const planItemSql = (where: string, tail = '') => db.$client.prepare(`select i.id as itemId, i.council_id as councilId, c.name as councilName, c.region,
      i.feature_id as featureId, f.name as featureName, i.wave_id as waveId, i.status, coalesce(i.planned_date_override, w.planned_go_live) as plannedGoLive,
      i.actual_go_live as actualGoLive
    from rollout_items i join councils c on c.id = i.council_id join features f on f.id = i.feature_id left join waves w on w.id = i.wave_id
    where ${where} order by i.id ${tail}`);
  const itemRows = planItemSql('1 = 1');
  const itemRowsByIds = planItemSql('i.id in (select value from json_each(?))');
  // The whole plan, and a baseline's frozen items, in pieces of ids (the timeline's build pauses between them).
  const itemRowsAfter = planItemSql('i.id > ?', 'limit ?');
  const baselineRowsAfter = db.$client.prepare(`select item_id as itemId, planned_go_live as plannedGoLive, status from baseline_items
    where baseline_id = ? and item_id > ? order by item_id limit ?`);
  const itemRowsOfCouncils = planItemSql('i.council_id in (select value from json_each(?))');
  const itemIdsOfWaves = db.select({ id: rolloutItems.id }).from(rolloutItems)
    .where(sql`${rolloutItems.waveId} in (select value from json_each(${sql.placeholder('ids')}))`).prepare();
  const councilOfItems = db.select({ councilId: rolloutItems.councilId }).from(rolloutItems)
    .where(sql`${rolloutItems.id} in (select value from json_each(${sql.placeholder('ids')}))`).groupBy(rolloutItems.councilId).prepare();
  const dependencyRows = db.select().from(dependencies).orderBy(asc(dependencies.id)).prepare();
  const milestoneRows = db.select().from(milestones).orderBy(asc(milestones.onDay), asc(milestones.id)).prepare();
  const blackoutRows = db.select().from(blackouts).orderBy(asc(blackouts.startsOn), asc(blackouts.id)).prepare();
  const waveRows = db.select({ id: waves.id, name: waves.name, plannedGoLive: waves.plannedGoLive, sequence: waves.sequence, status: waves.status })
    .from(waves).orderBy(asc(waves.sequence)).prepare();
  const featureNames = db.select({ id: features.id, name: features.name }).from(features).prepare();

  type ItemRow = Omit<PlanItem, 'day'>;
  const toPlanItem = (r: ItemRow): PlanItem => extend(r, {
    day: r.status === 'deferred' || r.status === 'cancelled' ? null : (r.actualGoLive ?? r.plannedGoLive),
  });
  function items(): PlanItem[] {
    return (itemRows.all() as ItemRow[]).map(toPlanItem);
  }

  /** The same, read `batch` items a statement with a pause after each (http/steps.ts); callers check the plan did not move meanwhile. */
  function* itemSteps(batch = 250): Steps<PlanItem[]> {
    const out: PlanItem[] = [];
    for (let after = 0; ;) {
      const rows = itemRowsAfter.all(after, batch) as ItemRow[];
      for (const r of rows) out.push(toPlanItem(r));
      if (rows.length < batch) return out;
      after = rows[rows.length - 1]!.itemId;
      yield;
    }
  }

  /** A baseline's frozen items (the progress store's baselineFacts), read `batch` a statement with a pause after each. */
  function* baselineSteps(baselineId: number | undefined, batch = 500): Steps<Map<number, BaselineFacts>> {
    const out = new Map<number, BaselineFacts>();
    if (baselineId === undefined) return out;
    for (let after = 0; ;) {
      const rows = baselineRowsAfter.all(baselineId, after, batch) as Array<BaselineFacts & { itemId: number }>;
      for (const r of rows) out.set(r.itemId, { plannedGoLive: r.plannedGoLive, status: r.status });
      if (rows.length < batch) return out;
      after = rows[rows.length - 1]!.itemId;
      yield;
    }
  }

  /**
   * The items `itemIds` and every item a dependency check of theirs reads: the other items of their councils
   * (feature prerequisites hold within a council) and the far ends of item links. Checks of these that involve
   * an item of `itemIds` come out exactly as over the whole plan.
   */
  function neighbourhood(itemIds: readonly number[], rows: DependencyRow[] = dependencyRows.all()): PlanItem[] {
    if (itemIds.length === 0) return [];
    const wanted = new Set(itemIds);
    const found = new Map<number, PlanItem>();
    if (rows.some((d) => d.kind === 'feature')) {
      const councilIds = councilOfItems.all({ ids: JSON.stringify(itemIds) }).map((r) => r.councilId);
      for (const r of itemRowsOfCouncils.all(JSON.stringify(councilIds)) as ItemRow[]) found.set(r.itemId, toPlanItem(r));
    }
    for (const d of rows) {
      if (d.kind !== 'item') continue;
      if (wanted.has(d.beforeItemId!)) wanted.add(d.afterItemId!);
      else if (wanted.has(d.afterItemId!)) wanted.add(d.beforeItemId!);
    }
    const missing = [...wanted].filter((id) => !found.has(id));
    if (missing.length > 0) for (const r of itemRowsByIds.all(JSON.stringify(missing)) as ItemRow[]) found.set(r.itemId, toPlanItem(r));
    return [...found.values()].sort((a, b) => a.itemId - b.itemId);
  }

  /** Every check every dependency implies on the plan as it stands (or as `planItems` give it). */
  function checks(planItems: PlanItem[] = items(), rows: DependencyRow[] = dependencyRows.all()): DependencyCheck[] {
    return runNow(checkSteps(planItems, rows));
  }

  /** The same, pausing every few dozen checks (http/steps.ts) so the timeline's build can hand the event loop back. */
  function* checkSteps(planItems: PlanItem[], rows: DependencyRow[] = dependencyRows.all()): Steps<DependencyCheck[]> {
    const byId = new Map(planItems.map((i) => [i.itemId, i]));
    const byCouncilFeature = new Map(planItems.map((i) => [`${i.councilId}|${i.featureId}`, i]));
    const byFeature = new Map<number, PlanItem[]>();
    for (const i of planItems) {
      const list = byFeature.get(i.featureId);
      if (list) list.push(i);
      else byFeature.set(i.featureId, [i]);
    }
    const milestoneById = new Map(milestoneRows.all().map((m) => [m.id, m]));
    const out: DependencyCheck[] = [];
    let judged = 0;

    const judge = (dep: DependencyRow, after: PlanItem, beforeDay: string, beforeWords: string, beforeItemId: number | null, milestoneId: number | null) => {
      if (after.day === null) return;
      judged += 1;
      const calendar = workingCalendar(after.region);
      const earliestAllowed = dep.lagWorkingDays === 0 ? beforeDay : calendar.addWorkingDays(beforeDay, dep.lagWorkingDays);
      const broken = after.day < earliestAllowed;
      const lag = dep.lagWorkingDays === 0 ? '' : ` plus ${dep.lagWorkingDays} working day${dep.lagWorkingDays === 1 ? '' : 's'}`;
      out.push({
        dependencyId: dep.id, afterItemId: after.itemId, beforeItemId, milestoneId, afterDay: after.day, beforeDay, earliestAllowed, broken,
        shortBy: broken ? calendar.workingDaysBetween(after.day, earliestAllowed) : 0,
        description: `${itemLabel(after)} (${dayWords(after.day)}) must not go live before ${beforeWords} (${dayWords(beforeDay)})${lag}: ${broken ? `earliest allowed ${dayWords(earliestAllowed)}` : 'kept'}.`,
      });
    };

    for (const dep of rows) {
      if (dep.kind === 'feature') {
        for (const after of byFeature.get(dep.afterFeatureId!) ?? []) {
          const before = byCouncilFeature.get(`${after.councilId}|${dep.beforeFeatureId}`);
          if (before?.day) judge(dep, after, before.day, itemLabel(before), before.itemId, null);
          if (judged % 64 === 63) yield;
        }
      } else if (dep.kind === 'item') {
        const after = byId.get(dep.afterItemId!);
        const before = byId.get(dep.beforeItemId!);
        if (after && before?.day) judge(dep, after, before.day, itemLabel(before), before.itemId, null);
      } else {
        const milestone = milestoneById.get(dep.milestoneId!);
        if (!milestone) continue;
        const afters = dep.afterItemId !== null ? [byId.get(dep.afterItemId)].filter((i): i is PlanItem => i !== undefined) : byFeature.get(dep.afterFeatureId!) ?? [];
        for (const after of afters) {
          judge(dep, after, milestone.onDay, `the milestone "${milestone.name}"`, null, milestone.id);
          if (judged % 64 === 63) yield;
        }
      }
    }
    return out;
  }

  /** A dependency in words, for lists and refusals. */
  function labelOf(dep: DependencyRow): string {
    const names = new Map(featureNames.all().map((f) => [f.id, f.name]));
    const planItems = new Map(items().map((i) => [i.itemId, i]));
    const item = (id: number | null) => { const i = id === null ? undefined : planItems.get(id); return i ? itemLabel(i) : `item ${id}`; };
    const lag = dep.lagWorkingDays === 0 ? '' : `, ${dep.lagWorkingDays} working day${dep.lagWorkingDays === 1 ? '' : 's'} after`;
    if (dep.kind === 'feature') return `"${names.get(dep.afterFeatureId!)}" no earlier than "${names.get(dep.beforeFeatureId!)}" in each council${lag}`;
    if (dep.kind === 'item') return `${item(dep.afterItemId)} no earlier than ${item(dep.beforeItemId)}${lag}`;
    const milestone = milestoneRows.all().find((m) => m.id === dep.milestoneId);
    const after = dep.afterItemId !== null ? item(dep.afterItemId) : `"${names.get(dep.afterFeatureId!)}" in every council`;
    return `${after} no earlier than the milestone "${milestone?.name}" (${milestone ? dayWords(milestone.onDay) : 'unknown day'})${lag}`;
  }

  /** The reasons a day is a poor one for a council: its region's bank holiday, or a blackout of it or of all. */
  function constraintsOn(day: string, councilId: number | null, calendar: WorkingCalendar, rows: BlackoutRow[]): string[] {
    const reasons: string[] = [];
    const holiday = calendar.holidayOn(day);
    if (holiday) reasons.push(`bank holiday: ${holiday}`);
    for (const b of rows) {
      if ((b.councilId === null || b.councilId === councilId) && blackoutCovers(b, day)) reasons.push(`blackout: ${b.name}`);
    }
    return reasons;
  }

  /** Activities with their days (through the engagement store) and each wave's gate review day. */
  /** Only those of `waveIds` when given (a preview's waves). */
  function datedEvents(today: string, waveIds?: readonly number[], officeCalendar?: WorkingCalendar) {
    const office = officeCalendar ?? workingCalendar(readSettings(db).officeRegion);
    const activities = waveIds === undefined ? listActivitiesWithDates(db, {}, today) : waveIds.flatMap((waveId) => listActivitiesWithDates(db, { waveId }, today));
    const gateReviews = waveRows.all().filter((w) => waveIds === undefined || waveIds.includes(w.id))
      .map((w) => ({ waveId: w.id, name: w.name, status: w.status, goLive: w.plannedGoLive, day: gateReviewOn(w.plannedGoLive, office) }));
    return { office, activities, gateReviews };
  }

  /** Each wave's go/no-go review day (office calendar), without the activities datedEvents also reads. */
  function gateReviewDays(): Map<number, string> {
    const office = workingCalendar(readSettings(db).officeRegion);
    return new Map(waveRows.all().map((w) => [w.id, gateReviewOn(w.plannedGoLive, office)]));
  }

  return {
    items, itemSteps, baselineSteps, checks, checkSteps, labelOf, constraintsOn, datedEvents, gateReviewDays, neighbourhood,
    itemsOfCouncils: (councilIds: readonly number[]): PlanItem[] => (councilIds.length === 0 ? [] : (itemRowsOfCouncils.all(JSON.stringify(councilIds)) as ItemRow[]).map(toPlanItem)),
    itemIdsOfWaves: (waveIds: readonly number[]): number[] => (waveIds.length === 0 ? [] : itemIdsOfWaves.all({ ids: JSON.stringify(waveIds) }).map((r) => r.id)),
    waves: () => waveRows.all(),
    blackouts: () => blackoutRows.all(),
    milestones: () => milestoneRows.all(),
    dependencies: () => dependencyRows.all(),
  };
}

export type PlanState = ReturnType<typeof createPlanState>;
