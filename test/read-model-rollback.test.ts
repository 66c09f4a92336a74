import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Db } from '../server/db/database.ts';
import { demoAppAsOffice } from './helpers.ts';

const DAY = '2026-11-23';
const NORTHMOOR = 1;

/**
 * Nothing the readiness engine keeps is kept from inside a transaction (modules/readiness/engine.ts): a rollback
 * takes back the writes but leaves versions and reading ids that the next committed writes take again, so an
 * evaluation, a catalogue or an item's history kept under them would show what never committed.
 */
describe('the readiness engine around a rolled-back transaction', () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = openDatabase({ file: ':memory:' });
    ({ app } = await demoAppAsOffice(db, DAY));
  }, 120_000);
  afterAll(async () => {
    await app.close();
    db.$client.close();
  });

  const rolledBack = (work: () => void) => {
    expect(() => db.$client.transaction(() => {
      work();
      throw new Error('rolled back');
    })()).toThrow('rolled back');
  };
  const criterionId = () => db.$client.prepare("select id from criteria where code = 'COMMS'").pluck().get() as number;
  const reading = (value: number) => db.$client.prepare(`insert into readings (criterion_id, council_id, value, reading_date, note, entered_by_name, entered_at)
    values (?, ?, ?, '${DAY}', '', 'Test', '${DAY}T10:00:00.000Z')`).run(criterionId(), NORTHMOOR, value);
  const comms = (items: Array<{ readiness: { criteria: Array<{ criterionId: number; value: number | null; target: number }> } }>) =>
    items.map((i) => i.readiness.criteria.find((c) => c.criterionId === criterionId())).filter((c) => c !== undefined);

  it("shows a council's committed reading, not one read inside a transaction that rolled back with the same version", () => {
    const { engine } = app.services;
    const council = () => comms(engine.evaluateItems({ asOf: DAY, councilIds: [NORTHMOOR] }).items);
    expect(council().length).toBeGreaterThan(0);
    rolledBack(() => {
      reading(11);
      expect(council().every((c) => c.value === 11)).toBe(true);
    });
    reading(66);
    expect(council().map((c) => c.value)).toEqual(council().map(() => 66));
  });

  it("shows an item's committed reading after one read into its kept history inside a transaction that rolled back", () => {
    const { engine } = app.services;
    const itemId = db.$client.prepare('select id from rollout_items where council_id = ? order by id limit 1').pluck().get(NORTHMOOR) as number;
    const item = () => comms([engine.evaluateItem(itemId, DAY)!])[0]!;
    item();
    rolledBack(() => {
      reading(12);
      expect(item().value).toBe(12);
    });
    reading(67);
    expect(item().value).toBe(67);
  });

  it('judges by the committed catalogue, not one read inside a transaction that rolled back with the same version', () => {
    const { engine } = app.services;
    const targets = () => comms(engine.evaluateItems({ asOf: DAY, councilIds: [NORTHMOOR] }).items).map((c) => c.target);
    const before = targets();
    rolledBack(() => {
      db.$client.prepare('update criteria set target = 1, amber_threshold = 1 where id = ?').run(criterionId());
      expect(targets()).not.toEqual(before);
    });
    // Another change to the catalogue, committed: the programme's version moves as far as the rolled-back one did.
    db.$client.prepare("update criteria set name = name || ' (renamed)' where id = ?").run(criterionId());
    expect(targets()).toEqual(before);
  });
});
