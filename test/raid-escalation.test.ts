/**
 * The RAID log's chasing (docs/raid.md, "Escalation") on the notifications scheduler, with the injected clock and a
 * real SMTP server: an overdue action chases its owner once, an entry owned by a named contact chases the council's
 * lead, both go to the office after RAID_ESCALATE_AFTER_DAYS, a high risk goes to its owner and the office, and a
 * new date starts again. The mail says the dates as the dashboard does ("25 November 2026").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationConfig } from '../server/config.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';
import { startSmtp, type TestSmtp } from './smtp-server.ts';

let ctx: TestContext;
let smtp: TestSmtp;
let lead: Agent & { id: number; email: string };
let otherLead: Agent & { id: number; email: string };
let item: { id: number };
const tick = () => ctx.app.notifications.worker.tick();
const subjectsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).map((m) => m.mail.subject);
const mailTo = (address: string, subject: string) => smtp.received.find((m) => m.to.includes(address) && m.mail.subject === subject)?.mail;

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestApp({
    notifications: { ...defaultNotificationConfig(), smtpUrl: smtp.url, unsubscribeSecret: 'a-test-secret-of-at-least-32-characters!', publicUrl: 'https://rollout.example.org' },
    raidEscalateAfterDays: 3,
  });
  const plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
  otherLead = await ctx.userAs('lead', [plan.west.id], 'lead.west@example.org');
  item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
  await tick(); // schedules the jobs from Monday 23 November 2026, 10:00 UTC
}, 60_000);
afterAll(async () => {
  await closeTestApp(ctx);
  await smtp.close();
});

describe('escalation of overdue actions and RAID entries', () => {
  it('chases the owner the day after, the office after N days, each once; the mail says the dates in words', async () => {
    const action = (await ctx.call('POST', '/api/raid/actions', { title: 'Book the payroll interface test', itemId: item.id, ownerUserId: lead.id, dueDate: '2026-11-25' }, { as: lead })).body;
    const issue = (await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: item.id, title: 'Kiosks not installed at the depot', ownerName: 'Depot facilities', dueDate: '2026-11-24' }, { as: lead })).body;
    expect(action.id).toBeGreaterThan(0);
    expect(issue.id).toBeGreaterThan(0);

    ctx.setNow('2026-11-26T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('raid-escalation');
    // The action's owner is chased; the issue's owner is a named contact, so the council's lead is told.
    const chase = mailTo(lead.email, '[Rollout Planner] Action past its due date: Book the payroll interface test')!;
    expect(chase.text).toContain('It was due on 25 November 2026, 1 day ago. It is about Northmoor County Council: View payslip.');
    expect(chase.text).toContain(`https://rollout.example.org/items/${item.id}`);
    expect(chase.html).toContain('It was due on 25 November 2026, 1 day ago.');
    expect(mailTo(lead.email, '[Rollout Planner] Issue past its due date: Kiosks not installed at the depot')!.text)
      .toContain('It was due on 24 November 2026, 2 days ago.');
    // Not yet three days: nothing for the office; nothing for the other council's lead.
    expect(subjectsTo('office@example.org').filter((s) => /Escalated/.test(s ?? ''))).toEqual([]);
    expect(subjectsTo(otherLead.email)).toEqual([]);

    // Three days after the issue's date: the office hears of it, with the owner; the lead is not chased again.
    ctx.setNow('2026-11-27T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('raid-escalation');
    const escalated = mailTo('office@example.org', '[Rollout Planner] Escalated: issue 3 days past its due date: Kiosks not installed at the depot')!;
    expect(escalated.text).toContain('It was due on 24 November 2026, 3 days ago. Owner: Depot facilities (an external contact). It is about Northmoor County Council: View payslip.');
    expect(escalated.text).toContain('It comes to the programme office because it is still open 3 days after that date.');
    expect(subjectsTo(lead.email).filter((s) => /past its due date/.test(s ?? ''))).toHaveLength(2);
    expect(subjectsTo('office@example.org').filter((s) => /Escalated/.test(s ?? ''))).toHaveLength(1);

    // A second run the same day writes nothing new.
    const rows = () => ctx.db.$client.prepare("select count(*) from notifications where kind in ('raid_overdue', 'raid_escalated')").pluck().get();
    const before = rows();
    ctx.setNow('2026-11-28T08:00:00.000Z');
    await tick();
    ctx.setNow('2026-11-28T09:00:00.000Z');
    await tick();
    // 28 November: the action reaches three days too (one more), nothing else.
    expect(rows()).toBe(Number(before) + 1);
    expect(mailTo('office@example.org', '[Rollout Planner] Escalated: action 3 days past its due date: Book the payroll interface test')!.text)
      .toContain(`Owner: Test lead 2.`);

    // Done: no more chasing. A new date starts again for the issue.
    expect((await ctx.call('PATCH', `/api/raid/actions/${action.id}`, { status: 'done' }, { as: lead })).status).toBe(200);
    expect((await ctx.call('PATCH', `/api/raid/entries/${issue.id}`, { dueDate: '2026-11-30' }, { as: lead })).status).toBe(200);
    ctx.setNow('2026-12-01T08:00:00.000Z');
    await tick();
    expect(mailTo(lead.email, '[Rollout Planner] Issue past its due date: Kiosks not installed at the depot')).toBeDefined();
    expect(subjectsTo(lead.email).filter((s) => s === '[Rollout Planner] Issue past its due date: Kiosks not installed at the depot')).toHaveLength(2);
    expect(subjectsTo(lead.email).filter((s) => s === '[Rollout Planner] Action past its due date: Book the payroll interface test')).toHaveLength(1);
  });

  it('a risk scoring 15 or more goes to its owner and the office, once per score', async () => {
    const risk = (await ctx.call('POST', '/api/raid/entries', {
      type: 'risk', scope: 'council', councilId: (await ctx.call('GET', `/api/items/${item.id}`)).body.councilId, title: 'Payroll cut-off clashes with go-live',
      ownerUserId: lead.id, dueDate: '2027-01-31', likelihood: 4, impact: 4, proximity: 'within_month', response: 'reduce',
    }, { as: lead })).body;
    ctx.setNow('2026-12-02T08:00:00.000Z');
    await tick();
    const subject = '[Rollout Planner] Risk scoring 16 of 25: Payroll cut-off clashes with go-live';
    expect(mailTo(lead.email, subject)!.text).toContain('This open risk scores 16 (likelihood × impact); from 15 a risk is escalated. Owner: Test lead 2.');
    expect(mailTo('office@example.org', subject)).toBeDefined();
    ctx.setNow('2026-12-03T08:00:00.000Z');
    await tick();
    expect(subjectsTo(lead.email).filter((s) => s === subject)).toHaveLength(1);
    expect(risk.score).toBe(16);
  });

  it('each person chooses: a switched-off kind is neither shown nor mailed', async () => {
    const prefs = (await ctx.call('GET', '/api/notifications/preferences', undefined, { as: lead })).body.preferences.map((p: { kind: string }) => p.kind);
    expect(prefs).toContain('raid_overdue');
    expect(prefs).not.toContain('raid_escalated');
    const office = (await ctx.call('GET', '/api/notifications/preferences')).body.preferences.map((p: { kind: string }) => p.kind);
    expect(office).toEqual(expect.arrayContaining(['raid_overdue', 'raid_escalated']));
  });
});
