/** The plan's history read in steps (the board report's read) gives exactly the rows of the read in one piece. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { createPlanHistoryStore } from '../server/modules/progress/history.ts';

let db: Db;
beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
});
afterAll(() => closeDatabase(db));

describe('plan history up to a day, in steps', () => {
  it('holds the same rows in the same order as the one-piece read, on any day and with any step size, pausing between steps', () => {
    const history = createPlanHistoryStore(db);
    const total = (db.$client.prepare('select count(*) from plan_history').pluck().get() as number);
    expect(total).toBeGreaterThan(20);
    for (const day of ['2026-01-31', '2026-06-30', '2026-10-15', '2026-12-31']) {
      const whole = history.upTo(day);
      for (const perStep of [1, 7, 50, 10_000]) {
        const steps = history.upToSteps(day, perStep);
        let pauses = 0;
        let step = steps.next();
        while (!step.done) {
          pauses += 1;
          step = steps.next();
        }
        expect(step.value).toEqual(whole);
        expect(pauses).toBe(Math.floor(whole.length / perStep));
      }
    }
    expect(history.upTo('2026-12-31').every((r) => typeof r.removed === 'boolean')).toBe(true);
  });
});
