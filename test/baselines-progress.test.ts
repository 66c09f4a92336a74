import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(async () => closeTestApp(ctx));

async function planned() {
  const plan = await seedSmallPlan(ctx);
  await ctx.call('POST', '/api/items/assignments', {
    items: [
      { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
      { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id },
      { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
      { councilId: plan.west.id, featureId: plan.approve.id, waveId: plan.w2.id },
    ],
  });
  const items = (await ctx.call('GET', '/api/items')).body.data as any[];
  const find = (council: string, feature: string) => items.find((i) => i.councilCode === council && i.featureCode === feature);
  return { ...plan, items, find };
}

describe('baselines', () => {
  it('freezes every item under a name, with who and when', async () => {
    const plan = await planned();
    ctx.setToday('2026-01-05');
    const res = await ctx.call('POST', '/api/baselines', { name: 'Plan v1', approvedBy: 'Programme board', note: 'January board' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Plan v1', approvedBy: 'Programme board', approvedAt: '2026-01-05T10:00:00.000Z', itemCount: 4 });
    expect(res.body.items).toContainEqual({
      itemId: plan.find('WDC', 'PAYSLIP').id, councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id, plannedGoLive: '2026-01-31', status: 'planned',
    });

    // Later changes to the plan do not touch the frozen copy.
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-20', reasonCategory: 'other', reason: 'Moved in a test' });
    const frozen = (await ctx.call('GET', `/api/baselines/${res.body.id}`)).body;
    expect(frozen.items.every((i: any) => i.plannedGoLive !== '2026-02-20')).toBe(true);
    expect((await ctx.call('GET', '/api/baselines')).body.data.map((b: any) => b.name)).toEqual(['Plan v1']);
  });

  it('refuses a duplicate baseline name and an empty plan, storing nothing', async () => {
    const empty = await ctx.call('POST', '/api/baselines', { name: 'Too early', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('no plan to approve');
    await planned();
    await ctx.call('POST', '/api/baselines', { name: 'Plan v1', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' });
    const before = tableCounts(ctx.db);
    const again = await ctx.call('POST', '/api/baselines', { name: 'plan V1', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' });
    expect(again.status).toBe(409);
    expect(tableCounts(ctx.db)).toEqual(before);
  });
});

describe('progress against the plan', () => {
  it('measures slippage against the latest baseline unless one is named', async () => {
    const plan = await planned();
    ctx.setToday('2026-01-05');
    const v1 = (await ctx.call('POST', '/api/baselines', { name: 'v1', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' })).body;
    // West's payslips slip from 31 January to 2 March (30 days: February 2026 has 28).
    ctx.setToday('2026-01-20');
    await ctx.call('PATCH', `/api/items/${plan.find('WDC', 'PAYSLIP').id}`, { plannedDateOverride: '2026-03-02', reasonCategory: 'other', reason: 'Moved in a test' });

    const items = (await ctx.call('GET', '/api/progress/items?asOf=2026-01-20&slipState=slipped')).body;
    expect(items.baseline).toMatchObject({ id: v1.id, name: 'v1' });
    expect(items.data).toEqual([expect.objectContaining({
      councilName: 'Westvale District Council', featureName: 'View payslip', baselineGoLive: '2026-01-31', plannedGoLive: '2026-03-02', slippageDays: 30, slipState: 'slipped',
    })]);

    // A re-plan approved as v2 absorbs the slip; naming v1 still shows it.
    ctx.setToday('2026-01-21');
    await ctx.call('POST', '/api/baselines', { name: 'v2', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' });
    expect((await ctx.call('GET', '/api/progress?asOf=2026-01-21')).body.totals.slipped).toBe(0);
    expect((await ctx.call('GET', `/api/progress?asOf=2026-01-21&baselineId=${v1.id}`)).body.totals).toMatchObject({ slipped: 1, totalSlippageDays: 30 });
    // Before v2 was approved, v1 was the baseline in force.
    expect((await ctx.call('GET', '/api/progress?asOf=2026-01-20')).body.baseline.name).toBe('v1');
    expect((await ctx.call('GET', '/api/progress?baselineId=999')).status).toBe(404);
  });

  it('counts planned vs live, overdue and staff reached as of any date', async () => {
    // The plan is made on 5 January: "as of" a day replays the plan as it stood then.
    ctx.setToday('2026-01-05');
    const plan = await planned();
    await ctx.call('POST', '/api/baselines', { name: 'v1', approvedBy: 'Board', reasonCategory: 'business_decision', reason: 'Approved by the board' });
    const goLive = async (itemId: number, day: string) => {
      expect((await ctx.call('POST', `/api/items/${itemId}/gate`, { decision: 'go' })).status).toBe(201);
      expect((await ctx.call('PATCH', `/api/items/${itemId}`, { status: 'live', actualGoLive: day })).status).toBe(200);
    };
    ctx.setToday('2026-02-03');
    await goLive(plan.find('NMC', 'PAYSLIP').id, '2026-01-31');
    ctx.setToday('2026-04-01');
    await goLive(plan.find('NMC', 'LEAVE-OK').id, '2026-03-31');

    const jan30 = (await ctx.call('GET', '/api/progress?asOf=2026-01-30')).body;
    expect(jan30.totals).toMatchObject({ items: 4, plannedLive: 0, live: 0, staffReached: 0, staffInScope: 6800 + 1900 });

    const feb10 = (await ctx.call('GET', '/api/progress?asOf=2026-02-10')).body;
    expect(feb10.asOf).toBe('2026-02-10');
    expect(feb10.totals).toMatchObject({ plannedLive: 2, live: 1, liveOfPlanned: 1, overdue: 1, slipped: 1, totalSlippageDays: 10, staffReached: 6800 });
    const w1 = feb10.waves.find((w: any) => w.name === 'W1');
    expect(w1.totals).toMatchObject({ items: 2, plannedLive: 2, live: 1, overdue: 1 });
    const west = feb10.councils.find((c: any) => c.code === 'WDC');
    expect(west.totals).toMatchObject({ live: 0, overdue: 1, staffReached: 0 });
    expect(feb10.features.find((f: any) => f.name === 'View payslip')).toMatchObject({ items: 2, live: 1, staffReached: 6800, staffEligible: 8700 });

    const today = (await ctx.call('GET', '/api/progress')).body;
    expect(today.asOf).toBe('2026-04-01');
    expect(today.totals).toMatchObject({ live: 2, staffReached: 6800 });
    expect(today.features.find((f: any) => f.name === 'Approve leave')).toMatchObject({ live: 1, staffReached: 720, staffEligible: 720 + 190 });
  });

  it('reports no baseline honestly before the first approval', async () => {
    await planned();
    const res = (await ctx.call('GET', '/api/progress')).body;
    expect(res.baseline).toBeNull();
    expect(res.totals).toMatchObject({ items: 4, plannedLive: 0, slipped: 0 });
    const items = (await ctx.call('GET', '/api/progress/items?limit=1')).body;
    expect(items.page).toEqual({ total: 4, limit: 1, offset: 0 });
    expect(items.data[0].slipState).toBe('not_in_baseline');
  });
});
