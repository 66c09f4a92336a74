/**
 * Notifications end to end over the API and a real SMTP server (smtp-server on 127.0.0.1, parsed back with
 * mailparser): plan changes and the scheduler write the outbox, the sender delivers with retries, the centre
 * and the switches belong to each person, sponsors see published material only, and one click unsubscribes.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationConfig } from '../server/config.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';
import { startSmtp, type TestSmtp } from './smtp-server.ts';

const PUBLIC_URL = 'https://rollout.example.org';
const SECRET = 'a-test-secret-of-at-least-32-characters!';

let ctx: TestContext;
let smtp: TestSmtp;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent & { id: number; email: string };
let otherLead: Agent & { id: number; email: string };
let sponsor: Agent & { id: number; email: string };
let w3: { id: number };
let northItem: { id: number };

const tick = () => ctx.app.notifications.worker.tick();
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
/** The List-Unsubscribe address, from the parsed message's header lines (unfolded by mailparser). */
const unsubscribeOf = (m: ParsedMail): string =>
  /<([^>]+)>/.exec(m.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ''))![1]!;
const rowsOf = (userId: number) => ctx.db.$client.prepare('select * from notifications where user_id = ? order by id').all(userId) as any[];

beforeAll(async () => {
  smtp = await startSmtp();
  ctx = await createTestApp({
    notifications: {
      ...defaultNotificationConfig(), smtpUrl: smtp.url, unsubscribeSecret: SECRET, publicUrl: PUBLIC_URL, mailFrom: 'Rollout Planner <rollout@example.org>',
      retryBaseSeconds: 60, maxAttempts: 3,
    },
  });
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
  otherLead = await ctx.userAs('lead', [plan.west.id], 'lead.west@example.org');
  sponsor = await ctx.userAs('sponsor', [], 'sponsor@example.org');
  w3 = (await ctx.call('POST', '/api/waves', { name: 'W3', sequence: 3, plannedGoLive: '2026-12-09' })).body;
  northItem = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: w3.id })).body;
  await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.approve.id, waveId: w3.id });
  await ctx.call('POST', '/api/criteria', {
    code: 'TRAINED', name: 'Managers trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, scope: 'council', phase: 'readiness',
  });
  await tick(); // schedules the jobs from "now" (Monday 23 November 2026, 10:00 UTC): nothing runs at install
}, 60_000);
afterAll(async () => {
  await closeTestApp(ctx);
  await smtp.close();
});

describe('events: the change and its outbox row commit together', () => {
  it('a board report issued reaches the sponsor by e-mail: plain text and HTML, deep link, one-click unsubscribe headers', async () => {
    const report = (await ctx.call('POST', '/api/reports/board/issued', { title: 'November board report' })).body;
    // The trigger wrote the event with the report; the sender turns it into notifications and delivers them.
    expect(ctx.db.$client.prepare("select type, entity_id from notification_events where type = 'report_issued'").all()).toEqual([{ type: 'report_issued', entity_id: report.id }]);
    const round = await tick();
    expect(round).toMatchObject({ held: true, events: expect.any(Number) });
    const [mail] = mailsTo(sponsor.email);
    expect(mailsTo(sponsor.email)).toHaveLength(1);
    const m = mail!.mail;
    expect(m.subject).toBe('[Rollout Planner] Board report issued: November board report');
    expect(m.from?.value).toEqual([{ name: 'Rollout Planner', address: 'rollout@example.org' }]);
    expect(m.text).toContain(`${PUBLIC_URL}/reports/issued/${report.id}`);
    expect(m.html).toContain(`<a href="${PUBLIC_URL}/reports/issued/${report.id}">Board report issued: November board report</a>`);
    expect(m.html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    // RFC 2369 and RFC 8058 headers: a signed link that works without signing in, by one POST.
    expect(unsubscribeOf(m)).toMatch(new RegExp(`^${PUBLIC_URL}/api/notifications/unsubscribe\\?u=${sponsor.id}&k=report_issued&s=[\\w-]{43}$`));
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe: <https:\/\/rollout\.example\.org\/api\/notifications\/unsubscribe\?u=\d+&k=report_issued&s=[\w-]+>/m);
    expect(m.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
    // The lead gets it too; the office, who issued it, does not.
    expect(mailsTo(lead.email).map((r) => r.mail.subject)).toContain('[Rollout Planner] Board report issued: November board report');
    expect(mailsTo('office@example.org')).toHaveLength(0);
    // In the sponsor's centre, unread, with the link.
    const centre = await ctx.call('GET', '/api/notifications', undefined, { as: sponsor });
    expect(centre.body.data).toEqual([expect.objectContaining({ kind: 'report_issued', title: 'Board report issued: November board report', link: `/reports/issued/${report.id}`, readAt: null, sections: [] })]);
    expect((await ctx.call('GET', '/api/notifications/outbox?state=sent')).body.data.filter((e: any) => e.userId === sponsor.id))
      .toEqual([expect.objectContaining({ emailTo: sponsor.email, kind: 'report_issued', emailState: 'sent', attempts: 1, lastError: null })]);
  });

  it('a second round sends nothing again', async () => {
    const before = smtp.received.length;
    expect(await tick()).toMatchObject({ sent: 0, events: 0 });
    expect(smtp.received).toHaveLength(before);
  });

  it('a wave moved tells the leads of the councils in it, with who moved it; a draft win tells the office and never a sponsor', async () => {
    await ctx.call('PATCH', `/api/waves/${w3.id}`, { plannedGoLive: '2026-12-16', reasonCategory: 'other', reason: 'Moved in a test' });
    await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Payslips on phones at the depot', story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceNote: 'Counted at the depot' }, { as: lead });
    await tick();
    const moved = rowsOf(lead.id).find((r) => r.kind === 'plan_moved');
    expect(moved).toMatchObject({ title: 'Wave W3 moved to 16 December 2026', link: `/waves/${w3.id}` });
    expect(moved.body).toContain('Test office 1 moved the planned go-live of W3 from 9 December 2026 to 16 December 2026');
    expect(rowsOf(otherLead.id).filter((r) => r.kind === 'plan_moved')).toHaveLength(1);
    const office = rowsOf(1).find((r) => r.kind === 'wins_awaiting');
    expect(office).toMatchObject({ title: 'Draft win to publish: Northmoor County Council', link: `/councils/${plan.north.id}#wins` });
    expect(rowsOf(sponsor.id).map((r) => r.kind)).toEqual(['report_issued']);
    // Put it back, for the digest below.
    await ctx.call('PATCH', `/api/waves/${w3.id}`, { plannedGoLive: '2026-12-09', reasonCategory: 'other', reason: 'Moved in a test' });
  });
});

describe('the notification centre: each person their own', () => {
  it('lists, counts and marks read only your own; someone else’s id is refused and changes nothing', async () => {
    const mine = (await ctx.call('GET', '/api/notifications', undefined, { as: lead })).body;
    expect(mine.page.total).toBeGreaterThanOrEqual(2);
    const count = (await ctx.call('GET', '/api/notifications/unread-count', undefined, { as: lead })).body.unread;
    expect(count).toBe(mine.page.total);
    const sponsorsOwn = (await ctx.call('GET', '/api/notifications', undefined, { as: sponsor })).body.data[0].id;
    const refused = await ctx.call('POST', '/api/notifications/read', { ids: [mine.data[0].id, sponsorsOwn] }, { as: lead });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe(`Notification ${sponsorsOwn} was not found.`);
    expect((await ctx.call('GET', '/api/notifications/unread-count', undefined, { as: lead })).body.unread).toBe(count);
    const read = await ctx.call('POST', '/api/notifications/read', { ids: [mine.data[0].id] }, { as: lead });
    expect(read.body).toEqual({ unread: count - 1 });
    expect((await ctx.call('GET', '/api/notifications?unread=true', undefined, { as: lead })).body.data.map((n: any) => n.id)).not.toContain(mine.data[0].id);
    expect((await ctx.call('POST', '/api/notifications/read', { all: true }, { as: lead })).body).toEqual({ unread: 0 });
    expect((await ctx.call('GET', '/api/notifications/unread-count', undefined, { as: sponsor })).body.unread).toBe(1);
    expect((await ctx.call('POST', '/api/notifications/read', { ids: [1], all: true }, { as: lead })).status).toBe(400);
  });

  it('switches per kind: only the kinds of your role, each set outright', async () => {
    const prefs = (await ctx.call('GET', '/api/notifications/preferences', undefined, { as: sponsor })).body;
    expect(prefs.emailConfigured).toBe(true);
    expect(prefs.digest).toBe('Mondays at 08:00, Europe/London time');
    expect(prefs.preferences.map((p: any) => p.kind)).toEqual(['report_issued', 'go_live', 'monthly_summary']);
    const refused = await ctx.call('PUT', '/api/notifications/preferences', { preferences: [{ kind: 'items_red', inApp: true, email: true }] }, { as: sponsor });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'preferences/0/kind', message: 'items_red is not sent to a sponsor' }]);
    const changed = await ctx.call('PUT', '/api/notifications/preferences', { preferences: [{ kind: 'go_live', inApp: true, email: false }] }, { as: sponsor });
    expect(changed.body.preferences.find((p: any) => p.kind === 'go_live')).toMatchObject({ inApp: true, email: false, defaults: { inApp: true, email: true } });
    const audit = (await ctx.call('GET', `/api/audit?entity=user&entityId=${sponsor.id}`)).body.data[0];
    expect(audit.after.notificationPreferences).toContainEqual({ kind: 'go_live', inApp: true, email: false });
  });
});

describe('the weekly digest', () => {
  it('goes on Monday at 08:00 UK time, grouped by what needs doing, every line with its deep link, in both parts', async () => {
    await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: northItem.id, title: 'Occupational health forms not on the app', ownerName: 'HR lead', dueDate: '2026-11-27' });
    await ctx.call('POST', '/api/engagement/questions', { councilId: plan.north.id, question: 'Can I see last year’s P60?', channel: 'helpline', category: 'Payslips', raisedOn: '2026-11-20' }, { as: lead });
    // A minute early: no digest. The daily alerts, last run a week ago, catch up with one run, not six.
    ctx.setNow('2026-11-30T07:59:00.000Z');
    // The staff voice retention (modules/voice/retention.ts) is a daily job at the same time.
    expect((await tick()).jobsRun).toEqual(['daily-alerts', 'raid-escalation', 'voice-retention']);
    ctx.setNow('2026-11-30T08:00:00.000Z');
    expect((await tick()).jobsRun).toEqual(['weekly-digest', 'daily-alerts', 'raid-escalation', 'voice-retention']);
    const digest = mailsTo(lead.email).find((r) => /Your week/.test(r.mail.subject ?? ''))!.mail;
    expect(digest.subject).toMatch(/^\[Rollout Planner\] Your week from 30 November 2026: \d+ things to look at$/);
    const text = digest.text!;
    expect(text).toContain('READINGS DUE OR STALE');
    expect(text).toContain('Northmoor County Council: Approve leave, going live 9 December 2026: Managers trained (no reading yet)');
    expect(text).toContain(`${PUBLIC_URL}/councils/${plan.north.id}#readings`);
    expect(text).toContain('GATE REVIEWS IN THE NEXT 5 WORKING DAYS');
    expect(text).toContain('W3 gate review 2 December 2026 (go-live 9 December 2026): Northmoor County Council, 1 item');
    expect(text).toContain('Overdue since 27 November 2026: Occupational health forms not on the app (Northmoor County Council, Approve leave; owner HR lead)');
    expect(text).toContain(`${PUBLIC_URL}/items/${northItem.id}`);
    expect(text).toContain('Late (answer was due 24 November 2026): “Can I see last year’s P60?” (Northmoor County Council)');
    // Westvale's gate review is not the Northmoor lead's business.
    expect(text).not.toContain('Westvale');
    expect(digest.html).toContain('<h2>Issues on your items nearing or past due</h2>');
    expect(digest.html).toContain(`<li><a href="${PUBLIC_URL}/items/${northItem.id}">Overdue since 27 November 2026: Occupational health forms not on the app`);
    expect(digest.html).toMatch(/<a href="https:\/\/rollout\.example\.org\/api\/notifications\/unsubscribe\?u=\d+&amp;k=blockers_due&amp;s=[\w-]+">Stop e-mails about issues on your items nearing or past due<\/a>/);
    expect(unsubscribeOf(digest)).toContain('&k=digest&');
    // The same day's alerts: the question just became late; the issue, owned by a named contact, chases the council's lead.
    const alerts = mailsTo(lead.email).map((r) => r.mail.subject);
    expect(alerts).toContain('[Rollout Planner] Staff question now late: Northmoor County Council');
    expect(alerts).toContain('[Rollout Planner] Issue past its due date: Occupational health forms not on the app');
    // In the app, the digest with its sections.
    const centre = (await ctx.call('GET', '/api/notifications', undefined, { as: lead })).body.data;
    const inApp = centre.find((n: any) => n.kind === 'digest');
    expect(inApp.sections.map((s: any) => s.kind)).toEqual(['readings_due', 'gate_review', 'blockers_due', 'questions_due']);
  });

  it('the office preview is the same digest, for any person, without sending it', async () => {
    const before = smtp.received.length;
    const preview = (await ctx.call('GET', `/api/notifications/digest-preview?userId=${lead.id}`)).body;
    expect(preview).toMatchObject({ userId: lead.id, role: 'lead', asOf: '2026-11-30', empty: false, emailed: true, nextRunAt: '2026-12-07T08:00:00.000Z' });
    expect(preview.text).toContain('Overdue since 27 November 2026: Occupational health forms not on the app');
    expect(preview.sections.map((s: any) => s.kind)).toEqual(['readings_due', 'gate_review', 'blockers_due', 'questions_due']);
    const office = (await ctx.call('GET', '/api/notifications/digest-preview?userId=1')).body;
    expect(office.text).toContain('DRAFT WINS AWAITING PUBLICATION');
    expect(office.text).toContain('Northmoor County Council: “Payslips on phones at the depot”');
    expect(smtp.received).toHaveLength(before);
  });

  it('one click on the List-Unsubscribe link stops that kind by e-mail, keeps it in the app, and a forged link does nothing', async () => {
    const digest = mailsTo(lead.email).find((r) => /Your week/.test(r.mail.subject ?? ''))!.mail;
    const url = new URL(unsubscribeOf(digest));
    const path = `${url.pathname}${url.search}`;
    const forged = await ctx.app.inject({ method: 'POST', url: path.replace(`u=${lead.id}`, `u=${otherLead.id}`), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(forged.statusCode).toBe(400);
    const page = await ctx.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<button type="submit">Stop these e-mails</button>');
    expect((await ctx.call('GET', '/api/notifications/preferences', undefined, { as: lead })).body.preferences.find((p: any) => p.kind === 'digest').email).toBe(true);
    const done = await ctx.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('you will no longer get e-mails about “Weekly digest by e-mail”');
    expect((await ctx.call('GET', '/api/notifications/preferences', undefined, { as: lead })).body.preferences.find((p: any) => p.kind === 'digest')).toMatchObject({ email: false });
    expect((await ctx.call('GET', '/api/notifications/preferences', undefined, { as: otherLead })).body.preferences.find((p: any) => p.kind === 'digest')).toMatchObject({ email: true });
    // Next Monday: the lead's digest is in the app only; the other lead's still comes by e-mail.
    const leadMails = mailsTo(lead.email).length;
    const otherMails = mailsTo(otherLead.email).length;
    ctx.setNow('2026-12-07T08:00:00.000Z');
    await tick();
    expect(mailsTo(lead.email).filter((r) => /Your week/.test(r.mail.subject ?? ''))).toHaveLength(1);
    expect(mailsTo(lead.email).length - leadMails).toBe(0);
    expect(rowsOf(lead.id).filter((r) => r.kind === 'digest').map((r) => [r.dedupe_key, r.email_state])).toEqual([['digest:2026-11-30', 'sent'], ['digest:2026-12-07', 'none']]);
    expect(mailsTo(otherLead.email).length).toBeGreaterThan(otherMails);
  });
});

describe('sponsors see published material only', () => {
  it('the monthly summary holds the published win and never the draft', async () => {
    await ctx.call('POST', '/api/wins', { councilId: plan.west.id, title: 'Leave booked from the van', story: 'Before: forms. After: app.', wonOn: '2026-12-01', evidenceNote: 'Counted', published: true });
    await ctx.call('POST', '/api/wins', { councilId: plan.west.id, title: 'Draft: sickness self-certified online', story: 'Not yet checked.', wonOn: '2026-12-02', evidenceNote: 'Unchecked' }, { as: otherLead });
    ctx.setNow('2027-01-01T08:00:00.000Z');
    const round = await tick();
    expect(round.jobsRun).toContain('monthly-summary');
    const summary = mailsTo(sponsor.email).find((r) => /The rollout in December 2026/.test(r.mail.subject ?? ''))!;
    expect(summary.mail.text).toContain('Westvale District Council: Leave booked from the van');
    const everything = mailsTo(sponsor.email).map((r) => r.raw).join('\n');
    expect(everything).not.toContain('Draft: sickness');
    expect(everything).not.toContain('Payslips on phones at the depot');
    expect(everything).not.toContain('P60');
  });
});

describe('delivery: retries with backoff, failures for the office, resend', () => {
  it('a temporary refusal is retried later with a longer wait; a permanent one fails, tells the office, and can be resent', async () => {
    ctx.setNow('2027-01-04T09:00:00.000Z');
    smtp.refuse = (address) => (address === sponsor.email ? { code: 451, message: 'Mailbox busy, try later' } : null);
    await ctx.call('POST', '/api/reports/board/issued', { title: 'December board report' });
    await tick();
    const row = () => rowsOf(sponsor.id).find((r) => r.dedupe_key.startsWith('report-issued:') && r.title.includes('December'));
    expect(row()).toMatchObject({ email_state: 'pending', attempts: 1, next_attempt_at: '2027-01-04T09:01:00.000Z' });
    expect(row().last_error).toMatch(/^451: .*Mailbox busy/);
    ctx.setNow('2027-01-04T09:01:00.000Z');
    await tick();
    expect(row()).toMatchObject({ email_state: 'pending', attempts: 2, next_attempt_at: '2027-01-04T09:03:00.000Z' });
    smtp.refuse = (address) => (address === sponsor.email ? { code: 550, message: 'No such mailbox' } : null);
    ctx.setNow('2027-01-04T09:03:00.000Z');
    await tick();
    expect(row()).toMatchObject({ email_state: 'failed', attempts: 3 });
    const entry = (await ctx.call('GET', `/api/notifications/outbox/${row().id}`)).body;
    expect(entry.attemptLog.map((a: any) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(entry.attemptLog[2].error).toMatch(/^550: .*No such mailbox/);
    const notice = (await ctx.call('GET', '/api/notifications')).body.data.find((n: any) => n.kind === 'delivery_failed');
    expect(notice).toMatchObject({ title: 'E-mail not delivered: “Board report issued: December board report” to Test sponsor 4', link: `/notifications/outbox?id=${row().id}` });
    expect((await ctx.call('POST', `/api/notifications/outbox/${row().id}/resend`)).body).toMatchObject({ emailState: 'pending' });
    expect((await ctx.call('POST', `/api/notifications/outbox/${row().id}/resend`)).status).toBe(409);
    smtp.refuse = () => null;
    await tick();
    expect(row()).toMatchObject({ email_state: 'sent', attempts: 4 });
    expect(mailsTo(sponsor.email).filter((r) => r.mail.subject?.includes('December board report'))).toHaveLength(1);
  });
});

describe('every plan change that notifies, from its trigger', () => {
  it('an item moved tells its council’s lead (not another council’s); an item gone live tells the sponsor', async () => {
    ctx.setNow('2027-01-05T10:00:00.000Z');
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: w3.id })).body;
    await ctx.call('PATCH', `/api/items/${item.id}`, { plannedDateOverride: '2026-12-14', reasonCategory: 'other', reason: 'Moved in a test' });
    await tick();
    const moved = rowsOf(lead.id).filter((r) => r.kind === 'plan_moved' && r.link === `/items/${item.id}`);
    expect(moved.map((r) => [r.title, r.body])).toEqual([[
      'Moved: Northmoor County Council, View payslip',
      'Test office 1 moved View payslip for Northmoor County Council from 9 December 2026 (W3) to 14 December 2026 (W3).',
    ]]);
    expect(rowsOf(otherLead.id).filter((r) => r.link === `/items/${item.id}`)).toEqual([]);
    await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go_override', reason: 'The board accepted the risk' });
    await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2027-01-04' });
    await tick();
    expect(rowsOf(sponsor.id).filter((r) => r.kind === 'go_live').map((r) => [r.title, r.body])).toEqual([[
      'Live: Northmoor County Council, View payslip', 'Northmoor County Council went live with View payslip on 4 January 2027.',
    ]]);
    expect(mailsTo(sponsor.email).some((r) => r.mail.subject === '[Rollout Planner] Live: Northmoor County Council, View payslip')).toBe(false); // go_live e-mail switched off above
    expect(rowsOf(sponsor.id).find((r) => r.kind === 'go_live').email_state).toBe('none');
  });
});
