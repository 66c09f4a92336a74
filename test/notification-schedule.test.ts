/**
 * The scheduler on the injected clock: the weekly digest at Monday 08:00 UK time on both sides of the changes to
 * and from British Summer Time, one catch-up run after downtime (not one per missed slot), and one sender at a
 * time when two server processes share the database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { createNotificationWorker } from '../server/modules/notifications/worker.ts';
import { createReadinessEngine } from '../server/modules/readiness/engine.ts';
import { nextDaily, nextMonthly, nextWeekly } from '../server/modules/notifications/schedule.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

const LONDON = 'Europe/London';
const at = (iso: string) => new Date(iso);
const next = (after: string) => nextWeekly(at(after), 1, '08:00', LONDON).toISOString();

describe('local times across British Summer Time', () => {
  it('Monday 08:00 in London is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026 (the last Sundays).
    expect(next('2026-03-23T07:59:59Z')).toBe('2026-03-23T08:00:00.000Z');
    expect(next('2026-03-23T08:00:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-03-29T00:59:00Z')).toBe('2026-03-30T07:00:00.000Z');
    expect(next('2026-10-19T07:00:00Z')).toBe('2026-10-26T08:00:00.000Z');
    expect(next('2026-10-25T01:30:00Z')).toBe('2026-10-26T08:00:00.000Z');
    expect(nextDaily(at('2026-03-28T08:00:00Z'), '08:00', LONDON).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(nextDaily(at('2026-10-24T07:00:00Z'), '08:00', LONDON).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(nextMonthly(at('2026-12-01T08:00:00Z'), '08:00', LONDON).toISOString()).toBe('2027-01-01T08:00:00.000Z');
    expect(nextMonthly(at('2026-03-15T12:00:00Z'), '08:00', LONDON).toISOString()).toBe('2026-04-01T07:00:00.000Z');
  });

  it('another day, time and zone from config', () => {
    expect(nextWeekly(at('2026-11-23T10:00:00Z'), 5, '16:30', 'Europe/Dublin').toISOString()).toBe('2026-11-27T16:30:00.000Z');
    expect(nextWeekly(at('2026-07-01T00:00:00Z'), 5, '16:30', 'Europe/Dublin').toISOString()).toBe('2026-07-03T15:30:00.000Z');
  });
});

describe('the scheduler in the server, on the injected clock', () => {
  let ctx: TestContext;
  const digests = () => ctx.db.$client.prepare("select user_id, dedupe_key, created_at from notifications where kind = 'digest' order by id").all() as any[];
  const tick = () => ctx.app.notifications.worker.tick();

  beforeAll(async () => {
    ctx = await createTestApp();
    const plan = await seedSmallPlan(ctx);
    await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
    // Something for the lead's digest every week: an open question long past its answer date.
    await ctx.call('POST', '/api/engagement/questions', { councilId: plan.north.id, question: 'Where is my P60?', channel: 'email', category: 'Payslips', raisedOn: '2026-01-05' });
  }, 60_000);
  afterAll(async () => closeTestApp(ctx));

  it('writes the digest at the first tick at or after Monday 08:00 local time, across the spring change', async () => {
    ctx.setNow('2026-03-20T12:00:00.000Z');
    expect((await tick()).jobsRun).toEqual([]); // first sight: next runs are scheduled, nothing runs
    expect(ctx.db.$client.prepare("select next_run_at from notification_schedule where job = 'weekly-digest'").get()).toEqual({ next_run_at: '2026-03-23T08:00:00.000Z' });
    ctx.setNow('2026-03-23T07:59:00.000Z');
    expect((await tick()).jobsRun).not.toContain('weekly-digest');
    ctx.setNow('2026-03-23T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('weekly-digest');
    // After the clocks went forward: 08:00 BST is 07:00 UTC.
    expect(ctx.db.$client.prepare("select next_run_at from notification_schedule where job = 'weekly-digest'").get()).toEqual({ next_run_at: '2026-03-30T07:00:00.000Z' });
    ctx.setNow('2026-03-30T06:59:00.000Z');
    expect((await tick()).jobsRun).not.toContain('weekly-digest');
    ctx.setNow('2026-03-30T07:00:00.000Z');
    expect((await tick()).jobsRun).toContain('weekly-digest');
    expect(digests().map((d) => [d.dedupe_key, d.created_at])).toEqual([
      ['digest:2026-03-23', '2026-03-23T08:00:00.000Z'], ['digest:2026-03-23', '2026-03-23T08:00:00.000Z'],
      ['digest:2026-03-30', '2026-03-30T07:00:00.000Z'], ['digest:2026-03-30', '2026-03-30T07:00:00.000Z'],
    ]);
  });

  it('and across the autumn change: 08:00 BST on 19 October, 08:00 GMT on 26 October', async () => {
    ctx.setNow('2026-10-19T07:00:00.000Z'); // after months of downtime: one catch-up digest now
    expect((await tick()).jobsRun).toContain('weekly-digest');
    expect(ctx.db.$client.prepare("select next_run_at from notification_schedule where job = 'weekly-digest'").get()).toEqual({ next_run_at: '2026-10-26T08:00:00.000Z' });
    ctx.setNow('2026-10-26T07:00:00.000Z');
    expect((await tick()).jobsRun).not.toContain('weekly-digest');
    ctx.setNow('2026-10-26T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('weekly-digest');
  });

  it('after a week of downtime: one digest and one round of alerts, not seven', async () => {
    const before = digests().length;
    const alertRuns = () => (ctx.db.$client.prepare("select last_run_at from notification_schedule where job = 'daily-alerts'").get() as any).last_run_at;
    ctx.setNow('2026-10-27T08:00:00.000Z');
    await tick();
    const lastAlerts = alertRuns();
    // Down from Tuesday 27 October to Wednesday 4 November, 10:00: a weekly digest and six daily alert slots missed.
    ctx.setNow('2026-11-04T10:00:00.000Z');
    const round = await tick();
    expect(round.jobsRun.filter((j) => j === 'weekly-digest')).toHaveLength(1);
    expect(round.jobsRun.filter((j) => j === 'daily-alerts')).toHaveLength(1);
    expect(alertRuns()).not.toBe(lastAlerts);
    expect(digests().length - before).toBe(2); // one each for the office and the lead
    expect(digests().slice(-2).map((d) => d.dedupe_key)).toEqual(['digest:2026-11-02', 'digest:2026-11-02']);
    // The next digest is next Monday, not the missed ones.
    expect(ctx.db.$client.prepare("select next_run_at from notification_schedule where job = 'weekly-digest'").get()).toEqual({ next_run_at: '2026-11-09T08:00:00.000Z' });
    expect((await tick()).jobsRun).toEqual([]);
  });
});

describe('two server processes on one database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-lease-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('one holds the lease and does the work; the other takes over only when the lease is given up or expires', async () => {
    const file = join(dir, 'db.sqlite');
    const first = openDatabase({ file });
    const second = openDatabase({ file });
    let now = new Date('2026-11-23T10:00:00.000Z');
    const clock = () => now;
    const config = { ...defaultNotificationConfig(), leaseSeconds: 30 };
    const a = createNotificationWorker({ db: first, clock, engine: createReadinessEngine(first, clock), config, secret: 's', holder: 'server-a' });
    const b = createNotificationWorker({ db: second, clock, engine: createReadinessEngine(second, clock), config, secret: 's', holder: 'server-b' });
    expect((await a.tick()).held).toBe(true);
    expect((await b.tick()).held).toBe(false);
    now = new Date('2026-11-23T10:00:29.000Z');
    expect((await b.tick()).held).toBe(false);
    expect((await a.tick()).held).toBe(true); // renewed until 10:00:59
    now = new Date('2026-11-23T10:00:45.000Z');
    expect((await b.tick()).held).toBe(false);
    // server-a stops without a word (a crash): server-b takes over once the lease has expired.
    now = new Date('2026-11-23T10:01:00.000Z');
    expect((await b.tick()).held).toBe(true);
    expect((await a.tick()).held).toBe(false);
    // A clean stop gives the lease up at once.
    await b.stop();
    expect((await a.tick()).held).toBe(true);
    expect(first.$client.prepare('select holder from notification_leases').all()).toEqual([{ holder: 'server-a' }]);
    first.$client.close();
    second.$client.close();
  });
});
