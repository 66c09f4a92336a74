import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A long computation written once as a generator that `yield`s wherever it may pause, then run either straight
 * through (`runNow`, for callers inside a transaction or a synchronous builder) or in slices that hand the event
 * loop back every few milliseconds (`runSliced`, for request handlers), so one cold read never holds up every
 * other request (docs/performance.md, "Event-loop stalls").
 */
export type Steps<T> = Generator<void, T, void>;

/** How long a slice may hold the event loop before handing it back. */
export const SLICE_MS = 8;

export function runNow<T>(steps: Steps<T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * A pause to await between pieces of a long loop: it hands the event loop back only once the current slice has
 * held it for more than `sliceMs`, so short work costs no extra turn.
 */
export function slicePause(sliceMs = SLICE_MS, turn: () => Promise<unknown> = nextTurn): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart <= sliceMs) return;
    await turn();
    sliceStart = performance.now();
  };
}

/**
 * Runs `steps` in slices. It starts on a turn of its own and ends with the same pause as between steps: the caller
 * may already have held the event loop for a slice (one sliced read awaited after another, as a report asks for two
 * days' benefits and then builds), and what it does with the value runs straight after the last step. Without the
 * two, the last step of one read, the caller's code and the first step of the next ran as one piece: 50–80 ms of a
 * year's board report at 400 councils. Background work passes its own `turn` (http/background.ts), which lets the
 * requests being served go first.
 */
export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS, turn: () => Promise<unknown> = nextTurn): Promise<T> {
  await turn();
  const pause = slicePause(sliceMs, turn);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  await pause();
  return step.value;
}
