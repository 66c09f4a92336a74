import type { Audience, ItemStatus } from '../db/schema.ts';
import { extend } from './objects.ts';
import { calendarDaysBetween } from './day-count.ts';

/** Everything about one rollout item that progress is computed from. */
export interface ItemFacts {
  itemId: number;
  councilId: number;
  featureId: number;
  waveId: number | null;
  status: ItemStatus;
  /** Current plan: the item's own date, else its wave's. */
  plannedGoLive: string | null;
  actualGoLive: string | null;
  audience: Audience;
  staffHeadcount: number;
  managerHeadcount: number;
  /** Headcount of the sub-group the item is scoped to, if any. */
  groupHeadcount: number | null;
}

/** The item as the baseline froze it. */
export interface BaselineFacts {
  plannedGoLive: string | null;
  status: ItemStatus;
}

export const SLIP_STATES = ['on_plan', 'early', 'slipped', 'not_in_baseline', 'unscheduled', 'deferred', 'cancelled'] as const;
export type SlipState = (typeof SLIP_STATES)[number];

export interface ItemProgress {
  itemId: number;
  baselineGoLive: string | null;
  plannedGoLive: string | null;
  actualGoLive: string | null;
  /** Live on or before asOf. */
  live: boolean;
  /** The baseline said it would be live by asOf. */
  plannedLive: boolean;
  /** Not live, and its current planned date has passed. */
  overdue: boolean;
  /** The date progress is judged on: actual if live, else the planned date, or asOf when that has passed. */
  forecastGoLive: string | null;
  /** Days later (+) or earlier (-) than the baseline; null when there is nothing to compare. */
  slippageDays: number | null;
  slipState: SlipState;
  /** Staff the item reaches once live, by its audience and scope. */
  eligibleStaff: number;
}

const days = calendarDaysBetween;

/** Staff a feature reaches in a council: employees (and both) reach the whole scope; manager features reach its managers. */
export function eligibleStaff(item: Pick<ItemFacts, 'audience' | 'staffHeadcount' | 'managerHeadcount' | 'groupHeadcount'>): number {
  const scope = Math.min(item.groupHeadcount ?? item.staffHeadcount, item.staffHeadcount);
  if (item.audience !== 'managers') return scope;
  if (item.groupHeadcount === null || item.staffHeadcount === 0) return item.managerHeadcount;
  // A sub-group's managers are estimated at the council's manager ratio.
  return Math.round((scope * item.managerHeadcount) / item.staffHeadcount);
}

/** An item's standing against a baseline on `asOf`: itemProgress without its staff count (the timeline needs no headcounts). */
export type ItemSlip = Omit<ItemProgress, 'eligibleStaff'>;

export function itemProgress(item: ItemFacts, baseline: BaselineFacts | undefined, asOf: string): ItemProgress {
  return extend(itemSlip(item, baseline, asOf), { eligibleStaff: item.status === 'cancelled' ? 0 : eligibleStaff(item) });
}

export function itemSlip(item: Pick<ItemFacts, 'itemId' | 'status' | 'plannedGoLive' | 'actualGoLive'>, baseline: BaselineFacts | undefined, asOf: string): ItemSlip {
  const live = item.actualGoLive !== null && item.actualGoLive <= asOf;
  const baselineGoLive = baseline && baseline.status !== 'cancelled' ? baseline.plannedGoLive : null;
  const plannedLive = baselineGoLive !== null && baselineGoLive <= asOf;
  const closed = item.status === 'cancelled' || item.status === 'deferred';
  const overdue = !live && !closed && item.plannedGoLive !== null && item.plannedGoLive < asOf;

  let forecastGoLive: string | null = null;
  if (live) forecastGoLive = item.actualGoLive;
  else if (!closed && item.plannedGoLive !== null) forecastGoLive = overdue ? asOf : item.plannedGoLive;

  const slippageDays = forecastGoLive !== null && baselineGoLive !== null ? days(forecastGoLive, baselineGoLive) : null;

  let slipState: SlipState;
  if (!live && item.status === 'cancelled') slipState = 'cancelled';
  else if (!live && item.status === 'deferred') slipState = 'deferred';
  else if (baselineGoLive === null) slipState = 'not_in_baseline';
  else if (forecastGoLive === null) slipState = 'unscheduled';
  else if (slippageDays! > 0) slipState = 'slipped';
  else if (slippageDays! < 0) slipState = 'early';
  else slipState = 'on_plan';

  return {
    itemId: item.itemId,
    baselineGoLive,
    plannedGoLive: item.plannedGoLive,
    actualGoLive: live ? item.actualGoLive : null,
    live,
    plannedLive,
    overdue,
    forecastGoLive,
    slippageDays,
    slipState,
  };
}

export interface ProgressTotals {
  items: number;
  /** Items the baseline planned to be live by asOf. */
  plannedLive: number;
  /** Items actually live by asOf. */
  live: number;
  /** Items live that the baseline planned to be live by asOf. */
  liveOfPlanned: number;
  overdue: number;
  slipped: number;
  /** Sum of the days of lateness of slipped items (early items do not offset late ones). */
  totalSlippageDays: number;
  maxSlippageDays: number;
  /** People with at least one feature live (see docs/architecture.md, "staff reached"). */
  staffReached: number;
  /** People in scope of at least one planned feature. */
  staffInScope: number;
}

/**
 * Adds up item progress. Staff reached counts people, not features: in each council it is the
 * largest audience among live items (scopes nest: a group or the managers sit inside all staff),
 * and councils add up.
 */
export function summarise(items: Array<{ facts: ItemFacts; progress: ItemProgress }>): ProgressTotals {
  const reachedByCouncil = new Map<number, number>();
  const scopeByCouncil = new Map<number, number>();
  const totals: ProgressTotals = {
    items: items.length, plannedLive: 0, live: 0, liveOfPlanned: 0, overdue: 0, slipped: 0,
    totalSlippageDays: 0, maxSlippageDays: 0, staffReached: 0, staffInScope: 0,
  };
  for (const { facts, progress } of items) {
    if (progress.plannedLive) totals.plannedLive += 1;
    if (progress.live) totals.live += 1;
    if (progress.live && progress.plannedLive) totals.liveOfPlanned += 1;
    if (progress.overdue) totals.overdue += 1;
    if (progress.slipState === 'slipped') {
      totals.slipped += 1;
      totals.totalSlippageDays += progress.slippageDays ?? 0;
      totals.maxSlippageDays = Math.max(totals.maxSlippageDays, progress.slippageDays ?? 0);
    }
    scopeByCouncil.set(facts.councilId, Math.max(scopeByCouncil.get(facts.councilId) ?? 0, progress.eligibleStaff));
    if (progress.live) reachedByCouncil.set(facts.councilId, Math.max(reachedByCouncil.get(facts.councilId) ?? 0, progress.eligibleStaff));
  }
  for (const n of reachedByCouncil.values()) totals.staffReached += n;
  for (const n of scopeByCouncil.values()) totals.staffInScope += n;
  return totals;
}

/**
 * Adds up totals of disjoint sets of councils. Every figure is additive across councils (staff reached
 * is counted per council, then summed) except the maximum slippage, which is the larger one.
 */
export function mergeTotals(parts: ProgressTotals[]): ProgressTotals {
  const total: ProgressTotals = {
    items: 0, plannedLive: 0, live: 0, liveOfPlanned: 0, overdue: 0, slipped: 0, totalSlippageDays: 0, maxSlippageDays: 0, staffReached: 0, staffInScope: 0,
  };
  // Field by field, not by key lookup: the overview merges every council's totals on each rebuild.
  for (const p of parts) {
    total.items += p.items;
    total.plannedLive += p.plannedLive;
    total.live += p.live;
    total.liveOfPlanned += p.liveOfPlanned;
    total.overdue += p.overdue;
    total.slipped += p.slipped;
    total.totalSlippageDays += p.totalSlippageDays;
    total.maxSlippageDays = Math.max(total.maxSlippageDays, p.maxSlippageDays);
    total.staffReached += p.staffReached;
    total.staffInScope += p.staffInScope;
  }
  return total;
}
