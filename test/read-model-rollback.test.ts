import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../server/db/database.ts';
import { createAuthStore, DEFAULT_SESSION_SETTINGS } from '../server/auth/store.ts';
import { createRememberedWeeks } from '../server/modules/dashboard/trend-weeks.ts';
import { CouncilWeeks, NO_ITEMS } from '../server/modules/dashboard/council-weeks.ts';
import { epochDay } from '../server/domain/day-count.ts';
import { withDemoAsOffice } from './helpers.ts';

const DAY = '2026-11-23';
const NORTHMOOR = 1;

let db: Db;
let app: FastifyInstance;
withDemoAsOffice(DAY, (made) => ({ db, app } = made));

const rolledBack = (work: () => void) => {
  expect(() => db.$client.transaction(() => {
    work();
    throw new Error('rolled back');
  })()).toThrow('rolled back');
};

/**
 * Nothing the readiness engine keeps is kept from inside a transaction (modules/readiness/engine.ts): a rollback
 * takes back the writes but leaves versions and reading ids that the next committed writes take again, so an
 * evaluation, a catalogue or an item's history kept under them would show what never committed.
 */
describe('the readiness engine around a rolled-back transaction', () => {
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

  it('serves what was kept before inside a transaction that wrote nothing it reads (the weekly digest runs in one)', () => {
    const { engine } = app.services;
    const councils = db.$client.prepare('select id from councils order by id').pluck().all() as number[];
    engine.evaluateItems({ asOf: DAY, councilIds: councils });
    const judged = () => engine.stats().councilsJudged;
    const before = judged();
    rolledBack(() => {
      db.$client.prepare("update notification_schedule set next_run_at = next_run_at where job = 'none'").run();
      engine.evaluateItems({ asOf: DAY, councilIds: councils });
      expect(judged()).toBe(before);
      // A council written to inside it is judged afresh there, and not kept.
      reading(13);
      engine.evaluateItems({ asOf: DAY, councilIds: councils });
      expect(judged()).toBe(before + 1);
    });
    engine.evaluateItems({ asOf: DAY, councilIds: councils });
    expect(judged()).toBe(before + 1);
  });
});

describe('read models around a rolled-back transaction', () => {
  const rename = (councilId: number, name: string) => db.$client.prepare('update councils set name = ?, version = version + 1 where id = ?').run(name, councilId);
  const nameOf = (councilId: number) => db.$client.prepare('select name from councils where id = ?').pluck().get(councilId) as string;

  it("replays an earlier day's plan with the committed names, not those of a rename rolled back", () => {
    const { engine } = app.services;
    const asOf = '2026-03-01';
    const names = () => new Map(engine.evaluateItems({ asOf, cache: false }).items.map((i) => [i.facts.councilId, i.facts.councilName]));
    expect(names().size).toBeGreaterThan(1);
    rolledBack(() => {
      rename(1, 'Ghost council');
      expect(names().get(1)).toBe('Ghost council');
    });
    // Another rename, committed: the councils' versions add up to what they did inside the transaction.
    rename(2, `${nameOf(2)} (renamed)`);
    expect([names().get(1), names().get(2)]).toEqual([nameOf(1), nameOf(2)]);
  });

  it('answers with the committed data after a response made inside a transaction that rolled back', () => {
    const cache = app.services.responses.dashboard;
    const get = () => cache.get('rollback-test', (v: string) => JSON.stringify(v), () => nameOf(3), { scope: 3 }).json.toString();
    rolledBack(() => {
      rename(3, 'Ghost council 3');
      expect(get()).toBe('"Ghost council 3"');
    });
    // No write since: the change signal stands where it stood inside the transaction.
    expect(get()).toBe(JSON.stringify(nameOf(3)));
  });

  it('gives the benefits headline of the committed costs after a change of cost rolled back', () => {
    const figures = app.services.benefitsFigures;
    const saved = () => figures.headlineNow(DAY).savedPence;
    const before = saved();
    const [first, second] = db.$client.prepare('select id from unit_costs order by id limit 2').pluck().all() as number[];
    rolledBack(() => {
      db.$client.prepare('update unit_costs set cost_pence = cost_pence * 10, version = version + 1 where id = ?').run(first);
      expect(saved()).not.toBe(before);
    });
    db.$client.prepare("update unit_costs set source = source || ' (checked)', version = version + 1 where id = ?").run(second);
    expect(saved()).toBe(before);
  });

  it('draws the timeline with the committed names after one drawn inside a transaction that rolled back', () => {
    const { timeline } = app.services;
    const drawn = () => JSON.stringify(timeline.timeline());
    expect(drawn()).toContain(nameOf(3));
    rolledBack(() => {
      rename(3, 'Ghost council 3b');
      expect(drawn()).toContain('Ghost council 3b');
    });
    rename(1, `${nameOf(1)} (renamed again)`);
    expect([drawn().includes('Ghost council 3b'), drawn().includes(nameOf(1))]).toEqual([false, true]);
  });

  it('signs no one in with a session made and looked up inside a transaction that rolled back', () => {
    const auth = createAuthStore(db);
    const user = db.$client.prepare("select id, display_name as displayName, role from users where role = 'office' limit 1").get() as { id: number; displayName: string; role: 'office' };
    const now = new Date(`${DAY}T10:00:00Z`);
    let token = '';
    rolledBack(() => {
      token = auth.createSession(user, now, DEFAULT_SESSION_SETTINGS).token;
      expect(auth.findSession(token, now, DEFAULT_SESSION_SETTINGS)?.actor.id).toBe(user.id);
    });
    expect(auth.findSession(token, now, DEFAULT_SESSION_SETTINGS)).toBeUndefined();
  });

  it("keeps none of a trend's weeks made inside a transaction, and keeps them outside one", () => {
    const weeks = createRememberedWeeks(db);
    const versions = new Map<string, number>();
    const week = (parts: CouncilWeeks) => parts.set(epochDay('2026-11-22'), NO_ITEMS);
    rolledBack(() => {
      weeks.sync(versions);
      week(weeks.weeksOf('all', NORTHMOOR, versions));
      weeks.pointsOf('programme|', [NORTHMOOR]).set('2026-11-22', { weekEnding: '2026-11-22', score: null, rag: 'green', red: 0, amber: 0, green: 0, live: 0 });
    });
    expect([weeks.stats().entries, weeks.weeksOf('all', NORTHMOOR, versions).size, weeks.pointsOf('programme|', [NORTHMOOR]).size]).toEqual([0, 0, 0]);
    weeks.sync(versions);
    week(weeks.weeksOf('all', NORTHMOOR, versions));
    expect(weeks.weeksOf('all', NORTHMOOR, versions).size).toBe(1);
  });
});
