import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let items: any[];

/**
 * Plan v1 in January; W1 slips ten weeks in February (a supplier delay); Westvale's payslips move to W2 in March
 * (readiness); Plan v2 is approved on 20 March with the slipped dates, by the programme board, with a reason.
 */
beforeEach(async () => {
  ctx = await createTestApp();
  ctx.setToday('2026-01-05');
  plan = await seedSmallPlan(ctx);
  items = (await ctx.call('POST', '/api/items/assignments', { items: [
    { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
  ] })).body.items;
  expect((await ctx.call('POST', '/api/baselines', { name: 'Plan v1', approvedBy: 'Programme board' })).status).toBe(201);
  ctx.setToday('2026-02-10');
  expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-04-10', reasonCategory: 'supplier_delay', reason: 'The HR system release slipped ten weeks' })).status).toBe(200);
  ctx.setToday('2026-03-05');
  const west = items.find((i) => i.councilId === plan.west.id);
  expect((await ctx.call('PATCH', `/api/items/${west.id}`, { waveId: plan.w2.id, reasonCategory: 'readiness', reason: 'Managers not trained yet' })).status).toBe(200);
  ctx.setToday('2026-03-20');
});
afterEach(async () => closeTestApp(ctx));

describe('moving the plan needs a reason', () => {
  it('refuses a wave move, an item move and a re-baseline without one, changing nothing', async () => {
    const wave = await ctx.call('PATCH', `/api/waves/${plan.w2.id}`, { plannedGoLive: '2026-04-30' });
    expect(wave.status).toBe(400);
    expect(wave.body.details).toEqual([
      { field: 'reasonCategory', message: 'is needed: supplier_delay, readiness, business_decision, dependency or other' },
      { field: 'reason', message: 'is needed: say why, in a sentence' },
    ]);
    const north = items.find((i) => i.councilId === plan.north.id);
    expect((await ctx.call('PATCH', `/api/items/${north.id}`, { plannedDateOverride: '2026-03-01', reasonCategory: 'other' })).status).toBe(400);
    expect((await ctx.call('POST', '/api/baselines', { name: 'Plan v2' })).status).toBe(400);
    expect((await ctx.call('GET', `/api/waves/${plan.w2.id}`)).body.plannedGoLive).toBe('2026-03-31');
    expect((await ctx.call('GET', `/api/items/${north.id}`)).body.plannedDateOverride).toBeNull();
    expect((await ctx.call('GET', '/api/baselines')).body.data).toHaveLength(1);
    // A note or a status needs none.
    expect((await ctx.call('PATCH', `/api/items/${north.id}`, { note: 'Payroll signed off', status: 'ready' })).status).toBe(200);
  });
});

describe('re-baselining hides nothing', () => {
  it('keeps the slippage against v1 beside v2, and the board report names the re-baseline and every move with its reason', async () => {
    const v2 = await ctx.call('POST', '/api/baselines', { name: 'Plan v2', approvedBy: 'Programme board', reasonCategory: 'business_decision', reason: 'The board accepted the supplier delay' });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ name: 'Plan v2', approvedBy: 'Programme board', reasonCategory: 'business_decision', reason: 'The board accepted the supplier delay' });

    // Against v2 nothing is late; against v1 both items are (Northmoor 69 days, Westvale 59).
    const progress = (await ctx.call('GET', '/api/progress')).body;
    expect(progress.baseline.name).toBe('Plan v2');
    expect(progress.totals).toMatchObject({ slipped: 0, totalSlippageDays: 0 });
    expect(progress.original.baseline.name).toBe('Plan v1');
    expect(progress.original.totals).toMatchObject({ slipped: 2, totalSlippageDays: 69 + 59 });

    const overview = (await ctx.call('GET', '/api/overview')).body;
    expect(overview.totals.slipped).toBe(0);
    expect(overview.original).toMatchObject({ baseline: { name: 'Plan v1' }, totals: { slipped: 2, totalSlippageDays: 128 } });
    // The wave's baseline date is its own date when the baseline was approved.
    expect(overview.waves.find((w: any) => w.name === 'W1').baselineGoLive).toBe('2026-04-10');
    const council = (await ctx.call('GET', `/api/councils/${plan.west.id}/summary`)).body;
    expect(council.original).toMatchObject({ baseline: { name: 'Plan v1' }, totals: { slipped: 1, totalSlippageDays: 59 } });

    // The item's page says why it moved, and lists each move.
    const west = items.find((i) => i.councilId === plan.west.id);
    const page = (await ctx.call('GET', `/api/items/${west.id}/readiness`)).body;
    expect(page.item.moved).toMatchObject({ on: '2026-03-05', reasonCategory: 'readiness', reason: 'Managers not trained yet', fromDate: '2026-04-10', toDate: '2026-03-31', days: -10 });
    expect(page.planMoves.map((m: any) => [m.movedWith, m.on, m.days, m.reasonCategory])).toEqual([
      ['wave', '2026-02-10', 69, 'supplier_delay'], ['item', '2026-03-05', -10, 'readiness'],
    ]);

    const report = (await ctx.call('GET', '/api/reports/board?from=2026-01-31&to=2026-03-20')).body;
    expect(report.baseline.name).toBe('Plan v2');
    expect(report.headline.original).toMatchObject({ baseline: { name: 'Plan v1' }, totals: { slipped: 2 } });
    expect(report.changes.baselinesApproved).toEqual([{
      id: v2.body.id, name: 'Plan v2', approvedBy: 'Programme board', approvedOn: '2026-03-20', reasonCategory: 'business_decision',
      reason: 'The board accepted the supplier delay', note: '', rebaseline: true,
    }]);
    expect(report.changes.planMoves.map((m: any) => [m.kind, m.waveName, m.councilName, m.on, m.fromDate, m.toDate, m.days, m.reasonCategory, m.reason, m.changedByName])).toEqual([
      ['wave', 'W1', null, '2026-02-10', '2026-01-31', '2026-04-10', 69, 'supplier_delay', 'The HR system release slipped ten weeks', 'Test office 1'],
      ['item', 'W2', 'Westvale District Council', '2026-03-05', '2026-04-10', '2026-03-31', -10, 'readiness', 'Managers not trained yet', 'Test office 1'],
    ]);
  });
});
