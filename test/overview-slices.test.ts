import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { councils } from '../server/db/schema.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { runNow, runSliced } from '../server/http/steps.ts';
import { stepsOf } from './steps.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { createReadinessViews } from '../server/modules/dashboard/views.ts';

/**
 * The overview is built in slices (docs/performance.md, "Event-loop stalls"): a cold build pauses after every
 * council it judges, so one "as of" view of a large programme never holds up every other request. Sliced or
 * straight through, the figures are the same.
 */
let db: Db;
const clock = () => new Date('2026-11-23T09:00:00Z');
let councilCount = 0;

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  councilCount = db.select().from(councils).all().length;
}, 120_000);
afterAll(() => closeDatabase(db));

const freshViews = () => createReadinessViews(db, clock, createReadinessEngine(db, clock));

describe('the overview in slices', () => {
  it.each(['2026-11-23', '2026-09-30', '2026-06-01'])('gives the same overview sliced as straight through, as of %s', async (asOf) => {
    const straight = freshViews().overview({ asOf });
    const sliced = await runSliced(freshViews().overviewSteps({ asOf }), 0);
    expect(sliced).toEqual(straight);
    expect(sliced.councilPage.total).toBe(councilCount);
  });

  it('pauses after every council judged cold, and not when every council is cached', () => {
    const views = freshViews();
    const cold = stepsOf(views.overviewSteps({ asOf: '2026-10-31' }));
    // Once per council against the baseline in force (and again against the original, where that is another).
    expect(cold.pauses).toBeGreaterThanOrEqual(councilCount);
    const warm = stepsOf(views.overviewSteps({ asOf: '2026-10-31' }));
    expect(warm.pauses).toBeLessThan(councilCount);
    expect(warm.value).toEqual(cold.value);
  });

  it('lets other work run while a cold overview is built', async () => {
    let settled = false;
    let turns = 0;
    const done = runSliced(freshViews().overviewSteps({ asOf: '2026-08-31' }), 0).finally(() => { settled = true; });
    while (!settled) {
      await nextTurn();
      turns += 1;
    }
    expect((await done).asOf).toBe('2026-08-31');
    expect(turns).toBeGreaterThanOrEqual(councilCount);
    expect(runNow(freshViews().overviewSteps({ asOf: '2026-08-31' }))).toEqual(await done);
  });
});

describe("a wave's summary in slices", () => {
  it.each(['2026-11-23', '2026-09-30'])('is the same sliced as straight through, and pauses after every council judged cold, as of %s', async (asOf) => {
    const straight = freshViews().wave(3, asOf);
    const cold = stepsOf(freshViews().waveSteps(3, asOf));
    expect(cold.value).toEqual(straight);
    expect(await runSliced(freshViews().waveSteps(3, asOf), 0)).toEqual(straight);
    // Today only the councils with items in the wave are judged; an earlier day judges every council.
    expect(cold.pauses).toBeGreaterThanOrEqual(2);
    expect(straight.page.total).toBeGreaterThan(0);
  });
});
