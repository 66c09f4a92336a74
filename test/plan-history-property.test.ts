import { addDays, format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/**
 * "As of D" replays the plan as it stood at the end of D: progress and the board report for any past day are the
 * same whether computed on that day or on any later one, and an issued report equals its regeneration. Random plan
 * histories: wave and item moves, wave assignments, status changes, baselines, go-lives (some recorded late, with an
 * earlier date), readings, ramps towards go-live (in force today or from a later day) and readings of a programme-wide
 * measure, on random days.
 */

const START = '2026-01-05';
const day = (offset: number) => format(addDays(parseISO(START), offset), 'yyyy-MM-dd');
const WHY = { reasonCategory: 'dependency', reason: 'Moved by the property test' };

type Op =
  | { kind: 'moveWave'; wave: 0 | 1; by: number }
  | { kind: 'ownDate'; item: number; by: number | null }
  | { kind: 'assign'; item: number; wave: 0 | 1 }
  | { kind: 'status'; item: number; status: 'ready' | 'deferred' | 'planned' }
  | { kind: 'baseline' }
  | { kind: 'goLive'; item: number; daysBack: number }
  | { kind: 'reading'; item: number; value: number }
  | { kind: 'ramp'; weeks: number[]; targets: number[]; ahead: number }
  | { kind: 'programmeReading'; value: number }
  | { kind: 'issue' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('moveWave' as const), wave: fc.constantFrom(0 as const, 1 as const), by: fc.integer({ min: -20, max: 40 }) }),
  fc.record({ kind: fc.constant('ownDate' as const), item: fc.nat(3), by: fc.option(fc.integer({ min: -10, max: 60 }), { nil: null }) }),
  fc.record({ kind: fc.constant('assign' as const), item: fc.nat(3), wave: fc.constantFrom(0 as const, 1 as const) }),
  fc.record({ kind: fc.constant('status' as const), item: fc.nat(3), status: fc.constantFrom('ready' as const, 'deferred' as const, 'planned' as const) }),
  fc.record({ kind: fc.constant('baseline' as const) }),
  fc.record({ kind: fc.constant('goLive' as const), item: fc.nat(3), daysBack: fc.nat(3) }),
  fc.record({ kind: fc.constant('reading' as const), item: fc.nat(3), value: fc.integer({ min: 0, max: 100 }) }),
  // Steps 1 to 12 weeks before go-live (the waves are 4 and 12 weeks ahead), from today or up to 10 days later.
  fc.record({
    kind: fc.constant('ramp' as const), weeks: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
    targets: fc.array(fc.integer({ min: 20, max: 85 }), { minLength: 3, maxLength: 3 }), ahead: fc.nat(10),
  }),
  fc.record({ kind: fc.constant('programmeReading' as const), value: fc.nat(4) }),
  fc.record({ kind: fc.constant('issue' as const) }),
);

/** A ramp's steps: targets rising towards go-live (the nearest step asks the most), amber 15 points under each. */
const rampSteps = (weeks: number[], targets: number[]) => {
  const far = [...weeks].sort((a, b) => b - a);
  const rising = [...targets].sort((a, b) => a - b);
  return far.map((weeksBefore, i) => ({ weeksBefore, target: rising[i]!, amberThreshold: rising[i]! - 15 }));
};

/** Days (as offsets, increasing) each with a few operations. */
const history = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 9 }), ops: fc.array(op, { minLength: 1, maxLength: 3 }) }), { minLength: 3, maxLength: 6 });

async function play(ctx: TestContext, days: Array<{ gap: number; ops: Op[] }>) {
  const plan = await seedSmallPlan(ctx);
  const waves = [plan.w1, plan.w2];
  const criterion = (await ctx.call('POST', '/api/criteria', {
    code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'feature', phase: 'readiness', target: 85, amberThreshold: 60,
  })).body;
  // A programme-wide measure of the shared system, counted in every item's RAG.
  const defects = (await ctx.call('POST', '/api/criteria', {
    code: 'SHARED-SEV1', name: 'Open severity-1 defects in the shared system', unit: 'count', direction: 'lower', scope: 'programme', phase: 'readiness', target: 0, amberThreshold: 2,
  })).body;
  const pairs = [[plan.north, plan.payslip], [plan.north, plan.approve], [plan.west, plan.payslip], [plan.west, plan.approve]] as const;
  const assigned = await ctx.call('POST', '/api/items/assignments', { items: pairs.map(([c, f], i) => ({ councilId: c.id, featureId: f.id, waveId: waves[i % 2]!.id })) });
  const items: any[] = assigned.body.items;
  await ctx.call('POST', '/api/baselines', { name: 'Plan v1' });
  let baselines = 1;

  const seen: Array<{ day: string; progress: unknown; items: unknown; report: unknown }> = [];
  const issued: number[] = [];
  let offset = 0;
  for (const { gap, ops } of days) {
    offset += gap;
    const today = day(offset);
    ctx.setToday(today);
    for (const o of ops) {
      const item = items['item' in o ? o.item : 0]!;
      const current = (await ctx.call('GET', `/api/items/${item.id}`)).body;
      switch (o.kind) {
        case 'moveWave': {
          const wave = (await ctx.call('GET', `/api/waves/${waves[o.wave]!.id}`)).body;
          await ctx.call('PATCH', `/api/waves/${wave.id}`, { plannedGoLive: format(addDays(parseISO(wave.plannedGoLive), o.by), 'yyyy-MM-dd'), ...WHY });
          break;
        }
        case 'ownDate':
          if (current.status === 'live' || current.waveId === null) break;
          await ctx.call('PATCH', `/api/items/${item.id}`, { plannedDateOverride: o.by === null ? null : day(offset + o.by), ...WHY });
          break;
        case 'assign':
          if (current.status === 'live') break;
          await ctx.call('PATCH', `/api/items/${item.id}`, { waveId: waves[o.wave]!.id, ...WHY });
          break;
        case 'status':
          if (current.status === 'live') break;
          await ctx.call('PATCH', `/api/items/${item.id}`, { status: o.status });
          break;
        case 'baseline':
          baselines += 1;
          await ctx.call('POST', '/api/baselines', { name: `Plan v${baselines}`, ...WHY });
          break;
        case 'goLive': {
          if (current.status === 'live' || current.status === 'deferred') break;
          // A go where the proposal is go (a green reading), a go with override where it is not.
          const gate = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go_override', reason: 'Property test overriding a no-go proposal' });
          if (gate.status !== 201) expect((await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' })).status).toBe(201);
          const res = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: day(Math.max(0, offset - o.daysBack)) });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          break;
        }
        case 'reading':
          await ctx.call('POST', '/api/readings', { criterionId: criterion.id, councilId: item.councilId, featureId: item.featureId, value: o.value, readingDate: today });
          break;
        case 'ramp': {
          const res = await ctx.call('POST', `/api/criteria/${criterion.id}/ramps`, {
            points: rampSteps(o.weeks, o.targets), reason: 'Set by the property test', effectiveFrom: day(offset + o.ahead),
          });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          break;
        }
        case 'programmeReading': {
          const res = await ctx.call('POST', `/api/criteria/${defects.id}/programme-readings`, { value: o.value, readingDate: today, note: 'Supplier log' });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          break;
        }
        case 'issue':
          if (offset > 1) {
            // Issued for the period up to yesterday: a day's plan is final once the day is over.
            const res = await ctx.call('POST', '/api/reports/board/issued', { from: day(Math.max(0, offset - 10)), to: day(offset - 1) });
            expect(res.status).toBe(201);
            issued.push(res.body.id);
          }
          break;
      }
    }
    // What the dashboard and the board saw at the end of that day.
    seen.push({
      day: today,
      progress: (await ctx.call('GET', `/api/progress?asOf=${today}`)).body,
      items: (await ctx.call('GET', `/api/progress/items?asOf=${today}&limit=100`)).body,
      report: (await ctx.call('GET', `/api/reports/board?from=${day(0)}&to=${today}`)).body,
    });
  }
  return { seen, issued, lastOffset: offset };
}

describe('plan history', () => {
  it('gives the same progress and board report for a past day whenever it is asked, and an issued report equals its regeneration', async () => {
    await fc.assert(fc.asyncProperty(history, fc.integer({ min: 1, max: 60 }), async (days, later) => {
      const ctx = await createTestApp();
      try {
        ctx.setToday(START);
        const { seen, issued, lastOffset } = await play(ctx, days);
        ctx.setToday(day(lastOffset + later));
        for (const then of seen) {
          expect((await ctx.call('GET', `/api/progress?asOf=${then.day}`)).body, `progress as of ${then.day}`).toEqual(then.progress);
          expect((await ctx.call('GET', `/api/progress/items?asOf=${then.day}&limit=100`)).body, `items as of ${then.day}`).toEqual(then.items);
          expect((await ctx.call('GET', `/api/reports/board?from=${day(0)}&to=${then.day}`)).body, `report to ${then.day}`).toEqual(then.report);
        }
        for (const id of issued) {
          const copy = (await ctx.call('GET', `/api/reports/board/issued/${id}`)).body;
          const again = (await ctx.call('GET', `/api/reports/board?from=${copy.periodFrom}&to=${copy.periodTo}`)).body;
          expect(again, `issued report ${id}`).toEqual({ ...copy.report, title: again.title });
        }
      } finally {
        await closeTestApp(ctx);
      }
    }), {
      numRuns: 8,
      examples: [
        [[{ gap: 1, ops: [{ kind: 'reading', item: 0, value: 85 }] }, { gap: 1, ops: [{ kind: 'goLive', item: 0, daysBack: 0 }] }, { gap: 1, ops: [{ kind: 'issue' }] }], 1],
        // A ramp from the next week puts W2's items (12 weeks ahead) out of "due" for its first step; a shared-system
        // defect turns every item red; a report issued in between.
        [[
          { gap: 1, ops: [{ kind: 'reading', item: 1, value: 30 }, { kind: 'ramp', weeks: [8, 3], targets: [25, 60, 85], ahead: 7 }] },
          { gap: 8, ops: [{ kind: 'programmeReading', value: 2 }, { kind: 'reading', item: 3, value: 40 }] },
          { gap: 3, ops: [{ kind: 'issue' }, { kind: 'ramp', weeks: [12], targets: [40, 40, 40], ahead: 0 }] },
          { gap: 2, ops: [{ kind: 'programmeReading', value: 0 }, { kind: 'moveWave', wave: 1, by: 30 }] },
        ], 9],
      ],
    });
  }, 600_000);
});
