import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { loadDemo, loadDemoIfEmpty } from '../server/fixtures/demo.ts';
import { tableCounts } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'rollout-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo programme', () => {
  it('loads into a real file once, and tells the story the brief describes', async () => {
    const file = join(dir, 'demo.sqlite');
    const db = openDatabase({ file });
    expect(await loadDemoIfEmpty(db)).toBe(true);
    expect(await loadDemoIfEmpty(db)).toBe(false);
    // Three councils from the start and Fernleigh, joining in November with a wave of its own and a lead; plan v1 and v2.
    expect(tableCounts(db)).toMatchObject({ councils: 4, features: 8, waves: 5, rollout_items: 32, baselines: 2, users: 6 });
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');

    const app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
    // The demo accounts work: the sponsor signs in and reads.
    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'sponsor@example.org', password: 'sponsor-demo-2026' } });
    expect(JSON.parse(signIn.body).user).toMatchObject({ name: 'Taylor Grant', role: 'sponsor' });
    const cookie = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
    const call = async (_app: unknown, method: 'GET', url: string) => ({ body: JSON.parse((await app.inject({ method, url, headers: { cookie } })).body) });
    const progress = (await call(app, 'GET', '/api/progress')).body;
    // Plan v2 (approved in October after the slippage) is in force; v1 is still there to judge against.
    expect(progress.baseline.name).toBe('Programme plan v2');
    expect(progress.totals).toMatchObject({ items: 32, live: 15, plannedLive: 15, slipped: 0 });
    expect(progress.original).toMatchObject({ baseline: { name: 'Programme plan v1' }, totals: { plannedLive: 18, slipped: 8, totalSlippageDays: 450 } });
    const v1 = progress.original.baseline.id;
    expect((await call(app, 'GET', '/api/progress/items?slipState=slipped&limit=100')).body.data).toEqual([]);
    // Against v1, Eastbridge slipped a whole wave: its leave and sickness items moved from W2 to W3.
    const slipped = (await call(app, 'GET', `/api/progress/items?slipState=slipped&limit=100&baselineId=${v1}`)).body.data;
    const eastbridge = slipped.filter((i: any) => i.councilName === 'Eastbridge Borough Council');
    expect(eastbridge.map((i: any) => i.waveName)).toEqual(Array(3).fill('W3 Expenses and manager approvals'));
    expect(eastbridge[0].slippageDays).toBe(133);
    // Westvale went live with payslips 15 days late.
    expect(slipped.find((i: any) => i.councilName === 'Westvale District Council' && i.featureName === 'View payslip and P60').slippageDays).toBe(15);
    // Readiness has history and shape: months of readings, one overridden gate, wins and what blocks items.
    // Seven early wins: six from the programme's story, one an adopted staff idea (fixtures/demo-voice.ts).
    expect(tableCounts(db)).toMatchObject({ criteria: 15, early_wins: 7, blockers: 0, gate_decisions: 15 });
    // What blocks items is recorded as RAID issues on them (docs/adr/0015): four, one closed.
    expect(db.$client.prepare("select status, count(*) as n from raid_entries where type = 'issue' and scope = 'item' and raised_on < '2026-11-20' group by status order by status").all())
      .toEqual([{ status: 'closed', n: 1 }, { status: 'open', n: 3 }]);
    expect(tableCounts(db).readings).toBeGreaterThan(1000);
    const overridden = db.$client.prepare("select i.id, d.reason from gate_decisions d join rollout_items i on i.id = d.item_id where d.decision = 'go_override'").all() as Array<{ id: number; reason: string }>;
    expect(overridden).toHaveLength(1);
    expect(overridden[0]!.reason).toContain('workaround');
    const overview = (await call(app, 'GET', '/api/overview')).body;
    expect(overview.wins).toHaveLength(5);
    expect(overview.wins[0].title).toBe('A month of leave requests with no paper');
    expect(overview.readiness.green + overview.readiness.amber + overview.readiness.red).toBe(9);
    // Fernleigh's 8 items: their readiness ramps towards April's go-live, so nothing is due yet and nothing is red.
    expect(overview.readiness.notYetDue).toBe(8);
    const fernleigh = overview.councils.find((c: any) => c.code === 'FDC').councilId;
    const joining = overview.grid.find((c: any) => c.councilId === fernleigh);
    const joiningView = (await call(app, 'GET', `/api/items/${joining.itemId}/readiness`)).body;
    expect(joiningView.readiness.rag).toBe('amber');
    expect(joiningView.readiness.criteria.filter((c: any) => c.status !== 'not_due').map((c: any) => c.code)).toEqual(['SEV2']);
    expect(joiningView.readiness.criteria.find((c: any) => c.code === 'ACCESS')).toMatchObject({ status: 'not_due', value: 88, dueFrom: '2026-12-07' });
    expect(overview.red.length).toBeGreaterThan(0);
    const westvale = overview.councils.find((c: any) => c.code === 'WDC').councilId;
    const westItem = overview.grid.find((c: any) => c.councilId === westvale && !c.live);
    const westView = (await call(app, 'GET', `/api/items/${westItem.itemId}/readiness`)).body;
    expect(westView.readiness.criteria.find((c: any) => c.code === 'COMMS')).toMatchObject({ status: 'missing', stale: true });
    const eastSummary = (await call(app, 'GET', `/api/councils/${overview.councils.find((c: any) => c.code === 'EBC').councilId}/summary`)).body;
    expect(eastSummary.blockers.map((b: any) => [b.featureName, b.overdue])).toEqual(expect.arrayContaining([['Report sickness absence', true], ['Approve leave', false]]));
    // Engagement: a template, comms around each wave, staff questions (some late, some FAQs), and a silent council.
    expect(tableCounts(db)).toMatchObject({ comms_template_activities: 7, comms_activities: 13, staff_questions: 9 });
    // The office reads the figures counted from the question log; the sponsor gets none of them (docs/security.md).
    const officeSignIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
    const officeCookie = `rp_session=${officeSignIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
    const engagement = JSON.parse((await app.inject({ method: 'GET', url: '/api/engagement/summary', headers: { cookie: officeCookie } })).body);
    const forSponsor = (await call(app, 'GET', '/api/engagement/summary')).body;
    expect(forSponsor.councils.map((c: any) => [c.questionsRaised, c.silence.flagged])).toEqual(engagement.councils.map(() => [null, false]));
    const byCode = (name: string) => engagement.councils.find((c: any) => c.name === name);
    expect(byCode('Westvale District Council').silence).toMatchObject({ flagged: true, lastQuestionOn: '2026-06-02', commsReach: null });
    expect(byCode('Northmoor County Council')).toMatchObject({ lateQuestions: 1, answeredLate: 1, overdueActivities: 1, dueThisWeek: 1, silence: { flagged: false } });
    expect(byCode('Eastbridge Borough Council')).toMatchObject({ lateQuestions: 1, overdueActivities: 0, silence: { flagged: false } });
    expect(engagement.overdueActivities.map((a: any) => a.title)).toEqual(['Depot posters: expenses online', "Managers' webinar: approving expenses"]);
    // The sponsor reads the FAQs, grouped by feature, and no unpublished question.
    const faq = (await call(app, 'GET', '/api/engagement/faq')).body;
    expect(faq.features.map((f: any) => [f.featureName, f.entries.length])).toEqual([
      ['Book annual leave', 1], ['Update personal details', 1], ['View payslip and P60', 3],
    ]);
    expect((await call(app, 'GET', '/api/engagement/questions')).body.page.total).toBe(5);
    // Northmoor's linked e-mail recorded its communications reach: 5,580 of 6,800 staff.
    const reach = db.$client.prepare("select r.value from readings r join criteria c on c.id = r.criterion_id where c.code = 'COMMS' and r.note like 'Communications reach from%'").all();
    expect(reach).toEqual([{ value: 82.1 }]);
    // The October board report, as issued; the next report starts where it ended.
    const issued = (await call(app, 'GET', '/api/reports/board/issued')).body;
    expect(issued.map((r: any) => [r.title, r.periodFrom, r.periodTo])).toEqual([['Programme board, October 2026', '2026-09-30', '2026-10-31']]);
    expect((await call(app, 'GET', '/api/reports/board')).body.period).toMatchObject({ from: '2026-10-31' });
    // Back in April only the pilot was live.
    expect((await call(app, 'GET', '/api/progress?asOf=2026-04-01')).body.totals).toMatchObject({ live: 3, plannedLive: 3 });
    await app.close();
    closeDatabase(db);
  }, 60_000); // a whole programme written to a real file with synchronous=FULL, beside other test files

  it('loads all or nothing', async () => {
    const db = openDatabase({ file: ':memory:' });
    db.$client.prepare("insert into waves (name, sequence, planned_go_live, created_at, updated_at) values ('W0 Pilot', 9, '2026-01-01', 'x', 'x')").run();
    await expect(loadDemo(db)).rejects.toThrow();
    expect(tableCounts(db)).toMatchObject({ councils: 0, features: 0, waves: 1, rollout_items: 0 });
    closeDatabase(db);
  });
});
