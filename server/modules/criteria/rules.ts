import type { Direction, Unit } from '../../db/schema.ts';
import type { ErrorDetail } from '../../http/errors.ts';

/** The range a value in each unit can take. "people" is a count; its targets are shares of the audience in percent. */
export const UNIT_RANGES: Record<Unit, { min: number; max: number; integer?: boolean; label: string }> = {
  percent: { min: 0, max: 100, label: 'a percentage from 0 to 100' },
  count: { min: 0, max: 10_000_000, integer: true, label: 'a whole number, 0 or more' },
  score: { min: 1, max: 5, label: 'a score from 1 to 5' },
  ratio: { min: 0, max: 1_000_000, label: 'a ratio, 0 or more' },
  days: { min: 0, max: 3650, label: 'a number of days, 0 or more' },
  people: { min: 0, max: 10_000_000, integer: true, label: 'a whole number of people, 0 or more' },
};

/** Whether a reading's value fits its unit. */
export function valueProblem(unit: Unit, value: number): string | undefined {
  const range = UNIT_RANGES[unit];
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    return `must be ${range.label}`;
  }
  return undefined;
}

/** Targets live in the unit's range (for "people", a percentage), and amber sits on the far side of target. */
export function thresholdProblems(unit: Unit, direction: Direction, target: number, amber: number, prefix = ''): ErrorDetail[] {
  const field = (name: string) => (prefix ? `${prefix}/${name}` : name);
  const range = UNIT_RANGES[unit === 'people' ? 'percent' : unit];
  const problems: ErrorDetail[] = [];
  const outside = (v: number) => v < range.min || v > range.max;
  if (outside(target)) problems.push({ field: field('target'), message: `must be from ${range.min} to ${range.max} for this unit` });
  if (outside(amber)) problems.push({ field: field('amberThreshold'), message: `must be from ${range.min} to ${range.max} for this unit` });
  if (direction === 'higher' && amber > target) problems.push({ field: field('amberThreshold'), message: `must not be above the target (${target}) when higher is better` });
  if (direction === 'lower' && amber < target) problems.push({ field: field('amberThreshold'), message: `must not be below the target (${target}) when lower is better` });
  return problems;
}
