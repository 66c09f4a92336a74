import { describe, expect, it } from 'vitest';
import { groupBy } from '../server/domain/group-by.ts';
import { openDatabase } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { createProgressStore } from '../server/modules/progress/store.ts';
import { groupBySeries, readingKey, type KeyedReading } from '../server/modules/readiness/store.ts';

/** A small seeded generator, so a failure names a history that can be made again. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const entries = <K, V>(map: Map<K, V>) => [...map.entries()];

describe('readings filed by series (the readiness engine)', () => {
  it('file random histories, sorted by series or not, exactly as grouping every reading by its key does, in the same order', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const next = random(seed);
      const pick = (n: number) => Math.floor(next() * n);
      const readings: KeyedReading[] = Array.from({ length: pick(400) }, () => ({
        criterionId: 1 + pick(6), councilId: 1 + pick(3), featureId: next() < 0.4 ? null : 1 + pick(3), value: pick(100), readingDate: `2026-0${1 + pick(9)}-1${pick(10)}`,
      }));
      const bySeries = readings.slice().sort((a, b) => a.criterionId - b.criterionId || a.councilId - b.councilId || (a.featureId ?? 0) - (b.featureId ?? 0));
      for (const list of [readings, bySeries]) {
        const expected = groupBy(list, (r) => readingKey(r.criterionId, r.councilId, r.featureId));
        const filed = groupBySeries(list);
        expect(entries(filed), `seed ${seed}`).toEqual(entries(expected));
        // The very readings, not copies: an evaluation reads them as they are kept.
        for (const [key, series] of filed) series.forEach((r, i) => expect(r).toBe(expected.get(key)![i]));
      }
    }
  });

  it("give an item's facts alone as its council's facts give them, for every item of the demo", async () => {
    const db = openDatabase({ file: ':memory:' });
    await loadDemo(db);
    const store = createProgressStore(db);
    const items = store.itemFacts();
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) expect(store.itemFactsOfItem(item.itemId)).toEqual(store.itemFactsOf(item.councilId).filter((f) => f.itemId === item.itemId));
    expect(store.itemFactsOfItem(999_999)).toEqual([]);
    db.$client.close();
  });
});
