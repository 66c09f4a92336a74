import type { Steps } from '../../http/steps.ts';

/**
 * List work for the board report written as steps (http/steps.ts): at national scale a list runs over 3,200 items,
 * so each pauses after every `every` of them and a report made in slices never holds the event loop for a whole list.
 */
export const ROWS_A_STEP = 200;

/** `list.flatMap(pick)`, pausing every `every` values. */
export function* flatMapSteps<T, R>(list: readonly T[], pick: (value: T) => R[], every = ROWS_A_STEP): Steps<R[]> {
  const out: R[] = [];
  for (let start = 0; start < list.length; start += every) {
    const end = Math.min(start + every, list.length);
    for (let i = start; i < end; i++) for (const r of pick(list[i]!)) out.push(r);
    if (end < list.length) yield;
  }
  return out;
}

/** `list.filter(keep)`, pausing every `every` values. */
export function* filterSteps<T>(list: readonly T[], keep: (value: T) => boolean, every = ROWS_A_STEP): Steps<T[]> {
  return yield* flatMapSteps(list, (value) => (keep(value) ? [value] : []), every);
}
