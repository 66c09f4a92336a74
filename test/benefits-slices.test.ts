import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { benefitVolumes } from '../server/db/schema.ts';
import { runNow, runSliced, type Steps } from '../server/http/steps.ts';
import { createBenefitsReadModel } from '../server/modules/benefits/read-model.ts';
import { withDemoDatabase } from './helpers.ts';

/**
 * The benefits figures are made in slices that hand the event loop back (docs/performance.md): the same figures
 * as made straight through, other work runs while they are made, and a write that lands meanwhile is seen next.
 */
let db: Db;
const clock = () => new Date('2026-11-23T09:00:00Z');

withDemoDatabase((made) => { db = made; });

/** Counts the turns of the event loop until a promise settles. */
async function turnsUntil<T>(promise: Promise<T>): Promise<{ value: T; turns: number }> {
  let settled = false;
  let turns = 0;
  const done = promise.finally(() => { settled = true; });
  while (!settled) {
    await nextTurn();
    turns += 1;
  }
  return { value: await done, turns };
}

describe('steps', () => {
  function* counting(n: number): Steps<number> {
    let sum = 0;
    for (let i = 1; i <= n; i += 1) {
      sum += i;
      yield;
    }
    return sum;
  }

  it('gives the same answer straight through and in slices, and only the sliced run lets the loop turn', async () => {
    expect(runNow(counting(100))).toBe(5050);
    const sliced = await turnsUntil(runSliced(counting(100), 0));
    expect(sliced.value).toBe(5050);
    // With no time allowed per slice, every step hands the loop back.
    expect(sliced.turns).toBeGreaterThanOrEqual(100);
  });

  it('passes an error thrown part-way through to the caller', async () => {
    function* failing(): Steps<number> {
      yield;
      throw new Error('no such council');
    }
    await expect(runSliced(failing(), 0)).rejects.toThrow('no such council');
    expect(() => runNow(failing())).toThrow('no such council');
  });
});

describe('the benefits figures in slices', () => {
  it('are the figures made straight through, for every scope, while other work runs', async () => {
    const sliced = createBenefitsReadModel(db, clock, { sliceMs: 0 });
    const now = createBenefitsReadModel(db, clock);
    const programme = await turnsUntil(sliced.summary({}));
    expect(programme.turns).toBeGreaterThan(10);
    expect(programme.value).toEqual(now.summaryNow({}));
    expect(programme.value.headline.savedPence).toBe(1_978_397);
    for (const c of programme.value.councils) {
      expect(await sliced.summary({ councilId: c.id })).toEqual(now.summaryNow({ councilId: c.id }));
    }
    for (const f of programme.value.features) expect(await sliced.summary({ featureId: f.id })).toEqual(now.summaryNow({ featureId: f.id }));
    expect(await sliced.summary({ asOf: '2026-09-30' })).toEqual(now.summaryNow({ asOf: '2026-09-30' }));
  });

  it('make a figure once for requests that ask at the same time, and keep it while nothing changes', async () => {
    const figures = createBenefitsReadModel(db, clock, { sliceMs: 0 });
    const [a, b] = await Promise.all([figures.summary({ asOf: '2026-10-31' }), figures.summary({ asOf: '2026-10-31' })]);
    expect(a).toBe(b);
    expect(await figures.summary({ asOf: '2026-10-31' })).toBe(a);
    expect(figures.summaryNow({ asOf: '2026-10-31' })).toBe(a);
  });

  it('answer a request made before a write with the figures before it, and the next request with the write', async () => {
    const figures = createBenefitsReadModel(db, clock, { sliceMs: 0 });
    const before = createBenefitsReadModel(db, clock).summaryNow({});
    const inFlight = figures.summary({});
    await nextTurn();
    const sample = db.select().from(benefitVolumes).get()!;
    const { id: _id, ...copy } = sample;
    // A correction entered today for an earlier month: the newest entry of a month is the one that counts.
    db.insert(benefitVolumes).values({ ...copy, online: (copy.online ?? 0) + 500, note: 'Corrected: late kiosk logins', enteredAt: '2026-11-23T08:00:00.000Z' }).run();
    expect(await inFlight).toEqual(before);
    const after = await figures.summary({});
    const month = after.months.find((m) => m.month === sample.month)!;
    const was = before.months.find((m) => m.month === sample.month)!;
    expect(month.volumes.online).toBe(was.volumes.online + 500);
  });

  it('refuse an unknown council in slices as straight through, and remember nothing for it', async () => {
    const figures = createBenefitsReadModel(db, clock, { sliceMs: 0 });
    await expect(figures.summary({ councilId: 999_999 })).rejects.toMatchObject({ statusCode: 404 });
    await expect(figures.summary({ councilId: 999_999 })).rejects.toMatchObject({ statusCode: 404 });
    expect(() => figures.summaryNow({ councilId: 999_999 })).toThrow();
  });
});
