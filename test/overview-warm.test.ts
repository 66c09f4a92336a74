import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverviewReader } from '../server/modules/dashboard/warm.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  const plan = await seedSmallPlan(ctx);
  await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'First plan', items: [
    { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    { councilId: plan.west.id, featureId: plan.approve.id, waveId: plan.w2.id },
  ] });
});
afterAll(async () => closeTestApp(ctx));

describe('the overview made before its first reader asks', () => {
  it('judges every council once in the background, so the first overview judges none and is the one the warm-up kept', async () => {
    const judged = () => ctx.app.services.engine.stats().councilsJudged;
    // How many times the overview itself was made: the first reader's must be the one the warm-up kept, under the
    // same key (the request's query carries the paging defaults, the warm-up's does not).
    const views = ctx.app.services.views;
    const steps = views.overviewSteps.bind(views);
    let made = 0;
    views.overviewSteps = (...args: Parameters<typeof steps>) => {
      made += 1;
      return steps(...args);
    };
    const before = judged();
    await createOverviewReader(ctx.app).warm();
    expect(judged() - before).toBe(2);
    const afterWarm = judged();
    const madeByWarm = made;
    // Signing in writes a session: outside the overview's scopes, so the kept overview stands.
    await ctx.userAs('sponsor');
    const first = await ctx.call('GET', '/api/overview');
    expect(first.status).toBe(200);
    expect(judged()).toBe(afterWarm);
    expect(made).toBe(madeByWarm);
    expect(first.body.totals).toMatchObject({ items: 2 });
    expect(first.body.councils.map((c: { name: string }) => c.name)).toEqual(['Northmoor County Council', 'Westvale District Council']);
  });

  it('is made again after a write, as any cached overview is', async () => {
    const council = (await ctx.call('POST', '/api/councils', { name: 'Eastbridge Borough Council', code: 'EBC', staffHeadcount: 3400, managerHeadcount: 300 })).body;
    await createOverviewReader(ctx.app).warm();
    const after = (await ctx.call('GET', '/api/overview')).body;
    expect(after.councils.map((c: { councilId: number }) => c.councilId)).toContain(council.id);
  });
});
