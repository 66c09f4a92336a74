import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let northPay: any;
let westPay: any;
let northApprove: any;
let published: any;

/**
 * A known history: the plan and its baseline in early January; a go decision on 29 January; Northmoor's
 * payslips live on 31 January; Westvale's payslips moved a wave on 2 February, with a blocker; a win told.
 */
beforeEach(async () => {
  ctx = await createTestApp();
  ctx.setToday('2026-01-05');
  plan = await seedSmallPlan(ctx);
  const assign = await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [
    { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id },
  ] });
  const find = (councilId: number, featureId: number) => assign.body.items.find((i: { councilId: number; featureId: number }) => i.councilId === councilId && i.featureId === featureId);
  [northPay, westPay, northApprove] = [find(plan.north.id, plan.payslip.id), find(plan.west.id, plan.payslip.id), find(plan.north.id, plan.approve.id)];
  await ctx.call('POST', '/api/baselines', { name: 'Plan v1' });
  ctx.setToday('2026-01-29');
  expect((await ctx.call('POST', `/api/items/${northPay.id}/gate`, { decision: 'go', reason: 'Ready' })).status).toBe(201);
  ctx.setToday('2026-02-02');
  expect((await ctx.call('PATCH', `/api/items/${northPay.id}`, { status: 'live', actualGoLive: '2026-01-31' })).status).toBe(200);
  expect((await ctx.call('PATCH', `/api/items/${westPay.id}`, { waveId: plan.w2.id, note: 'Payroll cut-over moved', reasonCategory: 'other', reason: 'Moved in a test' })).status).toBe(200);
  await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: westPay.id, title: 'Payroll interface not tested', ownerName: 'ICT lead', dueDate: '2026-02-10' });
  published = (await ctx.call('POST', '/api/wins', {
    councilId: plan.north.id, featureId: plan.payslip.id, title: 'Payslips on the phone', story: 'No more posted payslips.', wonOn: '2026-02-02', evidenceNote: 'Print run stopped', published: true,
  })).body;
  await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Draft, not for the board', story: 'x', wonOn: '2026-02-02', evidenceNote: 'x' });
  ctx.setToday('2026-02-20');
});
afterEach(async () => closeTestApp(ctx));

const report = (query: string) => ctx.call('GET', `/api/reports/board?${query}`);

describe('board report', () => {
  it('says what changed in the period, from the dated records', async () => {
    const res = await report('from=2026-01-01&to=2026-02-15');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.title).toBe('Board report: 1 January 2026 to 15 February 2026');
    expect(r.period).toEqual({ from: '2026-01-01', to: '2026-02-15', days: 45 });
    expect(r.baseline).toMatchObject({ name: 'Plan v1' });
    // On 1 January the plan had no items yet: they were made on 5 January.
    expect(r.headline.before).toMatchObject({ items: 0, live: 0, slipped: 0 });
    expect(r.headline.now).toMatchObject({ items: 3, live: 1, plannedLive: 2, liveOfPlanned: 1, slipped: 1 });
    expect(r.changes.wentLive).toEqual([{
      itemId: northPay.id, councilId: plan.north.id, councilName: 'Northmoor County Council', featureName: 'View payslip', waveName: 'W1',
      actualGoLive: '2026-01-31', baselineGoLive: '2026-01-31', slippageDays: 0,
    }]);
    expect(r.changes.slipped).toEqual([{
      itemId: westPay.id, councilId: plan.west.id, councilName: 'Westvale District Council', featureName: 'View payslip', waveName: 'W2',
      baselineGoLive: '2026-01-31', forecastGoLive: '2026-03-31', slippageBefore: 0, slippageNow: 59, note: 'Payroll cut-over moved',
      reasonCategory: 'other', reason: 'Moved in a test',
    }]);
    expect(r.changes.gateDecisions).toEqual([expect.objectContaining({ itemId: northPay.id, decision: 'go', proposed: 'go', reason: 'Ready', decidedOn: '2026-01-29', decidedByName: 'Test office 1' })]);
    expect(r.wins.map((w: { title: string }) => w.title)).toEqual(['Payslips on the phone']);
    expect(r.blockers).toEqual([expect.objectContaining({ itemId: westPay.id, description: 'Payroll interface not tested', owner: 'ICT lead', dueDate: '2026-02-10', overdue: true })]);
    // The next period is as long as this one: 16 February to 1 April takes in both items planned for 31 March.
    expect(r.next).toMatchObject({ from: '2026-02-16', to: '2026-04-01' });
    expect(r.next.goLives.map((i: { itemId: number; plannedGoLive: string }) => [i.itemId, i.plannedGoLive])).toEqual([[northApprove.id, '2026-03-31'], [westPay.id, '2026-03-31']]);
    expect(r.grid.councils.map((c: { code: string }) => c.code)).toEqual(['NMC', 'WDC']);
    expect(r.grid.cells).toHaveLength(3);
  });

  it('reports colour changes exactly as the item pages show them on the two days', async () => {
    const criterion = (await ctx.call('POST', '/api/criteria', { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 })).body;
    ctx.setToday('2026-02-20');
    await ctx.call('POST', '/api/readings/bulk', { readings: [
      { criterionId: criterion.id, councilId: plan.north.id, value: 30, readingDate: '2026-01-10' },
      { criterionId: criterion.id, councilId: plan.north.id, value: 90, readingDate: '2026-02-10' },
    ] });
    const r = (await report('from=2026-01-15&to=2026-02-15')).body;
    const expected = [];
    for (const item of [northPay, westPay, northApprove]) {
      const before = (await ctx.call('GET', `/api/items/${item.id}/readiness?asOf=2026-01-15`)).body.item.rag;
      const now = (await ctx.call('GET', `/api/items/${item.id}/readiness?asOf=2026-02-15`)).body.item.rag;
      if (before !== now) expected.push({ itemId: item.id, before, now });
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(r.changes.colourChanged.map((c: { itemId: number; before: string; now: string }) => ({ itemId: c.itemId, before: c.before, now: c.now })))
      .toEqual(expect.arrayContaining(expected));
    expect(r.changes.colourChanged).toHaveLength(expected.length);
  });

  it('starts where the last issued report ended, and keeps the issued copy exactly as it was', async () => {
    expect((await report('to=2026-02-15')).body.period.from).toBe('2026-01-15');
    const issued = await ctx.call('POST', '/api/reports/board/issued', { from: '2026-01-01', to: '2026-01-31', title: 'January board' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ title: 'January board', periodFrom: '2026-01-01', periodTo: '2026-01-31', issuedByName: 'Test office 1' });
    expect((await report('to=2026-02-15')).body.period.from).toBe('2026-01-31');

    // Later events, dated after the period, change nothing in a report made again for it.
    await ctx.call('POST', '/api/wins', { councilId: plan.west.id, title: 'Later win', story: 'x', wonOn: '2026-02-19', evidenceNote: 'x', published: true });
    await ctx.call('PATCH', `/api/wins/${published.id}`, { title: 'Renamed after the board met' });
    const again = (await report('from=2026-01-01&to=2026-01-31')).body;
    const copy = (await ctx.call('GET', `/api/reports/board/issued/${issued.body.id}`)).body;
    expect(copy.report).toEqual(issued.body.report);
    expect({ ...again, title: 'January board' }).toEqual(copy.report);

    expect((await ctx.call('GET', '/api/reports/board/issued')).body.map((i: { title: string }) => i.title)).toEqual(['January board']);
    expect(() => ctx.db.$client.prepare("update board_reports set title = 'Edited'").run()).toThrow(/cannot be changed/);
    expect(() => ctx.db.$client.prepare('delete from board_reports').run()).toThrow(/cannot be changed/);
  });

  it('refuses periods that are back to front, in the future or over a year, and issues nothing', async () => {
    for (const [query, message] of [
      ['from=2026-02-10&to=2026-02-01', 'The report period must end after it starts.'],
      ['from=2026-02-10&to=2026-02-10', 'The report period must end after it starts.'],
      ['to=2026-03-01', 'A report cannot look past today (20 February 2026).'],
      ['from=2024-01-01&to=2026-02-01', 'A report covers at most a year.'],
      ['from=2026-02-30', null],
    ] as const) {
      const res = await report(query);
      expect(res.status).toBe(400);
      if (message) expect(res.body.message).toBe(message);
    }
    const refused = await ctx.call('POST', '/api/reports/board/issued', { from: '2026-02-10', to: '2026-02-01' });
    expect(refused.status).toBe(400);
    expect((await ctx.call('GET', '/api/reports/board/issued')).body).toEqual([]);
  });

  it('counts the period\'s communications and staff questions, and names the overdue activities', async () => {
    const activity = (body: Record<string, unknown>) => ctx.call('POST', '/api/engagement/activities', {
      waveId: plan.w2.id, councilIds: [plan.north.id], channel: 'briefing', audience: 'employees', owner: 'Comms', ...body,
    }).then((r) => { expect(r.status).toBe(201); return r.body; });
    await activity({ title: 'Two weeks to go', dateMode: 'relative', offsetDays: -14 }); // 17 March: next period
    await activity({ title: 'Posters up', channel: 'poster', dateMode: 'fixed', fixedDate: '2026-02-05' }); // still planned: overdue
    await activity({ title: 'Team brief', dateMode: 'fixed', fixedDate: '2026-02-03', status: 'done', doneOn: '2026-02-03', peopleReached: 500 });
    await activity({ title: 'Cancelled webinar', channel: 'webinar', dateMode: 'fixed', fixedDate: '2026-02-04', status: 'cancelled' });
    const question = (body: Record<string, unknown>) => ctx.call('POST', '/api/engagement/questions', { councilId: plan.north.id, channel: 'helpline', category: 'Payslips', ...body })
      .then((r) => { expect(r.status).toBe(201); return r.body; });
    await question({ question: 'Answered in time?', raisedOn: '2026-02-02', answer: 'Yes.', answeredOn: '2026-02-03' });
    await question({ question: 'Answered late?', raisedOn: '2026-02-05', answer: 'Yes.', answeredOn: '2026-02-12' });
    await question({ question: 'Still open?', raisedOn: '2026-02-09' });
    await question({ question: 'Open since December?', raisedOn: '2025-12-01' });
    await question({ question: 'Raised after the period', raisedOn: '2026-02-18' });

    const r = (await report('from=2026-01-01&to=2026-02-15')).body;
    expect(r.engagement).toEqual({
      activitiesDone: 1, peopleReached: 500, activitiesNext: 1,
      overdueActivities: [{ id: expect.any(Number), title: 'Posters up', channel: 'Poster', date: '2026-02-05', councils: ['Northmoor County Council'], waveName: 'W2' }],
      overdueActivityCount: 1,
      // 2 and 5 February (a Thursday: due Monday 9th) raised in the period; 9 February's is due on the 11th.
      questionsRaised: 3, questionsAnswered: 2, answeredWithinTarget: 1, openPastTarget: 2, faqsPublished: 0, answerTargetWorkingDays: 2,
    });
    // Sponsors and share links read counts, never a question's text.
    expect(JSON.stringify(r)).not.toContain('Still open?');
  });

  it('shows sponsors and share links the same report: published wins only', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const asSponsor = (await ctx.call('GET', '/api/reports/board?from=2026-01-01&to=2026-02-15', undefined, { as: sponsor })).body;
    const link = (await ctx.call('POST', '/api/share-links', { label: 'Board' })).body;
    const asLink = (await ctx.call('GET', '/api/reports/board?from=2026-01-01&to=2026-02-15', undefined, { as: null, headers: { 'x-share-token': link.token } })).body;
    // The same report, but for the RAID section: a share link sees that an action exists, not its words, unless
    // the office marked its entry shareable (docs/raid.md); signed-in sponsors read them.
    const { raid: linkRaid, ...linkRest } = asLink;
    const { raid: sponsorRaid, ...sponsorRest } = asSponsor;
    expect(linkRest).toEqual(sponsorRest);
    expect(JSON.stringify(linkRaid)).toContain('An action (details for the programme team)');
    expect(JSON.stringify(sponsorRaid)).not.toContain('An action (details for the programme team)');
    expect(JSON.stringify(sponsorRaid)).toContain('Gate condition:');
    expect(asLink.wins.every((w: { published: boolean }) => w.published)).toBe(true);
  });
});
