/**
 * A series' entries of each month as a day's benefits facts keep them (KeptActuals in server/modules/benefits/facts.ts):
 * two arrays in month order instead of a Map per series. Whatever order the entries come in, it answers as a Map of
 * the same entries would, and no text that is not a month written YYYY-MM is taken for one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Volumes } from '../server/domain/benefits.ts';
import { monthNumber, monthsBetween, nextMonth } from '../server/domain/months.ts';
import { KeptActuals } from '../server/modules/benefits/facts.ts';

/** An entry's "counts": its reference in the paper channel, so the test can tell which entry came back. */
const volumesAt = (entry: unknown) => ({ paper: entry as number }) as unknown as Volumes;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const month = fc.oneof(
  fc.tuple(fc.integer({ min: 2019, max: 2031 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  fc.constantFrom('2026-13', '2026-00', '2026-1a', '202a-11', '2026/11', '2026-1', '', '0000-01', '9999-12', '2026-11 '),
);

describe('a series\' kept entries by month', () => {
  it('answers every month, its months and its entries as a Map of the same entries would', () => {
    fc.assert(fc.property(fc.array(fc.tuple(month, fc.nat(1_000_000)), { maxLength: 80 }), (sets) => {
      const kept = new KeptActuals(volumesAt, new Map());
      const model = new Map<string, number>();
      for (const [m, entry] of sets) {
        kept.set(m, entry);
        if (MONTH.test(m)) model.set(m, entry);
      }
      const asked = [...new Set([...sets.map(([m]) => m), '2026-11', '2018-12', '2032-01', 'not a month'])];
      for (const m of asked) expect(kept.get(m)?.paper, m).toBe(model.get(m));
      const sorted = [...model.keys()].sort();
      expect([...kept.keys()]).toEqual(sorted);
      expect([...kept.entries()].map(([m, v]) => [m, v.paper])).toEqual(sorted.map((m) => [m, model.get(m)]));
    }), { numRuns: 300 });
  });

  it('keeps the later of two entries for a month, however far apart they came', () => {
    const kept = new KeptActuals(volumesAt, new Map());
    for (const [m, entry] of [['2026-03', 1], ['2026-01', 2], ['2026-02', 3], ['2026-03', 4], ['2026-01', 5]] as const) kept.set(m, entry);
    expect(['2026-01', '2026-02', '2026-03'].map((m) => kept.get(m)?.paper)).toEqual([5, 3, 4]);
    expect(kept.get('2026-04')).toBeUndefined();
  });

  it('number months as the month functions count them, and no other text as a month', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, inYear) => {
      const m = `${String(year).padStart(4, '0')}-${String(inYear).padStart(2, '0')}`;
      expect(monthNumber(m)).toBe(year * 12 + inYear - 1);
      if (year < 9999 || inYear < 12) expect(monthNumber(nextMonth(m))).toBe(monthNumber(m) + 1);
    }));
    expect(monthsBetween('2025-11', '2026-02').map(monthNumber)).toEqual([24310, 24311, 24312, 24313]);
    for (const text of ['2026-13', '2026-00', '2026-1a', '202a-11', '2026/11', '2026-1', '', '2026-11 ', '２０２６-11', '-026-11']) expect(monthNumber(text), text).toBeNaN();
  });
});
