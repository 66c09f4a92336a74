import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../server/db/schema.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { createItemHistories } from '../server/modules/readiness/item-history.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { createReadinessStore } from '../server/modules/readiness/store.ts';

/**
 * Kept item histories (server/modules/readiness/item-history.ts): a whole history kept from an earlier look, brought
 * up to date with the readings saved since, is the history a fresh read gives, whatever was saved in between:
 * corrections on the same day, readings dated before the last one, after the day asked about, for other features
 * and for other councils.
 */
let db: Db;
const AS_OF = '2026-11-20';
const clock = () => new Date(`${AS_OF}T10:00:00Z`);

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
}, 120_000);
afterAll(() => closeDatabase(db));

interface Target { itemId: number; councilId: number; featureId: number; otherCouncil: number; otherFeature: number }

/** The first item whose status runs back to its first reading: the engine keeps its whole history. */
function target(): Target {
  const engine = createReadinessEngine(db, clock);
  const items = db.$client.prepare('select id, council_id, feature_id from rollout_items order by id').all() as Array<{ id: number; council_id: number; feature_id: number }>;
  const item = items.find((i) => {
    engine.evaluateItem(i.id, AS_OF);
    return engine.stats().itemHistories.entries > 0;
  })!;
  const otherCouncil = db.$client.prepare('select id from councils where id <> ? order by id limit 1').pluck().get(item.council_id) as number;
  const otherFeature = db.$client.prepare('select id from features where id <> ? order by id limit 1').pluck().get(item.feature_id) as number;
  return { itemId: item.id, councilId: item.council_id, featureId: item.feature_id, otherCouncil, otherFeature };
}

const criteriaOf = (scope: 'council' | 'feature') =>
  db.$client.prepare("select id from criteria where scope = ? and unit = 'percent' order by id").pluck().all(scope) as number[];

/** A reading to save: which council and feature, of the target's or another's, on which day, and its value. */
const readingArb = fc.record({
  otherCouncil: fc.boolean(),
  perFeature: fc.boolean(),
  otherFeature: fc.boolean(),
  criterion: fc.nat(),
  // Days from 400 before the day asked about to 10 after it: backdated, same-day corrections, and future ones.
  day: fc.integer({ min: -400, max: 10 }),
  value: fc.integer({ min: 0, max: 100 }),
});

type ReadingToSave = typeof readingArb extends fc.Arbitrary<infer R> ? R : never;

function save(t: Target, readings: ReadingToSave[], into: Db = db) {
  const council = criteriaOf('council');
  const feature = criteriaOf('feature');
  const insert = into.$client.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by_name, entered_at)
    values (?, ?, ?, ?, ?, '', 'Property', '2026-11-20T10:00:00.000Z')`);
  for (const r of readings) {
    const day = new Date(Date.parse(`${AS_OF}T00:00:00Z`) + r.day * 86_400_000).toISOString().slice(0, 10);
    const councilId = r.otherCouncil ? t.otherCouncil : t.councilId;
    if (r.perFeature && feature.length > 0) insert.run(feature[r.criterion % feature.length], councilId, r.otherFeature ? t.otherFeature : t.featureId, r.value, day);
    else insert.run(council[r.criterion % council.length], councilId, null, r.value, day);
  }
}

/**
 * A copy of the demo database, for a test whose engine keeps what it reads: the engine keeps nothing read inside a
 * transaction (a rollback hands its ids to the next writes), so such a test cannot undo its writes with one.
 */
function copyOfDemo(): Db {
  return drizzle(new Database(db.$client.serialize()), { schema }) as Db;
}

/** Runs `body`, then undoes every write it made. */
function undone(body: () => void) {
  db.$client.exec('savepoint probe');
  try {
    body();
  } finally {
    db.$client.exec('rollback to probe');
    db.$client.exec('release probe');
  }
}

describe('kept item histories', () => {
  it('a kept history brought up to date equals a fresh read, for random saves in several rounds', () => {
    const t = target();
    const store = createReadinessStore(db);
    fc.assert(fc.property(fc.array(fc.array(readingArb, { maxLength: 25 }), { minLength: 1, maxLength: 4 }), (rounds) => {
      undone(() => {
        // Made afresh each run: the rolled-back ids are used again by the next run, which real readings never are.
        const histories = createItemHistories(db);
        histories.keep(t.councilId, t.featureId, AS_OF, histories.highestId(), store.historyOfItem(t.councilId, t.featureId, AS_OF));
        for (const round of rounds) {
          save(t, round);
          expect(histories.get(t.councilId, t.featureId, AS_OF)).toEqual(store.historyOfItem(t.councilId, t.featureId, AS_OF));
        }
      });
    }), { numRuns: 60 });
  });

  it('nothing is kept for an item until asked, and a history handed out is not changed by later saves', () => {
    const t = target();
    const store = createReadinessStore(db);
    undone(() => {
      const histories = createItemHistories(db);
      expect(histories.get(t.councilId, t.featureId, AS_OF)).toBeUndefined();
      histories.keep(t.councilId, t.featureId, AS_OF, histories.highestId(), store.historyOfItem(t.councilId, t.featureId, AS_OF));
      const before = histories.get(t.councilId, t.featureId, AS_OF)!;
      const copy = [...before];
      save(t, [{ otherCouncil: false, perFeature: false, otherFeature: false, criterion: 0, day: -1, value: 42 }]);
      const after = histories.get(t.councilId, t.featureId, AS_OF)!;
      expect(before).toEqual(copy);
      expect(after).not.toBe(before);
      expect(after.length).toBeGreaterThanOrEqual(before.length);
    });
  });

  it('the engine judges an item on its kept history exactly as a fresh engine judges it, after random saves', () => {
    const t = target();
    fc.assert(fc.property(fc.array(readingArb, { minLength: 1, maxLength: 30 }), (readings) => {
      const copy = copyOfDemo();
      try {
        const engine = createReadinessEngine(copy, clock);
        engine.evaluateItem(t.itemId, AS_OF);
        expect(engine.stats().itemHistories.entries).toBe(1);
        save(t, readings, copy);
        const kept = engine.evaluateItem(t.itemId, AS_OF);
        expect(kept).toEqual(createReadinessEngine(copy, clock).evaluateItem(t.itemId, AS_OF));
      } finally {
        copy.$client.close();
      }
    }), { numRuns: 40 });
  });

});
