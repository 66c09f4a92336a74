import type { CriterionResult } from './readiness.ts';
import { extend } from './objects.ts';

/**
 * "Using", as distinct from "switched on" (docs/metrics.md, "Take-up"): of the live items, how many people have
 * used each feature, from each item's latest take-up reading (the adoption criterion counted in people), against
 * the staff it is switched on for and against its target.
 */
export interface TakeUp {
  /** Live items (cancelled ones left out). */
  liveItems: number;
  /** Live items with a current take-up reading (not missing, not stale). */
  measured: number;
  /** People who have used the feature, added up over the measured items (one person using two features counts twice). */
  users: number;
  /** The staff each measured item is switched on for, added up the same way. */
  switchedOn: number;
  /** users ÷ switchedOn in percent, one decimal; null when nothing is measured. */
  percent: number | null;
  /** Measured items at or beyond their take-up target. */
  metTarget: number;
  /** The lowest and highest take-up of a measured item, in percent, one decimal. */
  lowest: number | null;
  highest: number | null;
  /** The take-up target in percent when every measured item has the same one; null when none is measured or they differ. */
  target: number | null;
}

export interface TakeUpInput {
  live: boolean;
  cancelled: boolean;
  /** The item's eligible audience: the staff it is switched on for once live. */
  eligible: number;
  /** The item's adoption criteria as judged (empty before go-live). */
  adoption: readonly CriterionResult[] | null;
}

export const NO_TAKE_UP: TakeUp = { liveItems: 0, measured: 0, users: 0, switchedOn: 0, percent: null, metTarget: 0, lowest: null, highest: null, target: null };

const oneDecimal = (n: number) => Math.round(n * 10) / 10;
/** The take-up criterion: the adoption criterion whose unit is people (a count judged as a share of the audience). */
export const isTakeUp = (c: Pick<CriterionResult, 'unit'>) => c.unit === 'people';

/** Take-up of a set of items. */
export function takeUpOf(items: readonly TakeUpInput[]): TakeUp {
  const parts = items.filter((i) => i.live && !i.cancelled).map((i): TakeUp => {
    const c = i.adoption?.find(isTakeUp);
    if (!c || c.status === 'missing' || c.rawValue === null || c.value === null) return extend(NO_TAKE_UP, { liveItems: 1 });
    const share = oneDecimal(c.value);
    return {
      liveItems: 1, measured: 1, users: Math.round(c.rawValue), switchedOn: i.eligible, percent: share,
      metTarget: c.status === 'met' ? 1 : 0, lowest: share, highest: share, target: c.target,
    };
  });
  return mergeTakeUp(parts);
}

/** Take-up of disjoint sets of items added together. */
export function mergeTakeUp(parts: readonly TakeUp[]): TakeUp {
  const sum = { ...NO_TAKE_UP };
  let targets = new Set<number>();
  for (const p of parts) {
    sum.liveItems += p.liveItems;
    sum.measured += p.measured;
    sum.users += p.users;
    sum.switchedOn += p.switchedOn;
    sum.metTarget += p.metTarget;
    if (p.lowest !== null) sum.lowest = sum.lowest === null ? p.lowest : Math.min(sum.lowest, p.lowest);
    if (p.highest !== null) sum.highest = sum.highest === null ? p.highest : Math.max(sum.highest, p.highest);
    if (p.measured > 0) targets = new Set([...targets, p.target ?? Number.NaN]);
  }
  sum.percent = sum.switchedOn > 0 ? oneDecimal((sum.users / sum.switchedOn) * 100) : null;
  const [only] = targets;
  sum.target = targets.size === 1 && only !== undefined && Number.isFinite(only) ? only : null;
  return sum;
}
