import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMovesKept, createPlanHistoryStore } from '../server/modules/progress/read-model.ts';
import { closeTestApp, createTestApp, seedSmallPlan, TODAY, type TestContext } from './helpers.ts';

/**
 * Why each item last moved, and its every move, kept per day and item while the plan history stands
 * (modules/progress/moves-kept.ts): every change to the plan (an item's or a wave's move, an item made or deleted) is
 * a new history row, and drops what was kept. Each answer is compared with the history read afresh, with the
 * council's cards and with the item's page.
 */
describe("items' moves kept while the plan history stands", () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let own: { id: number };
  let follower: { id: number };
  let kept: ReturnType<typeof createMovesKept>;

  beforeEach(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    own = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    follower = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w1.id })).body;
    kept = createMovesKept(createPlanHistoryStore(ctx.db), () => ctx.db.$client.inTransaction);
  });
  afterEach(async () => closeTestApp(ctx));

  const reasons = (asOf = TODAY) => Object.fromEntries([...kept.latestOf([own.id, follower.id], asOf)].map(([id, m]) => [id === own.id ? 'own' : 'follower', m.reason]));
  // Inside a transaction nothing is kept: an answer made as if in one is made afresh.
  const fresh = (asOf = TODAY) => Object.fromEntries([...createMovesKept(createPlanHistoryStore(ctx.db), () => true).latestOf([own.id, follower.id], asOf)]
    .map(([id, m]) => [id === own.id ? 'own' : 'follower', m.reason]));
  /** An item's every move, kept and afresh, and on the item's page (which the response cache may answer). */
  const movesOf = async (itemId: number) => {
    const page = (await ctx.call('GET', `/api/items/${itemId}/readiness`)).body.planMoves;
    const afresh = createMovesKept(createPlanHistoryStore(ctx.db), () => true).ofItem(itemId, TODAY);
    expect(kept.ofItem(itemId, TODAY)).toEqual(afresh);
    expect(page).toEqual(afresh);
    return afresh.map((m) => `${m.movedWith}: ${m.reason}`);
  };
  const cardReasons = async () => {
    const items = (await ctx.call('GET', `/api/councils/${plan.north.id}/summary`)).body.items as Array<{ itemId: number; moved: { reason: string } | null }>;
    return Object.fromEntries(items.filter((i) => i.moved).map((i) => [i.itemId === own.id ? 'own' : 'follower', i.moved!.reason]));
  };

  it('keeps nothing read inside a transaction that rolls back: the next committed change takes the same history id', async () => {
    const sqlite = ctx.db.$client;
    const newest = () => sqlite.prepare('select max(id) from plan_history').pluck().get() as number;
    const before = newest();
    expect(() => sqlite.transaction(() => {
      sqlite.prepare("update rollout_items set planned_date_override = '2026-05-01', updated_at = ? where id = ?").run(`${TODAY}T10:00:00.000Z`, own.id);
      expect(kept.latestOf([own.id], TODAY).get(own.id)?.toDate).toBe('2026-05-01');
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    expect(newest()).toBe(before);
    expect((await ctx.call('PATCH', `/api/items/${own.id}`, { plannedDateOverride: '2026-02-20', reasonCategory: 'supplier_delay', reason: 'Interface late' })).status).toBe(200);
    expect(newest()).toBe(before + 1);
    expect(reasons()).toEqual({ own: 'Interface late' });
    expect(kept.latestOf([own.id], TODAY).get(own.id)?.toDate).toBe('2026-02-20');
  });

  it("a wave's date at an instant is kept until the plan changes, and follows a change recorded before that instant", async () => {
    const history = createPlanHistoryStore(ctx.db);
    const later = '2027-06-01T00:00:00.000Z';
    expect(history.waveDateAt(plan.w1.id, later)).toBe('2026-01-31');
    expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-27', reasonCategory: 'other', reason: 'Wave slipped' })).status).toBe(200);
    expect(history.waveDateAt(plan.w1.id, later)).toBe('2026-02-27');
    // Before the wave was made, it had no date.
    expect(history.waveDateAt(plan.w1.id, '2026-01-01T00:00:00.000Z')).toBeNull();
  });

  it("follows an item's move, a wave's move, a move to another wave and a deletion, and keeps each day apart", async () => {
    expect(reasons()).toEqual({});

    const moved = await ctx.call('PATCH', `/api/items/${own.id}`, { plannedDateOverride: '2026-02-20', reasonCategory: 'supplier_delay', reason: 'Interface late' });
    expect(moved.status).toBe(200);
    expect(reasons()).toEqual({ own: 'Interface late' });
    expect(await cardReasons()).toEqual({ own: 'Interface late' });

    // The wave's move is the follower's (no date of its own); the item with its own date keeps its own reason.
    expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-27', reasonCategory: 'other', reason: 'Wave slipped' })).status).toBe(200);
    expect(reasons()).toEqual({ own: 'Interface late', follower: 'Wave slipped' });
    expect(await cardReasons()).toEqual({ own: 'Interface late', follower: 'Wave slipped' });

    // Moved again: the newer reason replaces the kept one.
    expect((await ctx.call('PATCH', `/api/items/${own.id}`, { plannedDateOverride: '2026-03-06', reasonCategory: 'business_decision', reason: 'Payroll year end' })).status).toBe(200);
    expect(reasons()).toEqual({ own: 'Payroll year end', follower: 'Wave slipped' });
    expect(await movesOf(own.id)).toEqual(['item: Interface late', 'item: Payroll year end']);
    expect(await movesOf(follower.id)).toEqual(['wave: Wave slipped']);

    // Another day is kept apart: the day before the moves took effect shows none.
    const dayBefore = new Date(Date.parse(`${TODAY}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(reasons(dayBefore)).toEqual({});
    expect(kept.ofItem(follower.id, dayBefore)).toEqual([]);
    expect(reasons()).toEqual(fresh());

    // Put into another wave: it follows that wave now, with the reason for the change.
    expect((await ctx.call('PATCH', `/api/items/${own.id}`, { waveId: plan.w2.id, plannedDateOverride: null, reasonCategory: 'readiness', reason: 'Into the second wave' })).status).toBe(200);
    expect(reasons()).toEqual({ own: 'Into the second wave', follower: 'Wave slipped' });
    expect(await movesOf(own.id)).toEqual(['item: Interface late', 'item: Payroll year end', 'item: Into the second wave']);
    expect(reasons()).toEqual(fresh());

    // Deleted (it has no change of its own, so it may be): out of the plan, and so out of the answer.
    const deleted = await ctx.call('DELETE', `/api/items/${follower.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect(reasons()).toEqual({ own: 'Into the second wave' });
    expect(reasons()).toEqual(fresh());
    expect(await cardReasons()).toEqual({ own: 'Into the second wave' });
  });
});
