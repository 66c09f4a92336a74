import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgressStore } from '../server/modules/progress/read-model.ts';
import { closeTestApp, createTestApp, seedSmallPlan, TODAY, type TestContext } from './helpers.ts';

/**
 * Migration 0030: an item's council or feature changed is in the plan history (no route changes them, but the
 * history must not depend on that), so "as of" an earlier day replays the item where it stood then.
 */
describe('the plan history records a change of council or feature', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  beforeEach(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
  });
  afterEach(async () => closeTestApp(ctx));

  it('replays the item in its old council and feature before the change, and in the new ones after', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const sqlite = ctx.db.$client;
    const rows = () => sqlite.prepare("select count(*) from plan_history where entity = 'item' and entity_id = ?").pluck().get(item.id) as number;
    expect(rows()).toBe(1);
    sqlite.prepare("update rollout_items set council_id = ?, feature_id = ?, updated_at = '2026-11-24T09:00:00.000Z' where id = ?").run(plan.west.id, plan.approve.id, item.id);
    expect(rows()).toBe(2);
    const store = createProgressStore(ctx.db);
    const at = (day: string) => store.itemFactsAt(day).filter((f) => f.itemId === item.id).map((f) => [f.councilId, f.featureId]);
    expect(at(TODAY)).toEqual([[plan.north.id, plan.payslip.id]]);
    expect(at('2026-11-24')).toEqual([[plan.west.id, plan.approve.id]]);
    // Writing the same values again records nothing.
    sqlite.prepare('update rollout_items set council_id = council_id, feature_id = feature_id where id = ?').run(item.id);
    expect(rows()).toBe(2);
  });
});
