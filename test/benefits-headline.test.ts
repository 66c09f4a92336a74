import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { createBenefitsReadModel } from '../server/modules/benefits/read-model.ts';
import { withDemoDatabase } from './helpers.ts';

/**
 * The programme's headline is made alone when the summary of that day has not been made (the board report's start of
 * period, the overview "as of" a day): it must be the headline the whole summary gives, on any day.
 */
let db: Db;
const clock = () => new Date('2026-11-23T09:00:00Z');

withDemoDatabase((made) => { db = made; });

const day = fc.integer({ min: 0, max: 1_000 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('the benefits headline made alone', () => {
  it('equals the programme summary\'s headline on any day, in slices and straight through', async () => {
    await fc.assert(fc.asyncProperty(day, async (asOf) => {
      const alone = createBenefitsReadModel(db, clock);
      const [sliced, straight] = [await alone.headline(asOf), alone.headlineNow(asOf)];
      const whole = createBenefitsReadModel(db, clock).summaryNow({ asOf }).headline;
      expect(sliced).toEqual(whole);
      expect(straight).toEqual(whole);
    }), { numRuns: 25 });
  });

  it('is taken from the summary when the summary of that day is already made', async () => {
    const model = createBenefitsReadModel(db, clock);
    const summary = await model.summary({ asOf: '2026-11-23' });
    expect(await model.headline('2026-11-23')).toBe(summary.headline);
    expect(model.headlineNow('2026-11-23')).toBe(summary.headline);
    // Made alone first, it is a separate object with the same content.
    const other = createBenefitsReadModel(db, clock);
    const alone = await other.headline('2026-11-23');
    expect(alone).not.toBe(summary.headline);
    expect(alone).toEqual(summary.headline);
    expect(alone.savedPence).not.toBeNull();
  });
});
