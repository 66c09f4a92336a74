import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { epochDay } from '../server/domain/day-count.ts';
import { CouncilWeeks, MAX_SPAN_WEEKS, NO_ITEMS, PART_FIELDS_COMPARED, samePart, type Part } from '../server/modules/dashboard/council-weeks.ts';
import { MAX_TREND_WEEKS } from '../server/modules/dashboard/trends.ts';
import { createRememberedWeeks } from '../server/modules/dashboard/trend-weeks.ts';
import { withDemoDatabase } from './helpers.ts';

/** The day number of the week ending `n` weeks after Sunday 2026-01-04. */
const sunday = (n: number) => epochDay('2026-01-04') + 7 * n;
const part = (score: number | null, red = 0): Part => ({ scores: score === null ? [] : [score], red, amber: 1, green: 2, live: 0, worst: red ? 'red' : 'amber' });

/** The words the weeks should cost: a slot for each week from the first held to the last, and each part not the week before's. */
function wordsExpected(weeks: CouncilWeeks, held: number[]): number {
  if (held.length === 0) return 0;
  const sorted = [...held].sort((a, b) => a - b);
  let owned = 0;
  for (const day of sorted) {
    const p = weeks.get(day)!;
    if (p !== NO_ITEMS && p !== weeks.get(day - 7)) owned += 14 + p.scores.length;
  }
  return (sorted.at(-1)! - sorted[0]!) / 7 + 1 + owned;
}

describe("a council's remembered weeks", () => {
  it.each([MAX_SPAN_WEEKS, 4])('hold what a Map of weeks holds, through random sets and forgets, and count their words (spanning at most %i weeks)', (span) => {
    // Sets five times as often as the rest, over a few weeks: runs of equal weeks, which share a part, are common.
    const op = fc.oneof(
      { weight: 10, arbitrary: fc.record({ kind: fc.constant('set' as const), week: fc.integer({ min: -3, max: 9 }), score: fc.option(fc.integer({ min: 0, max: 3 }).map((n) => n * 0.1 + 0.2)), red: fc.integer({ min: 0, max: 1 }), empty: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('forget' as const), day: fc.integer({ min: sunday(-5), max: sunday(11) }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
    );
    fc.assert(fc.property(fc.array(op, { minLength: 10, maxLength: 60 }), (ops) => {
      const weeks = new CouncilWeeks(span);
      const reference = new Map<number, Part>();
      for (const o of ops) {
        if (o.kind === 'set') {
          const made = o.empty ? NO_ITEMS : part(o.score, o.red);
          // A week too far from those held lets go of those at the far end.
          const held = [...reference.keys()].map((day) => (day - sunday(0)) / 7);
          if (held.length > 0 && o.week - Math.min(...held) >= span) for (const w of held) if (w < o.week - span + 1) reference.delete(sunday(w));
          if (held.length > 0 && Math.max(...held) - o.week >= span) for (const w of held) if (w > o.week + span - 1) reference.delete(sunday(w));
          weeks.set(sunday(o.week), made);
          reference.set(sunday(o.week), made);
        } else if (o.kind === 'forget') {
          weeks.forgetFrom(o.day);
          for (const day of reference.keys()) if (day >= o.day) reference.delete(day);
        } else {
          weeks.clear();
          reference.clear();
        }
        expect(weeks.size).toBe(reference.size);
        for (let w = -5; w <= 11; w += 1) {
          const held = weeks.get(sunday(w));
          expect(held === undefined ? undefined : held, `week ${w}`).toEqual(reference.get(sunday(w)));
          expect(weeks.has(sunday(w))).toBe(reference.has(sunday(w)));
        }
        expect(weeks.words).toBe(wordsExpected(weeks, [...reference.keys()]));
      }
    }), { numRuns: 300 });
  });

  it("give a week that says the same as the week before that week's part, and never one that differs by a bit", () => {
    const weeks = new CouncilWeeks();
    weeks.set(sunday(0), part(50.1));
    weeks.set(sunday(1), part(50.1));
    weeks.set(sunday(2), part(50.1 + Number.EPSILON * 32));
    expect(weeks.get(sunday(1))).toBe(weeks.get(sunday(0)));
    expect(weeks.get(sunday(2))).not.toBe(weeks.get(sunday(1)));
    expect(weeks.get(sunday(2))!.scores[0]).toBe(50.1 + Number.EPSILON * 32);
    // Three weeks, two parts of one score each.
    expect(weeks.words).toBe(3 + 2 * 15);
  });

  it('tell apart two parts that differ in any one field', () => {
    const one = part(61.5, 1);
    expect(PART_FIELDS_COMPARED).toEqual(expect.arrayContaining(Object.keys(one)));
    expect(Object.keys(one)).toEqual(expect.arrayContaining([...PART_FIELDS_COMPARED]));
    expect(samePart(one, { ...one, scores: [...one.scores] })).toBe(true);
    for (const field of PART_FIELDS_COMPARED) expect(samePart(one, { ...one, [field]: field === 'scores' ? [61.6] : 7 } as Part), field).toBe(false);
    expect(samePart(one, { ...one, scores: [61.5, 0] })).toBe(false);
    expect(samePart(one, { ...one, worst: 'green' })).toBe(false);
  });

  it('span at most ten years, twice the longest trend, so the weeks of the trend being made are never let go', () => {
    expect(MAX_SPAN_WEEKS).toBeGreaterThanOrEqual(2 * MAX_TREND_WEEKS);
    const weeks = new CouncilWeeks();
    for (let w = 0; w < 260; w += 1) weeks.set(sunday(w), part(w));
    // A trend of 2199 after one of 1900: the old weeks go as the new are held, and the list never grows past the span.
    const later = Math.round((epochDay('2199-12-29') - sunday(0)) / 7);
    for (let w = later - 259; w <= later; w += 1) weeks.set(sunday(w), part(w));
    expect(weeks.size).toBe(260);
    expect(weeks.get(sunday(259))).toBeUndefined();
    expect(weeks.get(sunday(later - 259))?.scores).toEqual([later - 259]);
    expect(weeks.words).toBe(260 + 260 * 15);
  });

  it('forget every week for a day that is not a number (a date that did not parse), and stay usable', () => {
    const weeks = new CouncilWeeks();
    for (let w = 0; w < 5; w += 1) weeks.set(sunday(w), part(w));
    weeks.forgetFrom(Number.NaN);
    expect([weeks.size, weeks.words, weeks.get(sunday(0))]).toEqual([0, 0, undefined]);
    weeks.set(sunday(3), part(1));
    expect([weeks.size, weeks.words]).toEqual([1, 1 + 15]);
  });

  it('refuse a day that is not a week ending', () => {
    expect(() => new CouncilWeeks().set(epochDay('2026-11-20'), NO_ITEMS)).toThrow(/not a week ending/);
  });
});

describe('the weeks remembered for trends', () => {
  let db: Db;
  withDemoDatabase((made) => { db = made; });

  it('stay within their limit once weeks are added to councils already watched, and forget the least recently used', () => {
    const remembered = createRememberedWeeks(db, 200);
    const versions = new Map<string, number>();
    const councilIds = db.$client.prepare('select id from councils order by id').pluck().all() as number[];
    expect(councilIds.length).toBeGreaterThanOrEqual(3);
    remembered.sync(versions);
    for (const councilId of councilIds.slice(0, 3)) {
      const weeks = remembered.weeksOf('all', councilId, versions);
      for (let w = 0; w < 60; w += 1) weeks.set(sunday(w), part(w));
      remembered.resize('all', councilId);
    }
    // Each council's 60 weeks cost 60 slots and 60 parts of one score (15 words each): 961 words with the entry,
    // over the limit of 200, so none is kept.
    expect(remembered.stats()).toEqual({ entries: 0, words: 0 });
    for (const councilId of councilIds.slice(0, 3)) {
      const weeks = remembered.weeksOf('all', councilId, versions);
      for (let w = 0; w < 60; w += 1) weeks.set(sunday(w), NO_ITEMS);
      remembered.resize('all', councilId);
    }
    // 61 words each: the first council's weeks make room for the third's.
    expect(remembered.stats()).toEqual({ entries: 3, words: 183 });
    const fourth = remembered.weeksOf('all', councilIds[3] ?? councilIds[0]!, versions);
    for (let w = 0; w < 30; w += 1) fourth.set(sunday(w), NO_ITEMS);
    remembered.resize('all', councilIds[3] ?? councilIds[0]!);
    expect(remembered.stats().words).toBeLessThanOrEqual(200);
    expect(remembered.weeksOf('all', councilIds[0]!, versions).size).toBe(councilIds[3] === undefined ? 30 : 0);
  });
});
