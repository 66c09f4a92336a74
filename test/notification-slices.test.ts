/** The sender expands pending plan-change events a few at a time, letting the event loop go between slices. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PER_SLICE, expandEventsInSlices } from '../server/modules/notifications/events.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;
let councilId: number;

const pending = () => (ctx.db.$client.prepare('select count(*) from notification_events where processed_at is null').pluck().get() as number);
const officeNotices = () => (ctx.db.$client.prepare("select count(*) from notifications where kind = 'wins_awaiting'").pluck().get() as number);

/** Draft wins written straight to the table, as a plan import or a script would: each trigger adds one pending event. */
function draftWins(count: number) {
  const insert = ctx.db.$client.prepare(`insert into early_wins (council_id, title, story, won_on, evidence_note, author_name, published, created_at, updated_at)
    values (?, ?, 'Before and after', '2026-11-20', 'Counted', 'A lead', 0, '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z')`);
  for (let i = 0; i < count; i += 1) insert.run(councilId, `Draft win ${i + 1}`);
}

beforeAll(async () => {
  ctx = await createTestApp();
  councilId = (await seedSmallPlan(ctx)).north.id;
  ctx.db.$client.prepare('update notification_events set processed_at = ?').run('2026-11-23T10:00:00.000Z');
});
afterAll(() => closeTestApp(ctx));

describe('expanding events in slices', () => {
  it('expands every pending event into its notices, one slice at a time, with the event loop let go between slices', async () => {
    draftWins(EVENTS_PER_SLICE * 2 + 2);
    const noticesBefore = officeNotices();
    expect(pending()).toBe(12);
    let pendingWhenLetGo: number | null = null;
    setImmediate(() => { pendingWhenLetGo = pending(); });
    const expanded = await expandEventsInSlices(ctx.db, ctx.app.clock);
    expect(expanded).toBe(12);
    // Another callback ran after the first slice and before the rest: the first five were done, seven waited.
    expect(pendingWhenLetGo).toBe(12 - EVENTS_PER_SLICE);
    expect(pending()).toBe(0);
    // One notice per draft win for the one programme office user of the test app.
    expect(officeNotices() - noticesBefore).toBe(12);
  });

  it('stops at the round’s limit and leaves the rest for the next round', async () => {
    draftWins(9);
    expect(await expandEventsInSlices(ctx.db, ctx.app.clock, 7)).toBe(7);
    expect(pending()).toBe(2);
    expect(await expandEventsInSlices(ctx.db, ctx.app.clock, 7)).toBe(2);
    expect(pending()).toBe(0);
  });
});
