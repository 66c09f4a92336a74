import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

/**
 * Days in requests lie between 1900-01-01 and 2199-12-31. Found with test/fuzz-operations.test.ts (its extremes):
 * a wave moved to 9999-12-31 with an activity a year after its go-live put a day in year 10000 into the go-live
 * calendar, and `GET /api/calendar.ics` answered 500 for everyone until the wave moved back.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id });
  const activity = await ctx.call('POST', '/api/engagement/activities', {
    waveId: plan.w1.id, councilIds: [plan.north.id], title: 'Follow-up survey', channel: 'email', audience: 'both', dateMode: 'relative', offsetDays: 365, owner: 'HR team',
  });
  expect(activity.status).toBe(201);
}, 30_000);
afterAll(async () => closeTestApp(ctx));

const RANGE = 'must be a day from 1900-01-01 to 2199-12-31';

describe('days out of range', () => {
  it('a wave cannot move to year 9999, so the calendar of its activities keeps working', async () => {
    const before = tableCounts(ctx.db);
    for (const day of ['9999-12-31', '2200-01-01', '0001-01-01', '1899-12-31']) {
      const res = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: day, reasonCategory: 'other', reason: 'Moved in a test' });
      expect(res.status, day).toBe(400);
      expect(res.body.details).toEqual([{ field: 'plannedGoLive', message: RANGE }]);
    }
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('GET', '/api/calendar.ics')).status).toBe(200);
  });

  it('the last day allowed, with an activity a year after it, is still a calendar the feed can carry', async () => {
    expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2199-12-31', reasonCategory: 'other', reason: 'Moved in a test' })).status).toBe(200);
    const feed = await ctx.call('GET', '/api/calendar.ics');
    expect(feed.status).toBe(200);
    expect(feed.res.body).toContain('22001231');
    expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '1900-01-01', reasonCategory: 'other', reason: 'Moved in a test' })).status).toBe(200);
    expect((await ctx.call('GET', '/api/calendar.ics')).status).toBe(200);
  });

  it('a nullable day and a query day say the same, and an impossible day still says so', async () => {
    const override = await ctx.call('PATCH', '/api/items/1', { plannedDateOverride: '9999-12-31' });
    expect(override.status).toBe(400);
    expect(override.body.details).toEqual([{ field: 'plannedDateOverride', message: `${RANGE}, or null` }]);
    const progress = await ctx.call('GET', '/api/progress?asOf=9999-12-31');
    expect(progress.status).toBe(400);
    expect(progress.body.details).toEqual([{ field: 'asOf', message: RANGE }]);
    const impossible = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-30', reasonCategory: 'other', reason: 'Moved in a test' });
    expect(impossible.body.details).toEqual([{ field: 'plannedGoLive', message: 'must be a real calendar date written YYYY-MM-DD' }]);
  });
});
