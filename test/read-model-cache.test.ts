import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadModelCache } from '../server/read-models/cache.ts';
import { systemActor } from '../server/auth/actor.ts';
import { councilScope } from '../server/read-models/scopes.ts';
import { withPlanChange } from '../server/modules/progress/history.ts';
import { closeTestApp, createTestApp, TODAY, type TestContext } from './helpers.ts';

/**
 * The read models' one bounded cache (server/read-models/cache.ts) and the readiness engine on it: today's entries
 * have a budget of their own, so "as of" reads cannot push them out (the cliff: with more than about 300 councils,
 * one "as of" overview after a write made the next overview a cold rebuild of every council).
 */
describe('the bounded read-model cache', () => {
  const cache = (today = '2026-11-23') => createReadModelCache<{ n: number }>({ budget: { today: 3, asOf: 2 }, today: () => today });

  it('keeps today and other days apart: a sweep of other days evicts only other days', () => {
    const c = cache();
    for (const key of ['a', 'b', 'c']) c.set(key, { n: 1 }, '2026-11-23');
    for (let day = 1; day <= 9; day += 1) c.set(`past${day}`, { n: day }, `2026-10-0${day}`);
    expect(['a', 'b', 'c'].map((key) => c.get(key, '2026-11-23')?.n)).toEqual([1, 1, 1]);
    // Only the last two other days are left: the least recently used went first.
    expect(c.get('past7', '2026-10-07')).toBeUndefined();
    expect(c.get('past8', '2026-10-08')?.n).toBe(8);
    expect(c.get('past9', '2026-10-09')?.n).toBe(9);
    expect(c.stats()).toMatchObject({ today: { entries: 3, budget: 3 }, asOf: { entries: 2, budget: 2 } });
  });

  it('an entry with no day counts as today', () => {
    const c = cache();
    c.set('x', { n: 5 });
    expect(c.get('x', '2026-11-23')?.n).toBe(5);
    expect(c.get('x', '2026-11-22')).toBeUndefined();
  });

  it('today beyond its budget evicts the least recently used of today', () => {
    const c = cache();
    for (const key of ['a', 'b', 'c']) c.set(key, { n: 1 });
    c.get('a');
    c.set('d', { n: 2 });
    expect(['a', 'b', 'c', 'd'].map((key) => c.get(key) !== undefined)).toEqual([true, false, true, true]);
  });

  it('grows today to fit the data, keeping every entry and their order of use', () => {
    const c = cache();
    for (const key of ['a', 'b', 'c']) c.set(key, { n: 1 });
    c.get('a');
    c.fitToday(4);
    expect(c.stats().today).toEqual({ entries: 3, size: 3, budget: 4 });
    c.set('d', { n: 1 });
    c.set('e', { n: 1 });
    // b was the least recently used before the move, and still is after it.
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => c.get(key) !== undefined)).toEqual([true, false, true, true, true]);
    c.fitToday(2);
    expect(c.stats().today.budget).toBe(4);
  });

  it('counts entries by their size', () => {
    const c = createReadModelCache<{ items: number[] }>({ budget: { today: 10, asOf: 10 }, today: () => TODAY, sizeOf: (v) => v.items.length });
    c.set('big', { items: [1, 2, 3, 4, 5, 6, 7] });
    c.set('small', { items: [1, 2, 3] });
    c.set('more', { items: [1, 2] });
    expect(c.get('big')).toBeUndefined();
    expect(c.stats().today).toEqual({ entries: 2, size: 5, budget: 10 });
  });
});

const COUNCILS = 1000;
const FEATURES = 8;
const CREATED = '2026-01-05T09:00:00.000Z';

describe(`the readiness engine at ${COUNCILS.toLocaleString('en-GB')} councils, today's and "as of" reads mixed`, () => {
  let ctx: TestContext;
  let councilIds: number[];

  beforeAll(async () => {
    ctx = await createTestApp();
    const sqlite = ctx.db.$client;
    // A generated programme, written straight to the tables (the triggers keep plan history and versions as usual).
    sqlite.transaction(() => {
      const feature = sqlite.prepare("insert into features (code, name, description, audience, benefit, created_at, updated_at) values (?, ?, '', ?, '', ?, ?)");
      const features = Array.from({ length: FEATURES }, (_, i) => Number(feature.run(`F${i}`, `Feature ${i}`, i % 3 === 0 ? 'managers' : 'employees', CREATED, CREATED).lastInsertRowid));
      const wave = Number(sqlite.prepare("insert into waves (name, sequence, planned_go_live, status, description, created_at, updated_at) values ('W1', 1, '2027-03-01', 'planned', '', ?, ?)").run(CREATED, CREATED).lastInsertRowid);
      sqlite.prepare(`insert into criteria (code, name, description, unit, direction, target, amber_threshold, weight, mandatory, scope, audience, phase, created_at, updated_at)
        values ('TRAINED', 'Staff trained', '', 'percent', 'higher', 80, 60, 1, 1, 'council', 'all', 'readiness', ?, ?)`).run(CREATED, CREATED);
      const council = sqlite.prepare('insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values (?, ?, 1000, 100, ?, ?)');
      const item = sqlite.prepare("insert into rollout_items (council_id, feature_id, wave_id, status, note, created_at, updated_at) values (?, ?, ?, 'planned', '', ?, ?)");
      for (let c = 1; c <= COUNCILS; c += 1) {
        const id = Number(council.run(`Council ${String(c).padStart(4, '0')}`, `C${c}`, CREATED, CREATED).lastInsertRowid);
        for (const f of features) item.run(id, f, wave, CREATED, CREATED);
      }
    })();
    councilIds = sqlite.prepare('select id from councils order by id').pluck().all() as number[];
  }, 120_000);
  afterAll(async () => closeTestApp(ctx));

  const judged = () => ctx.app.services.engine.stats().councilsJudged;
  /** Councils judged afresh by one overview (the screen's read model, without the response cache in front). */
  const rebuilds = (asOf?: string) => {
    const before = judged();
    const overview = ctx.app.services.views.overview({ asOf });
    return { judged: judged() - before, overview };
  };
  const writeReading = (councilId: number, value: number) => ctx.db.$client.prepare(`insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by, entered_by_name, entered_at)
    values ((select id from criteria where code = 'TRAINED'), ?, null, ?, ?, '', null, 'Test', ?)`).run(councilId, value, TODAY, `${TODAY}T09:00:00.000Z`);

  it('judges every council once, then serves today from the cache', () => {
    const first = rebuilds();
    expect(first.judged).toBe(COUNCILS);
    expect(first.overview.totals.items).toBe(COUNCILS * FEATURES);
    expect(rebuilds().judged).toBe(0);
  }, 120_000);

  it("after a write and mixed 'as of' reads, today's overview judges only the council written to", () => {
    writeReading(councilIds[0]!, 90);
    // Two other days, each a whole pass over 1,000 councils: the old engine's 600 shared entries could not hold them.
    for (const asOf of ['2026-06-30', '2026-09-30']) {
      const past = rebuilds(asOf);
      expect(past.judged).toBe(COUNCILS);
      expect(past.overview.totals.items).toBe(COUNCILS * FEATURES);
    }
    const after = rebuilds();
    expect(after.judged).toBe(1);
    expect(after.overview.totals.items).toBe(COUNCILS * FEATURES);
    // And again, with the writes and as-of reads interleaved.
    writeReading(councilIds[1]!, 10);
    rebuilds('2026-08-31');
    writeReading(councilIds[2]!, 10);
    expect(rebuilds().judged).toBe(2);
    const { today } = ctx.app.services.engine.stats().cache;
    expect(today.entries).toBe(COUNCILS);
  }, 180_000);

  it("a council's evaluation follows a reading written to it (its scope's version moved)", () => {
    const summary = () => ctx.app.services.views.council(councilIds[3]!, TODAY, systemActor('Test'));
    const trained = () => summary().items.map((i) => i.reasons.join(' ')).join(' ');
    expect(trained()).toMatch(/Staff trained/);
    writeReading(councilIds[3]!, 95);
    expect(summary().items.every((i) => !i.reasons.some((r) => /Staff trained/.test(r)))).toBe(true);
  });

  it('an item moved to another council, and then deleted, leaves both councils as the tables say', () => {
    const [from, to] = [councilIds[4]!, councilIds[5]!];
    const items = (councilId: number) => ctx.app.services.views.council(councilId, TODAY, systemActor('Test')).items.length;
    const overviewItems = () => ctx.app.services.views.overview({}).totals.items;
    expect([items(from), items(to), overviewItems()]).toEqual([FEATURES, FEATURES, COUNCILS * FEATURES]);
    // Another feature, so the move breaks no one-item-per-council-and-feature rule.
    const sqlite = ctx.db.$client;
    const featureId = Number(sqlite.prepare("insert into features (code, name, description, audience, benefit, created_at, updated_at) values ('MOVED', 'Moved feature', '', 'employees', '', ?, ?)").run(CREATED, CREATED).lastInsertRowid);
    const versionOf = (councilId: number) => sqlite.prepare('select version from read_model_versions where scope = ?').pluck().get(councilScope(councilId)) as number;
    const itemId = Number(sqlite.prepare("insert into rollout_items (council_id, feature_id, status, note, created_at, updated_at) values (?, ?, 'not_scheduled', '', ?, ?)").run(from, featureId, CREATED, CREATED).lastInsertRowid);
    expect([items(from), items(to), overviewItems()]).toEqual([FEATURES + 1, FEATURES, COUNCILS * FEATURES + 1]);
    const before = [versionOf(from), versionOf(to)];
    // Made as the app makes a change, at its clock's time (the triggers would otherwise date the rows by SQLite's
    // clock, days after the tests' today, and today's view would replay today as a day already past).
    const change = (work: () => void) => withPlanChange(ctx.db, { actor: systemActor('Test'), at: new Date(`${TODAY}T10:00:00.000Z`) }, work);
    change(() => sqlite.prepare('update rollout_items set council_id = ? where id = ?').run(to, itemId));
    expect([versionOf(from), versionOf(to)]).toEqual([before[0]! + 1, before[1]! + 1]);
    expect([items(from), items(to), overviewItems()]).toEqual([FEATURES, FEATURES + 1, COUNCILS * FEATURES + 1]);
    change(() => sqlite.prepare('delete from rollout_items where id = ?').run(itemId));
    expect([items(from), items(to), overviewItems()]).toEqual([FEATURES, FEATURES, COUNCILS * FEATURES]);
  }, 120_000);
});
