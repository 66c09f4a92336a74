import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * Sponsors and share links see published material only: nothing counted from unpublished staff questions, and
 * no text written for the team in a calendar feed (docs/security.md, "What sponsors and share links see").
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let sponsor: Agent;
let shareToken: string;
let itemId: number;

const NOTE = 'Payroll supplier still owes the cut-over script';
const REASON = 'Defects affect reprints only; workaround agreed with payroll.';
const HIDDEN_CATEGORY = 'Overtime disputes';

const viaLink = (url: string) => ctx.call('GET', url, undefined, { as: null, headers: { 'x-share-token': shareToken } });

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  sponsor = await ctx.userAs('sponsor');
  await ctx.call('POST', '/api/criteria', {
    code: 'COMMS', name: 'Communications reach', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 65, scope: 'council', phase: 'readiness',
  });
  const question = (overrides: Record<string, unknown>) => ({
    councilId: plan.north.id, featureId: plan.payslip.id, question: 'Can I see my payslip on my own phone?', channel: 'floorwalker', category: 'Access', ...overrides,
  });
  // Three unpublished questions (one late and open) and one published FAQ, all at Northmoor.
  await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-18', category: HIDDEN_CATEGORY, question: 'Who checks my overtime claims now?' }), { as: lead });
  await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-19', category: HIDDEN_CATEGORY, question: 'Is overtime paid a month late?' }), { as: lead });
  await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-20', category: HIDDEN_CATEGORY, question: 'Can my manager see my overtime?', answer: 'Only your own manager.' }), { as: lead });
  const faq = (await ctx.call('POST', '/api/engagement/questions', question({ raisedOn: '2026-11-02', answer: 'Yes, from any phone.', answeredOn: '2026-11-03' }), { as: lead })).body;
  expect((await ctx.call('PATCH', `/api/engagement/questions/${faq.id}`, { published: true })).status).toBe(200);

  // An item with a note and a gate decision with a reason, for the calendar feed.
  const item = await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id, note: NOTE });
  expect(item.status).toBe(201);
  itemId = item.body.id;
  expect((await ctx.call('POST', `/api/items/${itemId}/gate`, { decision: 'no_go', reason: REASON })).status).toBe(201);

  const link = await ctx.call('POST', '/api/share-links', { label: 'Board, December' });
  shareToken = link.body.token;
});
afterAll(async () => closeTestApp(ctx));

describe('engagement figures', () => {
  it("gives the team a council's question figures and gives sponsors none of them", async () => {
    const team = (await ctx.call('GET', `/api/engagement/councils/${plan.north.id}`, undefined, { as: lead })).body;
    expect(team.questions).toMatchObject({ raised: 4, open: 2, late: 1 });
    expect(team.questions.topCategories[0]).toEqual({ category: HIDDEN_CATEGORY, count: 3 });
    expect(team.byFeature).toHaveLength(1);
    expect(team.lateQuestions).toHaveLength(1);
    expect(team.silence.lastQuestionOn).toBe('2026-11-20');

    const res = await ctx.call('GET', `/api/engagement/councils/${plan.north.id}`, undefined, { as: sponsor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      questions: null, byFeature: [], lateQuestions: [],
      silence: { flagged: false, lastQuestionOn: null, commsReach: null, commsTarget: 80 },
      council: { councilId: plan.north.id, name: 'Northmoor County Council' },
    });
    expect(res.body.silence.reason).toBe('Judged from the staff question log, which sponsors do not see.');
    expect(res.body.activities).toEqual(team.activities);
    expect(res.res.body).not.toContain(HIDDEN_CATEGORY);
  });

  it('leaves the question counts of the programme summary out for sponsors, and only them', async () => {
    const team = (await ctx.call('GET', '/api/engagement/summary', undefined, { as: lead })).body;
    const teamNorth = team.councils.find((c: any) => c.councilId === plan.north.id);
    expect(teamNorth).toMatchObject({ questionsRaised: 4, lateQuestions: 1, answeredLate: 0 });
    expect(team.lateQuestions).toHaveLength(1);

    const res = await ctx.call('GET', '/api/engagement/summary', undefined, { as: sponsor });
    expect(res.status).toBe(200);
    for (const council of res.body.councils) {
      expect(council).toMatchObject({ questionsRaised: null, lateQuestions: null, answeredLate: null, silence: { flagged: false, lastQuestionOn: null } });
    }
    expect(res.body.councils.map((c: any) => c.name)).toEqual(team.councils.map((c: any) => c.name));
    expect(res.body.lateQuestions).toEqual([]);
    // The published FAQ is still theirs to read.
    const faq = (await ctx.call('GET', '/api/engagement/faq', undefined, { as: sponsor })).body;
    expect(faq.features[0].entries.map((e: any) => e.answer)).toEqual(['Yes, from any phone.']);
  });
});

describe('the board report', () => {
  const period = '/api/reports/board?from=2026-11-01&to=2026-11-23';

  it('counts staff questions for the team but not for sponsors or share links, whoever asks first', async () => {
    // The office fills the cache first: a sponsor and a link must not be served its copy.
    const office = (await ctx.call('GET', period)).body.engagement;
    expect(office).toMatchObject({ questionsRaised: 4, questionsAnswered: 2, openPastTarget: 1, faqsPublished: 1 });
    for (const reply of [await ctx.call('GET', period, undefined, { as: sponsor }), await viaLink(period)]) {
      expect(reply.status).toBe(200);
      expect(reply.body.engagement).toMatchObject({ questionsRaised: null, questionsAnswered: null, answeredWithinTarget: null, openPastTarget: null, faqsPublished: 1 });
      expect(reply.body.engagement.activitiesDone).toBe(office.activitiesDone);
    }
    // And the other way round: the published copy is not served to the team.
    expect((await ctx.call('GET', period, undefined, { as: lead })).body.engagement.questionsRaised).toBe(4);
  });

  it('keeps the counts in the issued copy and leaves them out when a sponsor or a link reads it', async () => {
    ctx.setToday('2026-11-24'); // a report is issued once its period has ended
    const issued = await ctx.call('POST', '/api/reports/board/issued', { from: '2026-11-01', to: '2026-11-23' });
    expect(issued.status).toBe(201);
    const url = `/api/reports/board/issued/${issued.body.id}`;
    expect((await ctx.call('GET', url)).body.report.engagement.questionsRaised).toBe(4);
    for (const reply of [await ctx.call('GET', url, undefined, { as: sponsor }), await viaLink(url)]) {
      expect(reply.status).toBe(200);
      expect(reply.body.report.engagement).toMatchObject({ questionsRaised: null, openPastTarget: null, faqsPublished: 1 });
      expect(reply.body.report.title).toBe(issued.body.title);
    }
  });

  it('shows no draft win to a share link, in the report or the overview', async () => {
    const win = { councilId: plan.north.id, title: 'Paperless leave at the depot', story: 'Forty requests, no forms.', wonOn: '2026-11-10', evidenceNote: 'Leave log' };
    expect((await ctx.call('POST', '/api/wins', win)).status).toBe(201);
    expect((await ctx.call('GET', period)).body.wins).toEqual([]); // the report counts published wins, for everyone
    expect((await viaLink(period)).res.body).not.toContain('Paperless leave');
    expect((await viaLink('/api/overview')).res.body).not.toContain('Paperless leave');
  });
});

describe('the calendar feed', () => {
  it('carries item notes, gate reasons and owners for the team only', async () => {
    await ctx.call('POST', '/api/engagement/activities', {
      waveId: plan.w2.id, councilIds: [plan.north.id], title: 'Team briefing on payslips', channel: 'briefing', audience: 'employees',
      dateMode: 'relative', offsetDays: -14, owner: 'Priya from Northmoor comms',
    });
    const team = await ctx.call('GET', '/api/calendar.ics');
    expect(team.status).toBe(200);
    const unfolded = (body: string) => body.replace(/\r\n[ \t]/g, '');
    expect(unfolded(team.body)).toContain(`Note: ${NOTE}`);
    expect(unfolded(team.body)).toContain(`Reason: ${REASON.replace(/[;,]/g, (c) => `\\${c}`)}`);
    expect(unfolded(team.body)).toContain('Owner: Priya from Northmoor comms');

    for (const reply of [await viaLink(`/api/calendar.ics?key=${shareToken}`), await ctx.call('GET', '/api/calendar.ics', undefined, { as: sponsor })]) {
      expect(reply.status).toBe(200);
      const feed = unfolded(reply.body);
      // Still the same events: the item's go-live, its gate decision and the briefing.
      expect(feed).toContain('SUMMARY:Northmoor County Council: View payslip goes live (planned)');
      expect(feed).toContain('SUMMARY:Gate: no-go for Northmoor County Council\\, View payslip');
      expect(feed).toContain('SUMMARY:Team briefing: Team briefing on payslips');
      expect(feed).not.toContain('Payroll supplier');
      expect(feed).not.toContain('workaround agreed');
      expect(feed).not.toContain('Priya');
      expect(feed).not.toContain('Test office'); // who decided
    }
  });
});
