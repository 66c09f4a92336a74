import type { Overview } from './api/types.ts';
import { number, percent } from './format.ts';

/**
 * The words of the headline figures, one meaning each (docs/metrics.md): the overview, the council page and the
 * board report say them the same way.
 */
type Totals = Overview['totals'];
type TakeUp = Overview['takeUp'];
type AgainstOriginal = NonNullable<Overview['original']>;

const pct = (n: number) => `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;

/** "Switched on": people who have at least one feature live for them. Not the same as using it. */
export function switchedOnWords(t: Pick<Totals, 'staffReached' | 'staffInScope'>, of: 'scope' | number = 'scope') {
  const whole = of === 'scope' ? t.staffInScope : of;
  return {
    value: number(t.staffReached),
    label: `staff switched on: ${percent(t.staffReached, whole)} of ${number(whole)} ${of === 'scope' ? 'in scope' : 'staff'} have at least one feature live for them (switched on, not necessarily using it)`,
  };
}

/** "Using": take-up of the live items against its target. */
export function takeUpWords(u: TakeUp) {
  if (u.liveItems === 0) return { value: 'None live', label: 'using: no feature is live yet, so no take-up to measure', short: 'using: no feature live yet' };
  if (u.measured === 0 || u.percent === null) {
    return { value: 'Not measured', label: `using: none of the ${u.liveItems} live items has a current take-up reading`, short: `using: no current take-up reading for the ${u.liveItems} live items` };
  }
  const range = u.lowest !== null && u.highest !== null && u.lowest !== u.highest ? ` (${pct(u.lowest)} to ${pct(u.highest)} by item)` : '';
  const target = u.target !== null ? ` at their ${pct(u.target)} target` : ' at their targets';
  const unmeasured = u.liveItems > u.measured ? `; ${u.liveItems - u.measured} live without a current reading` : '';
  return {
    value: `${pct(u.percent)} using`,
    label: `take-up: ${number(u.users)} of the ${number(u.switchedOn)} staff the ${u.measured} live items are switched on for have used them${range}; ${u.metTarget} of ${u.measured}${target}${unmeasured}`,
    /** For the sponsor's first screen, where every line counts. */
    short: u.target !== null ? `(target ${pct(u.target)})` : '(against their targets)',
  };
}

/** "Late against the baseline", with the days summed over late items only. */
export const lateWords = (t: Pick<Totals, 'slipped' | 'totalSlippageDays'>) =>
  `${t.slipped} ${t.slipped === 1 ? 'item' : 'items'} late, ${number(t.totalSlippageDays)} days in all`;

/**
 * The figures against the original baseline where a re-baseline put another in force, in one sentence:
 * "Against the original baseline Plan v1: 14 items late, 639 days in all; 12 of 18 planned live are live."
 */
export function originalWords(o: AgainstOriginal) {
  return `Against the original baseline ${o.baseline.name}: ${lateWords(o.totals)}; ${o.totals.liveOfPlanned} of the ${o.totals.plannedLive} items it planned to be live by then are live.`;
}
