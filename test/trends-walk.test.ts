import { addDays, addWeeks, format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { worst, type Rag } from '../server/domain/readiness.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import type { TrendQuery } from '../server/modules/dashboard/trends.ts';
import { currentEvaluation, type ItemReadiness, type ReadinessEngine } from '../server/modules/readiness/engine.ts';
import { runNow } from '../server/http/steps.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/**
 * Trends judge council-weeks from one read of each council's history walked forward (the engine's walkSteps) and
 * remember them until a write lands in them (dashboard/trend-weeks.ts). Both must give exactly what judging each
 * week afresh gives: the engine's evaluateItems for that day, one council at a time, as trends did before.
 */

const weekEndings = (from: string, count: number) => Array.from({ length: count }, (_, i) => format(addWeeks(parseISO(from), i), 'yyyy-MM-dd'));

/** The trend as it was computed before: every council-week judged from scratch by evaluateItems. */
function judgedAfresh(engine: ReadinessEngine, db: Db, query: TrendQuery, weeks: string[]) {
  const councilIds = query.scope === 'council' ? [query.id!]
    : query.scope === 'item' ? [db.$client.prepare('select council_id from rollout_items where id = ?').pluck().get(query.id!) as number]
      : (db.$client.prepare('select id from councils order by id').pluck().all() as number[]);
  const where = query.scope === 'wave' ? (f: { waveId: number | null }) => f.waveId === query.id
    : query.scope === 'item' ? (f: { itemId: number }) => f.itemId === query.id : undefined;
  return weeks.map((weekEnding) => {
    const total = { scoreSum: 0, scored: 0, red: 0, amber: 0, green: 0, live: 0 };
    const rags: Rag[] = [];
    for (const councilId of councilIds) {
      const councilRags: Rag[] = [];
      for (const item of engine.evaluateItems({ asOf: weekEnding, councilIds: [councilId], where, cache: false }).items) {
        if (item.facts.status === 'cancelled') continue;
        const evaluation = currentEvaluation(item);
        if (evaluation.score !== null) {
          total.scoreSum += evaluation.score;
          total.scored += 1;
        }
        total[evaluation.rag] += 1;
        councilRags.push(evaluation.rag);
        if (item.progress.live) total.live += 1;
      }
      if (councilRags.length) rags.push(worst(councilRags));
    }
    return {
      weekEnding, score: total.scored ? Math.round((total.scoreSum / total.scored) * 10) / 10 : null, rag: worst(rags),
      red: total.red, amber: total.amber, green: total.green, live: total.live,
    };
  });
}

/** Every council-day the walk judges, beside what evaluateItems gives for it. */
function walked(engine: ReadinessEngine, councilIds: number[], days: string[], where?: (f: { waveId: number | null }) => boolean) {
  const out: Array<{ councilId: number; day: string; items: ItemReadiness[] }> = [];
  runNow(engine.walkSteps({ councilIds, daysOf: () => days, where, judged: (councilId, day, items) => out.push({ councilId, day, items }) }));
  return out;
}

describe('trends on the demo programme', () => {
  let db: Db;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = openDatabase({ file: ':memory:' });
    await loadDemo(db);
    app = await buildApp({ db, clock: () => new Date('2026-12-01T10:00:00Z') });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    closeDatabase(db);
  });

  it('the walk judges every council-week of the demo exactly as evaluateItems does, whole programme and one wave', () => {
    const engine = app.services.engine;
    const days = weekEndings('2026-01-04', 52);
    const councilIds = db.$client.prepare('select id from councils order by id').pluck().all() as number[];
    const wave = db.$client.prepare("select id from waves where name like 'W2%'").pluck().get() as number;
    // Many days (the history read once and walked) and a few (each day's latest readings).
    for (const [where, some] of [[undefined, days], [(f: { waveId: number | null }) => f.waveId === wave, days], [undefined, days.slice(40, 45)]] as const) {
      const judged = walked(engine, councilIds, [...some], where);
      expect(judged.length).toBe(councilIds.length * some.length);
      for (const { councilId, day, items } of judged) {
        expect(items, `council ${councilId} on ${day}`).toEqual(engine.evaluateItems({ asOf: day, councilIds: [councilId], where, cache: false }).items);
      }
      expect(judged.some((j) => j.items.some((i) => currentEvaluation(i).rag === 'red'))).toBe(true);
    }
  });

  it('programme, council, wave and item trends equal the week-by-week judgement, asked twice (the second from memory)', async () => {
    const { trends, engine } = app.services;
    const item = db.$client.prepare('select id from rollout_items order by id limit 1 offset 5').pluck().get() as number;
    const wave = db.$client.prepare("select id from waves where name like 'W1%'").pluck().get() as number;
    const weeks = weekEndings('2026-01-04', 52);
    for (const query of [{ scope: 'programme' }, { scope: 'council', id: 3 }, { scope: 'wave', id: wave }, { scope: 'item', id: item }] as TrendQuery[]) {
      const expected = judgedAfresh(engine, db, query, weeks);
      for (let i = 0; i < 2; i += 1) expect((await trends.trend({ ...query, from: '2025-12-29', to: '2026-12-27' })).points, query.scope).toEqual(expected);
    }
  });

  it('warmed after start (five years of the programme up to today), a trend within them answers the same', async () => {
    const { trends, engine } = app.services;
    await trends.warm();
    const got = (await trends.trend({ scope: 'programme', from: '2026-03-01', to: '2026-11-29' })).points;
    expect(got.length).toBe(40);
    expect(got).toEqual(judgedAfresh(engine, db, { scope: 'programme' }, got.map((p) => p.weekEnding)));
  });
});

/** Random histories: plan moves, status changes, back-dated readings, programme readings, ramps, headcounts, items moved between councils and deleted. */
type Op =
  | { kind: 'reading'; item: number; value: number; daysBack: number }
  | { kind: 'programmeReading'; value: number }
  | { kind: 'moveWave'; wave: 0 | 1; by: number }
  | { kind: 'ownDate'; item: number; by: number | null }
  | { kind: 'status'; item: number; status: 'ready' | 'deferred' | 'planned' }
  | { kind: 'goLive'; item: number; daysBack: number }
  | { kind: 'ramp'; weeksBefore: number; target: number }
  | { kind: 'headcount'; staff: number }
  | { kind: 'moveExtra' }
  | { kind: 'deleteExtra' }
  | { kind: 'moveGroup' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('reading' as const), item: fc.nat(3), value: fc.integer({ min: 0, max: 100 }), daysBack: fc.nat(40) }),
  fc.record({ kind: fc.constant('programmeReading' as const), value: fc.nat(3) }),
  fc.record({ kind: fc.constant('moveWave' as const), wave: fc.constantFrom(0 as const, 1 as const), by: fc.integer({ min: -20, max: 40 }) }),
  fc.record({ kind: fc.constant('ownDate' as const), item: fc.nat(3), by: fc.option(fc.integer({ min: -10, max: 60 }), { nil: null }) }),
  fc.record({ kind: fc.constant('status' as const), item: fc.nat(3), status: fc.constantFrom('ready' as const, 'deferred' as const, 'planned' as const) }),
  fc.record({ kind: fc.constant('goLive' as const), item: fc.nat(3), daysBack: fc.nat(3) }),
  fc.record({ kind: fc.constant('ramp' as const), weeksBefore: fc.integer({ min: 1, max: 12 }), target: fc.integer({ min: 20, max: 85 }) }),
  fc.record({ kind: fc.constant('headcount' as const), staff: fc.integer({ min: 1000, max: 3000 }) }),
  fc.record({ kind: fc.constant('moveExtra' as const) }),
  fc.record({ kind: fc.constant('deleteExtra' as const) }),
  fc.record({ kind: fc.constant('moveGroup' as const) }),
);

const START = '2026-01-05';
const day = (offset: number) => format(addDays(parseISO(START), offset), 'yyyy-MM-dd');

async function setUp(ctx: TestContext) {
  const plan = await seedSmallPlan(ctx);
  const extra = (await ctx.call('POST', '/api/features', { code: 'EXPENSES', name: 'Claim expenses', audience: 'employees' })).body;
  const criterion = (await ctx.call('POST', '/api/criteria', {
    code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'feature', phase: 'readiness', target: 85, amberThreshold: 60,
  })).body;
  const defects = (await ctx.call('POST', '/api/criteria', {
    code: 'SHARED-SEV1', name: 'Open severity-1 defects in the shared system', unit: 'count', direction: 'lower', scope: 'programme', phase: 'readiness', target: 0, amberThreshold: 2,
  })).body;
  const pairs = [[plan.north, plan.payslip], [plan.north, plan.approve], [plan.west, plan.payslip], [plan.west, plan.approve], [plan.north, extra]] as const;
  const waves = [plan.w1, plan.w2];
  const assigned = await ctx.call('POST', '/api/items/assignments', { items: pairs.map(([c, f], i) => ({ councilId: c.id, featureId: f.id, waveId: waves[i % 2]!.id })) });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  await ctx.call('POST', '/api/baselines', { name: 'Plan v1' });
  return { ...plan, extra, waves, items: assigned.body.items as Array<{ id: number; councilId: number; featureId: number }>, criterion, defects };
}

type Plan = Awaited<ReturnType<typeof setUp>>;
const WHY = { reasonCategory: 'dependency', reason: 'Moved by the trend test' };

async function apply(ctx: TestContext, plan: Plan, offset: number, o: Op) {
  const item = 'item' in o ? plan.items.filter((i) => i.featureId !== plan.extra.id)[o.item]! : plan.items.find((i) => i.featureId === plan.extra.id)!;
  const current = (await ctx.call('GET', `/api/items/${item.id}`)).body;
  switch (o.kind) {
    case 'reading':
      await ctx.call('POST', '/api/readings', { criterionId: plan.criterion.id, councilId: current.councilId, featureId: item.featureId, value: o.value, readingDate: day(Math.max(0, offset - o.daysBack)) });
      break;
    case 'programmeReading':
      await ctx.call('POST', `/api/criteria/${plan.defects.id}/programme-readings`, { value: o.value, readingDate: day(offset), note: 'Supplier log' });
      break;
    case 'moveWave': {
      const wave = (await ctx.call('GET', `/api/waves/${plan.waves[o.wave]!.id}`)).body;
      await ctx.call('PATCH', `/api/waves/${wave.id}`, { plannedGoLive: format(addDays(parseISO(wave.plannedGoLive), o.by), 'yyyy-MM-dd'), ...WHY });
      break;
    }
    case 'ownDate':
      if (current.status !== 'live' && current.waveId !== null) await ctx.call('PATCH', `/api/items/${item.id}`, { plannedDateOverride: o.by === null ? null : day(offset + o.by), ...WHY });
      break;
    case 'status':
      if (current.status !== 'live') await ctx.call('PATCH', `/api/items/${item.id}`, { status: o.status });
      break;
    case 'goLive':
      if (current.status === 'live' || current.status === 'deferred') break;
      await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go_override', reason: 'Trend test overriding a no-go proposal' });
      await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' });
      await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: day(Math.max(0, offset - o.daysBack)) });
      break;
    case 'ramp':
      await ctx.call('POST', `/api/criteria/${plan.criterion.id}/ramps`, { points: [{ weeksBefore: o.weeksBefore, target: o.target, amberThreshold: o.target - 15 }], reason: 'Set by the trend test', effectiveFrom: day(offset) });
      break;
    case 'headcount':
      await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: o.staff });
      break;
    case 'moveExtra':
      // A row that moves between councils, with no change of date: both councils' weeks change.
      // (The API keeps an item in its council; a row can still move, by an import or a repair.)
      if (current.statusCode !== 404) ctx.db.$client.prepare('update rollout_items set council_id = ? where id = ?').run(current.councilId === plan.north.id ? plan.west.id : plan.north.id, item.id);
      break;
    case 'deleteExtra':
      if (current.statusCode !== 404) await ctx.call('DELETE', `/api/items/${item.id}`);
      break;
    case 'moveGroup':
      // A group moved to the other council: the headcounts its items are judged on change for both.
      ctx.db.$client.prepare('update council_groups set council_id = case council_id when ? then ? else ? end').run(plan.north.id, plan.west.id, plan.north.id);
      break;
  }
}

describe('remembered weeks', () => {
  it('are forgotten when an item moves to another council or is deleted, or a headcount changes, though no date of the plan moved', async () => {
    const ctx = await createTestApp();
    try {
      ctx.setToday(START);
      const plan = await setUp(ctx);
      const briefed = (await ctx.call('POST', '/api/criteria', {
        code: 'BRIEFED', name: 'Staff briefed', unit: 'people', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 50,
      })).body;
      ctx.setToday(day(20));
      for (const council of [plan.north, plan.west]) {
        expect((await ctx.call('POST', '/api/readings', { criterionId: briefed.id, councilId: council.id, featureId: null, value: 1800, readingDate: day(20) })).status).toBe(201);
      }
      const { trends, engine } = ctx.app.services;
      // Westvale's trend, which each change alters, and the programme's, up to weeks after the last change to the plan
      // took effect: those weeks read the plan as it is now, the earlier ones its history (where the item never moved).
      const lastChange = ctx.db.$client.prepare('select max(effective_on) from plan_history').pluck().get() as string;
      const to = format(addDays(parseISO(lastChange), 28), 'yyyy-MM-dd');
      const queries: TrendQuery[] = [{ scope: 'council', id: plan.west.id, from: '2026-01-05', to }, { scope: 'programme', from: '2026-01-05', to }];
      const check = async (what: string) => {
        const both = [];
        for (const query of queries) {
          const got = (await trends.trend(query)).points;
          expect(got, `${query.scope} ${what}`).toEqual(judgedAfresh(engine, ctx.db, query, got.map((p) => p.weekEnding)));
          both.push(got);
        }
        return both[0]!.slice(-4);
      };
      let before = await check('first');
      const extra = plan.items.find((i) => i.featureId === plan.extra.id)!;
      // The API keeps an item in its council; a row can still move (an import, a repair), and the cache must see it.
      ctx.db.$client.prepare('update rollout_items set council_id = ? where id = ?').run(plan.west.id, extra.id);
      let after = await check('after the item moved to Westvale');
      expect(after).not.toEqual(before);
      before = after;
      expect((await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: 2400 })).status).toBe(200);
      after = await check("after Westvale's headcount changed");
      expect(after).not.toEqual(before);
      before = after;
      expect((await ctx.call('DELETE', `/api/items/${extra.id}`)).status).toBe(204);
      after = await check('after the item was deleted');
      expect(after).not.toEqual(before);
    } finally {
      await closeTestApp(ctx);
    }
  }, 120_000);
});

describe('trends on random histories', () => {
  it('equal the week-by-week judgement after every day of writes, remembered weeks and all', async () => {
    const days = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 12 }), ops: fc.array(op, { minLength: 1, maxLength: 3 }) }), { minLength: 2, maxLength: 5 });
    await fc.assert(fc.asyncProperty(days, async (history) => {
      const ctx = await createTestApp();
      try {
        ctx.setToday(START);
        const plan = await setUp(ctx);
        const { trends, engine } = ctx.app.services;
        let offset = 0;
        for (const { gap, ops } of history) {
          offset += gap;
          ctx.setToday(day(offset));
          for (const o of ops) await apply(ctx, plan, offset, o);
          const to = day(offset + 21);
          for (const query of [{ scope: 'programme' }, { scope: 'council', id: plan.north.id }, { scope: 'wave', id: plan.w2.id }] as TrendQuery[]) {
            const got = await trends.trend({ ...query, from: '2025-12-01', to });
            expect(got.points, `${query.scope} after day ${offset}`).toEqual(judgedAfresh(engine, ctx.db, query, got.points.map((p) => p.weekEnding)));
          }
        }
      } finally {
        await closeTestApp(ctx);
      }
    }), {
      numRuns: 6,
      examples: [
        [[
          { gap: 3, ops: [{ kind: 'reading', item: 0, value: 90, daysBack: 0 }, { kind: 'moveExtra' }] },
          { gap: 9, ops: [{ kind: 'reading', item: 0, value: 10, daysBack: 30 }, { kind: 'moveGroup' }, { kind: 'headcount', staff: 2500 }] },
          { gap: 5, ops: [{ kind: 'deleteExtra' }, { kind: 'programmeReading', value: 2 }, { kind: 'moveWave', wave: 0, by: -10 }] },
        ]],
      ],
    });
  }, 600_000);
});
