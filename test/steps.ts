/** Steps (server/http/steps.ts) run by hand in a test. */
import type { Steps } from '../server/http/steps.ts';

/** Runs steps by hand to the end, counting the pauses between them. */
export function stepsOf<T>(steps: Steps<T>): { value: T; pauses: number } {
  let pauses = 0;
  let step = steps.next();
  while (!step.done) {
    pauses += 1;
    step = steps.next();
  }
  return { value: step.value, pauses };
}
