/** runSliced (http/steps.ts): a long computation hands the event loop back between steps, and also before its first and after its last. */
import { describe, expect, it } from 'vitest';
import { runSliced, type Steps } from '../server/http/steps.ts';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* a step's work */ }
};

describe('runSliced', () => {
  it('starts on a turn of its own: work queued before it runs before its first step', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    await runSliced((function* (): Steps<void> { order.push('first step'); })());
    expect(order).toEqual(['other', 'first step']);
  });

  it('hands the loop back between steps once a slice passes its length, and after a long last step before the caller goes on', async () => {
    const order: string[] = [];
    const steps = function* (): Steps<string> {
      order.push('step 1');
      busy(12);
      yield;
      setImmediate(() => order.push('other, queued in step 2'));
      order.push('step 2');
      busy(12);
      return 'done';
    };
    setImmediate(() => setImmediate(() => order.push('other, queued before step 1')));
    const value = await runSliced(steps(), 8);
    order.push('caller');
    expect(value).toBe('done');
    expect(order).toEqual(['step 1', 'other, queued before step 1', 'step 2', 'other, queued in step 2', 'caller']);
  });

  it('does not hand back between short steps', async () => {
    const order: string[] = [];
    const steps = function* (): Steps<number> {
      for (let i = 0; i < 5; i += 1) {
        if (i === 1) setImmediate(() => order.push('other'));
        order.push(`step ${i}`);
        yield;
      }
      return 5;
    };
    expect(await runSliced(steps(), 1000)).toBe(5);
    order.push('caller');
    // The work queued in step 1 has not run yet: no step, nor the end, handed the loop back.
    expect(order).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'caller']);
    await new Promise((resume) => setImmediate(resume));
    expect(order.at(-1)).toBe('other');
  });
});
