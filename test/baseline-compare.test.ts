import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let items: any[];

/**
 * Plan v1 in January (W1 on 31 January, W2 on 31 March); W1 slips ten weeks in February; Westvale's payslips move
 * to W2 in March. On 20 March the office previews a re-baseline before approving it, and compares v1 with v2 after.
 */
beforeEach(async () => {
  ctx = await createTestApp();
  ctx.setToday('2026-01-05');
  plan = await seedSmallPlan(ctx);
  items = (await ctx.call('POST', '/api/items/assignments', { items: [
    { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
  ] })).body.items;
  ctx.setToday('2026-01-06');
  expect((await ctx.call('POST', '/api/baselines', { name: 'Plan v1', approvedBy: 'Programme board' })).status).toBe(201);
  ctx.setToday('2026-02-10');
  expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-04-10', reasonCategory: 'supplier_delay', reason: 'The HR system release slipped ten weeks' })).status).toBe(200);
  ctx.setToday('2026-03-05');
  const west = items.find((i) => i.councilId === plan.west.id);
  expect((await ctx.call('PATCH', `/api/items/${west.id}`, { waveId: plan.w2.id, reasonCategory: 'readiness', reason: 'Managers not trained yet' })).status).toBe(200);
  ctx.setToday('2026-03-20');
});
afterEach(async () => closeTestApp(ctx));

describe('comparing baselines and previewing a re-baseline', () => {
  it('previews, item by item and wave by wave, what a re-baseline would change and the slippage it would absorb', async () => {
    const preview = await ctx.call('GET', '/api/baselines/compare');
    expect(preview.status).toBe(200);
    const p = preview.body;
    expect(p.base).toMatchObject({ name: 'Plan v1', approvedBy: 'Programme board' });
    expect(p.against).toBeNull();
    expect(p.summary).toEqual({
      compared: 2, unchanged: 0, moved: 2, later: 2, earlier: 0, added: 0, removed: 0, changedWave: 1, changedStatus: 0, wavesMoved: 1,
      lateAgainstBase: { slipped: 2, days: 69 + 59 }, lateAgainstNew: { slipped: 0, days: 0 }, absorbedDays: 128,
    });
    expect(p.items.map((i: any) => [i.councilName, i.change, i.baseWave, i.againstWave, i.baseDate, i.againstDate, i.days, i.lateAgainstBase, i.lateAgainstNew])).toEqual([
      [plan.north.name, 'moved', 'W1', 'W1', '2026-01-31', '2026-04-10', 69, 69, 0],
      [plan.west.name, 'moved', 'W1', 'W2', '2026-01-31', '2026-03-31', 59, 59, 0],
    ]);
    expect(p.waves.map((w: any) => [w.name, w.baseDate, w.againstDate, w.days])).toEqual([
      ['W1', '2026-01-31', '2026-04-10', 69], ['W2', '2026-03-31', '2026-03-31', 0],
    ]);
    // Going live is progress, not a change of plan; deferring an item is.
    const north = items.find((i) => i.councilId === plan.north.id);
    await ctx.call('PATCH', `/api/items/${north.id}`, { status: 'deferred' });
    const deferred = (await ctx.call('GET', '/api/baselines/compare')).body;
    expect(deferred.summary).toMatchObject({ changedStatus: 1, moved: 2 });
    expect(deferred.items.find((i: any) => i.itemId === north.id)).toMatchObject({ change: 'moved', baseStatus: 'planned', againstStatus: 'deferred' });
    // A preview changes nothing.
    expect((await ctx.call('GET', '/api/baselines')).body.data).toHaveLength(1);
  });

  it('compares any two baselines once approved; the plan in force against itself shows no change', async () => {
    const before = tableCounts(ctx.db);
    const v2 = (await ctx.call('POST', '/api/baselines', { name: 'Plan v2', approvedBy: 'Programme board', reasonCategory: 'business_decision', reason: 'The board accepted the supplier delay' })).body;
    expect(tableCounts(ctx.db).baselines).toBe(before.baselines + 1);
    const v1 = (await ctx.call('GET', '/api/baselines')).body.data.find((b: any) => b.name === 'Plan v1');
    const both = (await ctx.call('GET', `/api/baselines/compare?base=${v1.id}&against=${v2.id}`)).body;
    expect(both.against).toMatchObject({ name: 'Plan v2', reasonCategory: 'business_decision', reason: 'The board accepted the supplier delay' });
    expect(both.summary).toMatchObject({ moved: 2, wavesMoved: 1, lateAgainstBase: { slipped: 2, days: 128 }, lateAgainstNew: { slipped: 0, days: 0 }, absorbedDays: 128 });
    expect(both.waves.find((w: any) => w.name === 'W1')).toMatchObject({ baseDate: '2026-01-31', againstDate: '2026-04-10', days: 69 });
    // The other way round: the dates move back, and nothing is absorbed.
    const back = (await ctx.call('GET', `/api/baselines/compare?base=${v2.id}&against=${v1.id}`)).body;
    expect(back.summary).toMatchObject({ moved: 2, earlier: 2, later: 0, absorbedDays: 0 });
    // Default: the baseline in force (v2) against the current plan, unchanged since.
    const same = (await ctx.call('GET', '/api/baselines/compare')).body;
    expect(same.base.name).toBe('Plan v2');
    expect(same.summary).toMatchObject({ compared: 2, unchanged: 2, moved: 0, wavesMoved: 0 });
    expect(same.items).toEqual([]);
  });

  it('lets every screen be read against a chosen baseline, keeping the original beside any other', async () => {
    const v2 = (await ctx.call('POST', '/api/baselines', { name: 'Plan v2', approvedBy: 'Programme board', reasonCategory: 'business_decision', reason: 'The board accepted the supplier delay' })).body;
    const v1 = (await ctx.call('GET', '/api/baselines')).body.data.find((b: any) => b.name === 'Plan v1');
    const late = (r: any) => [r.baseline?.name, r.totals.slipped, r.totals.totalSlippageDays, r.original?.baseline.name ?? null, r.original?.totals.slipped ?? null];
    // By default: against v2 (in force), with v1 beside it.
    expect(late((await ctx.call('GET', `/api/councils/${plan.west.id}/summary`)).body)).toEqual(['Plan v2', 0, 0, 'Plan v1', 1]);
    expect(late((await ctx.call('GET', `/api/waves/${plan.w1.id}/summary`)).body)).toEqual(['Plan v2', 0, 0, 'Plan v1', 1]);
    expect(late((await ctx.call('GET', '/api/overview')).body)).toEqual(['Plan v2', 0, 0, 'Plan v1', 2]);
    // Chosen: v1 on every screen (nothing else beside it); v2 chosen explicitly still has v1 beside it.
    expect(late((await ctx.call('GET', `/api/councils/${plan.west.id}/summary?baselineId=${v1.id}`)).body)).toEqual(['Plan v1', 1, 59, null, null]);
    expect(late((await ctx.call('GET', `/api/waves/${plan.w1.id}/summary?baselineId=${v1.id}`)).body)).toEqual(['Plan v1', 1, 69, null, null]);
    expect(late((await ctx.call('GET', `/api/overview?baselineId=${v1.id}`)).body)).toEqual(['Plan v1', 2, 128, null, null]);
    expect(late((await ctx.call('GET', `/api/overview?baselineId=${v2.id}`)).body)).toEqual(['Plan v2', 0, 0, 'Plan v1', 2]);
    expect((await ctx.call('GET', `/api/reports/board?from=2026-02-28&to=2026-03-19&baselineId=${v1.id}`)).body.baseline.name).toBe('Plan v1');
    // Item by item: on plan against v2, late against v1, on every list that shows items.
    const overview = (await ctx.call('GET', '/api/overview')).body;
    expect(overview.slipped).toEqual([]);
    expect(overview.slippedAgainstOriginal.map((i: any) => [i.councilName, i.slippageDays, i.original.slippageDays, i.original.baselineGoLive])).toEqual([
      [plan.north.name, 0, 69, '2026-01-31'], [plan.west.name, 0, 59, '2026-01-31'],
    ]);
    const westCard = (await ctx.call('GET', `/api/councils/${plan.west.id}/summary`)).body.items[0];
    expect([westCard.slipState, westCard.original]).toEqual(['on_plan', { baselineGoLive: '2026-01-31', slippageDays: 59, slipState: 'slipped' }]);
    const itemPage = (await ctx.call('GET', `/api/items/${westCard.itemId}/readiness`)).body;
    expect(itemPage.item.original).toMatchObject({ slippageDays: 59 });
    const waveRow = (await ctx.call('GET', `/api/waves/${plan.w1.id}/summary`)).body.items[0];
    expect(waveRow.original).toMatchObject({ slippageDays: 69 });
    // Against v1 chosen there is nothing beside it.
    expect((await ctx.call('GET', `/api/overview?baselineId=${v1.id}`)).body.slippedAgainstOriginal).toEqual([]);
    expect((await ctx.call('GET', `/api/councils/${plan.west.id}/summary?baselineId=999`)).status).toBe(404);
    expect((await ctx.call('GET', `/api/waves/${plan.w1.id}/summary?baselineId=abc`)).status).toBe(400);
  });

  it('reads the same for the office, a lead of another council and a sponsor; refuses the signed-out and bad input', async () => {
    const lead = await ctx.userAs('lead', [plan.west.id]);
    const sponsor = await ctx.userAs('sponsor');
    const office = (await ctx.call('GET', '/api/baselines/compare')).body;
    expect((await ctx.call('GET', '/api/baselines/compare', undefined, { as: lead })).body).toEqual(office);
    expect((await ctx.call('GET', '/api/baselines/compare', undefined, { as: sponsor })).body).toEqual(office);
    expect((await ctx.call('GET', '/api/baselines/compare', undefined, { as: null })).status).toBe(401);
    for (const q of ['base=abc', 'base=-1', 'base=1e999', 'base=Infinity', 'against=0', 'base=1&base=2', 'other=1', 'base=99999999999999999999']) {
      const res = await ctx.call('GET', `/api/baselines/compare?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const missing = await ctx.call('GET', '/api/baselines/compare?against=999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toContain('Baseline');
  });

  it('says there is nothing to compare before the first baseline', async () => {
    const empty = await createTestApp();
    try {
      const res = await empty.call('GET', '/api/baselines/compare');
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('No baseline has been approved yet');
    } finally {
      await closeTestApp(empty);
    }
  });
});
