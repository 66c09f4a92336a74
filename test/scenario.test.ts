import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

/** One council's path from not ready to live, walked through the API as the people would walk it. */
describe('scenario: from readings to go-live to a published win', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let lead: Agent;
  let item: any;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    lead = await ctx.userAs('lead', [plan.west.id]);
    item = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id, plannedDateOverride: '2026-11-23' })).body;
    await ctx.call('POST', '/api/baselines', { name: 'Plan v1' });
    for (const c of [
      { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70, weight: 2, scope: 'feature' },
      { code: 'ACCESS', name: 'Digital access', unit: 'percent', direction: 'higher', target: 95, amberThreshold: 90, weight: 1, scope: 'council' },
      { code: 'SEV1', name: 'Open severity-1 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, weight: 1, mandatory: true, scope: 'feature' },
    ]) ids[c.code] = (await ctx.call('POST', '/api/criteria', { ...c, phase: 'readiness' })).body.id;
  });
  afterAll(async () => closeTestApp(ctx));

  const readiness = async () => (await ctx.call('GET', `/api/items/${item.id}/readiness`, undefined, { as: lead })).body;

  it('starts red: nothing is measured', async () => {
    const view = await readiness();
    expect(view.readiness.rag).toBe('red');
    expect(view.readiness.reasons).toContain('Staff trained: no reading yet');
  });

  it('a failing bulk upload stores nothing', async () => {
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: ids.TRAINED, councilId: plan.west.id, featureId: plan.payslip.id, value: 91, readingDate: '2026-11-20' },
        { criterionId: ids.ACCESS, councilId: plan.west.id, value: 197, readingDate: '2026-11-20' },
      ],
    }, { as: lead });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'readings/1/value', message: 'must be a percentage from 0 to 100' }]);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await readiness()).readiness.rag).toBe('red');
  });

  it('the lead enters readings in bulk and the item turns green, saying why', async () => {
    const res = await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: ids.TRAINED, councilId: plan.west.id, featureId: plan.payslip.id, value: 91, readingDate: '2026-11-20' },
        { criterionId: ids.ACCESS, councilId: plan.west.id, value: 97, readingDate: '2026-11-20' },
        { criterionId: ids.SEV1, councilId: plan.west.id, featureId: plan.payslip.id, value: 0, readingDate: '2026-11-20' },
      ],
    }, { as: lead });
    expect(res.status).toBe(201);
    const view = await readiness();
    expect(view.readiness).toMatchObject({ rag: 'green', score: 100, reasons: [] });
    expect(view.readiness.criteria.every((c: any) => c.status === 'met')).toBe(true);
    expect(view.gate.proposal).toEqual({ proposed: 'go', reasons: ['Every criterion is met'] });
    // The lead marks the item ready: within their reach.
    expect((await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'ready' }, { as: lead })).body.status).toBe('ready');
  });

  it('the lead cannot take the go decision; the office records it', async () => {
    expect((await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' }, { as: lead })).status).toBe(403);
    const go = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' });
    expect(go.body).toMatchObject({ decision: 'go', proposed: 'go', evidence: ['Every criterion is met'] });
  });

  it('the item goes live and programme progress and staff reached change', async () => {
    const before = (await ctx.call('GET', '/api/overview')).body;
    expect(before.totals).toMatchObject({ live: 0, staffReached: 0 });
    const live = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-11-23' });
    expect(live.body).toMatchObject({ status: 'live', actualGoLive: '2026-11-23' });
    const after = (await ctx.call('GET', '/api/overview')).body;
    expect(after.totals).toMatchObject({ live: 1, liveOfPlanned: 1, staffReached: 1900 });
    expect(after.grid[0]).toMatchObject({ itemId: item.id, live: true, status: 'live' });
    const progress = (await ctx.call('GET', '/api/progress/items')).body.data[0];
    expect(progress).toMatchObject({ live: true, slipState: 'on_plan', slippageDays: 0 });
  });

  it('a published win appears in the overview; a draft does not', async () => {
    await ctx.call('POST', '/api/wins', {
      councilId: plan.west.id, featureId: plan.payslip.id, title: 'First 100 payslips read on phones',
      story: 'Before: envelopes to eleven depots. After: 100 staff read their payslip on day one.', wonOn: '2026-11-23', evidenceValue: 100, evidenceUnit: 'payslips',
    }, { as: lead });
    expect((await ctx.call('GET', '/api/overview')).body.wins).toEqual([]);
    const win = (await ctx.call('GET', '/api/wins')).body.data[0];
    await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true });
    const wins = (await ctx.call('GET', '/api/overview')).body.wins;
    expect(wins).toEqual([expect.objectContaining({ title: 'First 100 payslips read on phones', councilName: 'Westvale District Council', evidenceValue: 100, published: true })]);
  });
});
