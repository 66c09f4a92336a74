import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let otherLead: Agent;
let sponsor: Agent;
let reachId: number;

const activity = (overrides: Record<string, unknown> = {}) => ({
  waveId: plan.w2.id, councilIds: [plan.north.id], title: 'Team briefing on payslips', channel: 'briefing', audience: 'employees',
  dateMode: 'relative', offsetDays: -14, owner: 'Northmoor comms team', ...overrides,
});

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  otherLead = await ctx.userAs('lead', [plan.west.id]);
  sponsor = await ctx.userAs('sponsor');
  reachId = (await ctx.call('POST', '/api/criteria', {
    code: 'COMMS', name: 'Communications reach', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 65, scope: 'council', phase: 'readiness',
  })).body.id;
});
afterAll(async () => closeTestApp(ctx));

describe('communications activities', () => {
  it('dates a relative activity from its wave and moves it when the wave moves, across month ends and weekends', async () => {
    // W1 goes live on Saturday 31 January 2026: 14 days before is Saturday 17 January, so the Friday before.
    const briefing = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: plan.w1.id }), { as: lead }));
    expect(briefing.status).toBe(201);
    expect(briefing.body).toMatchObject({ date: '2026-01-16', waveGoLive: '2026-01-31', dateMode: 'relative', offsetDays: -14, councils: [{ councilId: plan.north.id, name: 'Northmoor County Council' }] });
    const fixed = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: plan.w1.id, dateMode: 'fixed', fixedDate: '2026-01-20', offsetDays: null, title: 'Poster campaign', channel: 'poster' }))).body;
    const after = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: plan.w1.id, offsetDays: 3, title: 'Floorwalkers debrief', channel: 'floorwalkers' }))).body;
    expect(after.date).toBe('2026-02-03');

    // The wave moves to Monday 2 March: the relative activities follow, the fixed one stays.
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-03-02', reasonCategory: 'other', reason: 'Moved in a test' });
    expect((await ctx.call('GET', `/api/engagement/activities/${briefing.body.id}`)).body.date).toBe('2026-02-16');
    // 3 days after 2 March 2026 is Thursday 5 March.
    expect((await ctx.call('GET', `/api/engagement/activities/${after.id}`)).body.date).toBe('2026-03-05');
    expect((await ctx.call('GET', `/api/engagement/activities/${fixed.id}`)).body.date).toBe('2026-01-20');

    // Moved to Wednesday 4 March: -3 days is Sunday 1 March, so Friday 27 February, across the month end.
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-03-04', reasonCategory: 'other', reason: 'Moved in a test' });
    const three = (await ctx.call('PATCH', `/api/engagement/activities/${after.id}`, { offsetDays: -3 })).body;
    expect(three.date).toBe('2026-02-27');
    // The list is in date order and filters on the computed date.
    const listed = (await ctx.call('GET', `/api/engagement/activities?waveId=${plan.w1.id}&from=2026-02-01`)).body;
    expect(listed.data.map((a: any) => a.date)).toEqual(['2026-02-18', '2026-02-27']);
    expect(listed.page.total).toBe(2);
  });

  it('shows what is overdue and what is due this week', async () => {
    // Today is Monday 23 November 2026. A wave going live on Monday 30 November.
    const wave = (await ctx.call('POST', '/api/waves', { name: 'W9 Late autumn', sequence: 9, plannedGoLive: '2026-11-30' })).body;
    const due = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: wave.id, offsetDays: -5, title: 'Factsheet' }))).body;
    const late = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: wave.id, offsetDays: -12, title: 'Intranet story' }))).body;
    const next = (await ctx.call('POST', '/api/engagement/activities', activity({ waveId: wave.id, offsetDays: 0, title: 'Go-live floorwalkers', channel: 'floorwalkers' }))).body;
    expect([due.date, due.dueThisWeek, due.overdue]).toEqual(['2026-11-25', true, false]);
    expect([late.date, late.dueThisWeek, late.overdue]).toEqual(['2026-11-18', false, true]);
    expect([next.date, next.dueThisWeek, next.overdue]).toEqual(['2026-11-30', false, false]);
    const overdue = (await ctx.call('GET', `/api/engagement/activities?waveId=${wave.id}&overdue=true`)).body.data;
    expect(overdue.map((a: any) => a.title)).toEqual(['Intranet story']);
    // Done is no longer overdue.
    const done = (await ctx.call('PATCH', `/api/engagement/activities/${late.id}`, { status: 'done', peopleReached: 900 }, { as: lead })).body;
    expect(done).toMatchObject({ status: 'done', doneOn: '2026-11-23', overdue: false, peopleReached: 900 });
  });

  it('lets a lead manage only activities whose every council they lead', async () => {
    const before = tableCounts(ctx.db);
    const both = await ctx.call('POST', '/api/engagement/activities', activity({ councilIds: [plan.north.id, plan.west.id] }), { as: lead });
    expect(both.status).toBe(403);
    expect(both.body.message).toContain('this one is for Northmoor County Council, Westvale District Council');
    expect(tableCounts(ctx.db)).toEqual(before);

    const shared = (await ctx.call('POST', '/api/engagement/activities', activity({ councilIds: [plan.north.id, plan.west.id], title: 'Joint webinar', channel: 'webinar' }))).body;
    expect(shared.councils.map((c: any) => c.name)).toEqual(['Northmoor County Council', 'Westvale District Council']);
    expect((await ctx.call('PATCH', `/api/engagement/activities/${shared.id}`, { note: 'mine?' }, { as: lead })).status).toBe(403);
    expect((await ctx.call('DELETE', `/api/engagement/activities/${shared.id}`, undefined, { as: otherLead })).status).toBe(403);

    const own = (await ctx.call('POST', '/api/engagement/activities', activity({ title: 'Job-aid for depots', channel: 'job_aid', audience: 'group', audienceGroup: 'Highways depots' }), { as: lead })).body;
    expect((await ctx.call('PATCH', `/api/engagement/activities/${own.id}`, { note: 'Not yours' }, { as: otherLead })).status).toBe(403);
    // A lead cannot widen their activity to a council they do not lead.
    const widen = await ctx.call('PATCH', `/api/engagement/activities/${own.id}`, { councilIds: [plan.north.id, plan.west.id] }, { as: lead });
    expect(widen.status).toBe(403);
    expect((await ctx.call('GET', `/api/engagement/activities/${own.id}`)).body.councils).toHaveLength(1);
    // Only the office links an activity to the readiness criterion.
    const link = await ctx.call('PATCH', `/api/engagement/activities/${own.id}`, { feedsReadiness: true }, { as: lead });
    expect(link.status).toBe(403);
    expect(link.body.details).toEqual([{ field: 'feedsReadiness', message: 'only the programme office can link an activity to the readiness criterion' }]);
    expect((await ctx.call('DELETE', `/api/engagement/activities/${own.id}`, undefined, { as: lead })).status).toBe(204);
  });

  it('refuses bad input with every problem named, and stores nothing', async () => {
    const before = tableCounts(ctx.db);
    const cases: Array<[Record<string, unknown>, Array<{ field: string; message: string }>]> = [
      [activity({ offsetDays: null }), [{ field: 'offsetDays', message: 'is needed for a date relative to the go-live' }]],
      [activity({ dateMode: 'fixed' }), [{ field: 'fixedDate', message: 'is needed for a fixed date' }, { field: 'offsetDays', message: 'must be empty for a fixed date' }]],
      [activity({ audience: 'group' }), [{ field: 'audienceGroup', message: 'name the group the activity is for' }]],
      [activity({ peopleReached: 40 }), [{ field: 'peopleReached', message: 'can only be given once the activity is done' }]],
      [activity({ status: 'done', doneOn: '2026-12-01' }), [{ field: 'doneOn', message: 'cannot be in the future (today is 23 November 2026)' }]],
      [activity({ waveId: 999, councilIds: [plan.north.id, 998] }), [{ field: 'waveId', message: 'wave 999 does not exist' }, { field: 'councilIds', message: 'council 998 does not exist' }]],
    ];
    for (const [body, details] of cases) {
      const res = await ctx.call('POST', '/api/engagement/activities', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.details).toEqual(details);
    }
    const schema = await ctx.call('POST', '/api/engagement/activities', activity({ channel: 'carrier pigeon', councilIds: [], offsetDays: 1.5, extra: 1 }));
    expect(schema.status).toBe(400);
    expect(schema.body.details.map((d: any) => d.field).sort()).toEqual(['channel', 'councilIds', 'extra', 'offsetDays']);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it("records a linked activity's reach as the councils' communications reach reading, in the same change", async () => {
    const linked = (await ctx.call('POST', '/api/engagement/activities', activity({ title: 'All-staff e-mail', channel: 'email', feedsReadiness: true }))).body;
    expect(linked.feedsReadiness).toBe(true);
    const before = tableCounts(ctx.db).readings;
    // Northmoor has 6,800 staff: 5,440 reached is 80%.
    const done = await ctx.call('PATCH', `/api/engagement/activities/${linked.id}`, { status: 'done', peopleReached: 5440, openRate: 71.5, doneOn: '2026-11-20' }, { as: lead });
    expect(done.status).toBe(200);
    expect(tableCounts(ctx.db).readings).toBe(before + 1);
    const reading = (await ctx.call('GET', `/api/readings?councilId=${plan.north.id}&criterionId=${reachId}`)).body.data[0];
    expect(reading).toMatchObject({ value: 80, readingDate: '2026-11-20' });
    expect(reading.note).toContain('All-staff e-mail');
    // A change of note records no new reading; a new count does.
    await ctx.call('PATCH', `/api/engagement/activities/${linked.id}`, { note: 'Sent twice' });
    expect(tableCounts(ctx.db).readings).toBe(before + 1);
    await ctx.call('PATCH', `/api/engagement/activities/${linked.id}`, { peopleReached: 6120 });
    expect((await ctx.call('GET', `/api/readings?councilId=${plan.north.id}&criterionId=${reachId}`)).body.data.map((r: any) => r.value)).toContain(90);
    // An unlinked activity done with reach records nothing.
    const plain = (await ctx.call('POST', '/api/engagement/activities', activity({ title: 'Webinar' }))).body;
    const count = tableCounts(ctx.db).readings;
    await ctx.call('PATCH', `/api/engagement/activities/${plain.id}`, { status: 'done', peopleReached: 100 });
    expect(tableCounts(ctx.db).readings).toBe(count);
  });
});

describe('the standard template', () => {
  it('is the office’s to keep, and a lead applies it to their council for a wave once', async () => {
    const rows = [
      { title: 'Intranet story: what is in it for me', channel: 'intranet', audience: 'both', offsetDays: -28 },
      { title: 'Team briefings', channel: 'briefing', audience: 'employees', offsetDays: -14, owner: 'Line managers' },
      { title: 'Floorwalkers on go-live day', channel: 'floorwalkers', audience: 'both', offsetDays: 0 },
    ];
    expect((await ctx.call('POST', '/api/engagement/templates', rows[0], { as: lead })).status).toBe(403);
    for (const row of rows) expect((await ctx.call('POST', '/api/engagement/templates', row)).status).toBe(201);
    expect((await ctx.call('POST', '/api/engagement/templates', { ...rows[0], title: 'team BRIEFINGS' })).body.details).toEqual([{ field: 'title', message: 'is already used by another template activity' }]);

    const refused = await ctx.call('POST', '/api/engagement/templates/apply', { councilId: plan.north.id, waveId: plan.w2.id }, { as: otherLead });
    expect(refused.status).toBe(403);
    const applied = await ctx.call('POST', '/api/engagement/templates/apply', { councilId: plan.north.id, waveId: plan.w2.id }, { as: lead });
    expect(applied.status).toBe(201);
    // W2 goes live on Tuesday 31 March 2026.
    expect(applied.body.created.map((a: any) => [a.title, a.date, a.owner])).toEqual([
      ['Intranet story: what is in it for me', '2026-03-03', 'Northmoor County Council'],
      ['Team briefings', '2026-03-17', 'Line managers'],
      ['Floorwalkers on go-live day', '2026-03-31', 'Northmoor County Council'],
    ]);
    expect(applied.body.skipped).toEqual([]);
    const again = (await ctx.call('POST', '/api/engagement/templates/apply', { councilId: plan.north.id, waveId: plan.w2.id }, { as: lead })).body;
    expect(again.created).toEqual([]);
    expect(again.skipped.map((s: any) => s.reason)).toEqual(Array(3).fill('already planned for Northmoor County Council in this wave'));
    // Another council is another matter.
    expect((await ctx.call('POST', '/api/engagement/templates/apply', { councilId: plan.west.id, waveId: plan.w2.id }, { as: otherLead })).body.created).toHaveLength(3);
    const before = tableCounts(ctx.db);
    const bad = await ctx.call('POST', '/api/engagement/templates/apply', { councilId: 999, waveId: 998 });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'councilId', message: 'council 999 does not exist' }, { field: 'waveId', message: 'wave 998 does not exist' }]);
    expect(tableCounts(ctx.db)).toEqual(before);
  });
});

describe('staff questions', () => {
  const question = (overrides: Record<string, unknown> = {}) => ({
    councilId: plan.north.id, featureId: plan.payslip.id, question: 'Can I see my payslip on my own phone?', channel: 'floorwalker', category: 'Access', ...overrides,
  });

  it('judges answers against the target in working days, weekends excluded', async () => {
    // Raised on Wednesday 18 November with a target of 2 working days: due Friday 20; today is Monday 23.
    const late = (await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-18' }), { as: lead })).body;
    expect(late).toMatchObject({ dueOn: '2026-11-20', status: 'open', late: true, loggedBy: expect.stringMatching(/^Test lead/) });
    // Raised on Friday 20 November: due Tuesday 24, not late yet.
    const fresh = (await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-20', category: 'Pay' }), { as: lead })).body;
    expect(fresh).toMatchObject({ dueOn: '2026-11-24', late: false });
    expect((await ctx.call('GET', '/api/engagement/questions?late=true')).body.data.map((q: any) => q.id)).toEqual([late.id]);

    // Answering it today answers it late.
    const answered = (await ctx.call('PATCH', `/api/engagement/questions/${late.id}`, { answer: 'Yes: sign in at the self-service page from any phone.' }, { as: lead })).body;
    expect(answered).toMatchObject({ status: 'answered', answeredOn: '2026-11-23', late: true, answeredBy: expect.stringMatching(/^Test lead/) });

    // The target lives in the settings: five working days makes it on time.
    await ctx.call('PATCH', '/api/settings', { answerTargetWorkingDays: 5 });
    expect((await ctx.call('GET', `/api/engagement/questions/${late.id}`)).body).toMatchObject({ dueOn: '2026-11-25', late: false });
    await ctx.call('PATCH', '/api/settings', { answerTargetWorkingDays: 2 });
    ctx.setToday('2026-11-25');
    expect((await ctx.call('GET', `/api/engagement/questions/${fresh.id}`)).body.late).toBe(true);
    ctx.setToday('2026-11-23');
  });

  it('lets a lead manage their own council’s questions only, and refuses bad input storing nothing', async () => {
    const before = tableCounts(ctx.db);
    const other = await ctx.call('POST', '/api/engagement/questions', question({ councilId: plan.west.id }), { as: lead });
    expect(other.status).toBe(403);
    const problems = await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-12-01', featureId: 999, answeredOn: '2026-11-20' }), { as: lead });
    expect(problems.status).toBe(400);
    expect(problems.body.details).toEqual([
      { field: 'featureId', message: 'feature 999 does not exist' },
      { field: 'answeredOn', message: 'needs an answer' },
      { field: 'raisedOn', message: 'cannot be in the future (today is 23 November 2026)' },
    ]);
    const early = await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-20', answer: 'Yes.', answeredOn: '2026-11-19' }), { as: lead });
    expect(early.body.details).toEqual([{ field: 'answeredOn', message: 'cannot be before the question was raised (20 November 2026)' }]);
    expect((await ctx.call('POST', '/api/engagement/questions', { ...question(), channel: 'pigeon', question: '   ' })).status).toBe(400);
    expect(tableCounts(ctx.db)).toEqual(before);

    const mine = (await ctx.call('POST', '/api/engagement/questions', question(), { as: lead })).body;
    expect((await ctx.call('PATCH', `/api/engagement/questions/${mine.id}`, { answer: 'Not mine to answer' }, { as: otherLead })).status).toBe(403);
    expect((await ctx.call('PATCH', `/api/engagement/questions/${mine.id}`, { status: 'answered' }, { as: lead })).body.details)
      .toEqual([{ field: 'answer', message: 'is needed to mark the question answered' }]);
    expect((await ctx.call('GET', `/api/engagement/questions/${mine.id}`)).body).toMatchObject({ status: 'open', answer: null, version: mine.version });
  });

  it('publishes answered questions as FAQs for everyone, sponsors included; the log stays with those who answer', async () => {
    const q = (await ctx.call('POST', '/api/engagement/questions', question({ question: 'Where do I find my P60?', category: 'Pay', raisedOn: '2026-11-23' }), { as: lead })).body;
    const unanswered = await ctx.call('PATCH', `/api/engagement/questions/${q.id}`, { published: true });
    expect(unanswered.body.details).toEqual([{ field: 'published', message: 'only an answered question can be published as an FAQ' }]);
    await ctx.call('PATCH', `/api/engagement/questions/${q.id}`, { answer: 'Under "Documents", from April each year.' }, { as: lead });
    const byLead = await ctx.call('PATCH', `/api/engagement/questions/${q.id}`, { published: true }, { as: lead });
    expect(byLead.status).toBe(403);
    const published = (await ctx.call('PATCH', `/api/engagement/questions/${q.id}`, { published: true })).body;
    expect(published).toMatchObject({ published: true, publishedAt: expect.any(String) });
    // Published: a lead can no longer change it.
    expect((await ctx.call('PATCH', `/api/engagement/questions/${q.id}`, { answer: 'Changed' }, { as: lead })).status).toBe(403);

    const faq = (await ctx.call('GET', '/api/engagement/faq', undefined, { as: sponsor })).body;
    expect(faq.features).toEqual([{
      featureId: plan.payslip.id, featureName: 'View payslip',
      entries: [{ id: q.id, question: 'Where do I find my P60?', answer: 'Under "Documents", from April each year.', category: 'Pay', councilName: 'Northmoor County Council', answeredOn: '2026-11-23' }],
    }]);
    const sponsorLog = (await ctx.call('GET', '/api/engagement/questions', undefined, { as: sponsor })).body;
    expect(sponsorLog.data.map((x: any) => x.id)).toEqual([q.id]);
    const unpublished = (await ctx.call('GET', '/api/engagement/questions?published=false')).body.data[0];
    expect((await ctx.call('GET', `/api/engagement/questions/${unpublished.id}`, undefined, { as: sponsor })).status).toBe(404);
  });
});

describe('what depends on engagement records', () => {
  it('refuses to delete a council or a wave that activities or questions use, naming them, and deletes nothing', async () => {
    const council = (await ctx.call('POST', '/api/councils', { name: 'Southwick Borough Council', code: 'SBC', staffHeadcount: 900, managerHeadcount: 90 })).body;
    const wave = (await ctx.call('POST', '/api/waves', { name: 'W8 Spare', sequence: 8, plannedGoLive: '2027-05-03' })).body;
    await ctx.call('POST', '/api/engagement/activities', activity({ waveId: wave.id, councilIds: [council.id] }));
    await ctx.call('POST', '/api/engagement/questions', { councilId: council.id, question: 'When do we start?', channel: 'email', category: 'Timing' });
    const before = tableCounts(ctx.db);
    const councilRes = await ctx.call('DELETE', `/api/councils/${council.id}`);
    expect(councilRes.status).toBe(409);
    expect(councilRes.body.message).toBe('The council "Southwick Borough Council" cannot be deleted: 1 communications activity and 1 staff question(s) are recorded for it.');
    const waveRes = await ctx.call('DELETE', `/api/waves/${wave.id}`);
    expect(waveRes.status).toBe(409);
    expect(waveRes.body.message).toBe('The wave "W8 Spare" cannot be deleted: 1 communications activity is planned for it. Move or delete them first.');
    expect(tableCounts(ctx.db)).toEqual(before);
  });
});

describe('engagement figures', () => {
  it("gives a council's figures per council and feature, and flags late answers and silence on the overview", async () => {
    const council = (await ctx.call('GET', `/api/engagement/councils/${plan.north.id}`)).body;
    const all = (await ctx.call('GET', `/api/engagement/questions?councilId=${plan.north.id}&limit=500`)).body.data;
    expect(council.questions.raised).toBe(all.length);
    expect(council.questions.per100Staff).toBe(Math.round((all.length / 6800) * 1000) / 10);
    const answered = all.filter((q: any) => q.answeredOn);
    expect(council.questions.withinTargetShare).toBe(Math.round((answered.filter((q: any) => !q.late).length / answered.length) * 1000) / 10);
    const counts = new Map<string, number>();
    for (const q of all) counts.set(q.category, (counts.get(q.category) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([category, count]) => ({ category, count }));
    expect(council.questions.topCategories).toEqual(top.slice(0, 3));
    expect(council.byFeature.map((f: any) => f.featureName)).toEqual(['View payslip']);
    expect(council.lateQuestions.every((q: any) => q.late && q.status === 'open')).toBe(true);
    expect(council.silence).toMatchObject({ flagged: false, lastQuestionOn: '2026-11-23' });
    expect(council.activities.every((a: any) => a.councils.some((c: any) => c.councilId === plan.north.id))).toBe(true);

    // Westvale: no question, and no communications reach reported: silent.
    const summary = (await ctx.call('GET', '/api/engagement/summary')).body;
    const west = summary.councils.find((c: any) => c.councilId === plan.west.id);
    expect(west).toMatchObject({ questionsRaised: 0, silence: { flagged: true, reason: 'No staff question has been logged, and communications reach is not reported recently, under the target of 80%.' } });
    const north = summary.councils.find((c: any) => c.councilId === plan.north.id);
    expect(north.lateQuestions).toBe(council.questions.late);
    // The council view reads one council's activities and reach by its own keys: the same as the whole lists say for it.
    expect(council.silence.commsReach).toBe(north.silence.commsReach);
    expect(council.silence).toEqual(north.silence);
    const everyActivity = (await ctx.call('GET', '/api/engagement/activities?limit=500')).body.data;
    const ofNorth = everyActivity.filter((a: any) => a.councils.some((c: any) => c.councilId === plan.north.id));
    expect(ofNorth.length).toBeGreaterThan(0);
    expect(ofNorth.length).toBeLessThan(everyActivity.length);
    expect(council.activities.map((a: any) => a.id)).toEqual(ofNorth.map((a: any) => a.id));
    expect(summary.overdueActivities.every((a: any) => a.overdue)).toBe(true);
    // Sponsors get neither the questions nor anything counted from them (test/published-material.test.ts has the rest).
    const forSponsor = (await ctx.call('GET', '/api/engagement/summary', undefined, { as: sponsor })).body;
    expect(forSponsor.lateQuestions).toEqual([]);
    expect(forSponsor.councils.map((c: any) => [c.name, c.overdueActivities, c.questionsRaised, c.lateQuestions]))
      .toEqual(summary.councils.map((c: any) => [c.name, c.overdueActivities, null, null]));
  });
});
