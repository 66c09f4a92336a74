import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * Staff voice (docs/staff-voice.md) through the API: surveys answered without an account, nothing identifying
 * stored, limits, closing and expiry, the threshold wherever results appear, the review queue, readings fed in
 * the same transaction, discards and the ideas log.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let otherLead: Agent;
let sponsor: Agent;
let ip = 0;

/** A different address each time unless one is given, so the per-address limit stays out of the way. */
async function answer(token: string, body: Record<string, unknown>, options: { address?: string; headers?: Record<string, string> } = {}) {
  ip += 1;
  const res = await ctx.app.inject({
    method: 'POST', url: `/api/voice/answer/${token}`, payload: body, headers: options.headers,
    remoteAddress: options.address ?? `198.51.100.${ip % 250}`,
  });
  return { status: res.statusCode, body: JSON.parse(res.body), res };
}

const scores = (n: number) => ({ awareness: 1 + (n % 5), desire: 4, knowledge: 3, ability: 2 + (n % 2), reinforcement: 5, recommend: n % 11 });

async function openSurvey(body: Record<string, unknown> = {}, as?: Agent) {
  const res = await ctx.call('POST', '/api/voice/surveys', {
    councilId: plan.north.id, waveId: plan.w1.id, title: 'Payslips pulse', link: { label: 'Posters', expiresOn: '2026-12-31' }, ...body,
  }, as ? { as } : {});
  expect(res.status).toBe(201);
  return res.body;
}

async function answerMany(token: string, count: number) {
  for (let i = 0; i < count; i += 1) expect((await answer(token, scores(i))).status).toBe(201);
}

beforeAll(async () => {
  ctx = await createTestApp({ voiceLimits: { perLink: 10_000, perAddress: 10_000 } });
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  otherLead = await ctx.userAs('lead', [plan.west.id]);
  sponsor = await ctx.userAs('sponsor');
});
afterAll(async () => closeTestApp(ctx));

describe('surveys and links', () => {
  it("lets a lead open a survey for their council with a link, shows the link only to those who manage it, and refuses another council's lead", async () => {
    const survey = await openSurvey({}, lead);
    expect(survey).toMatchObject({ councilName: 'Northmoor County Council', waveName: 'W1', title: 'Payslips pulse', headcount: 6800, responses: 0, open: true });
    expect(survey.links).toHaveLength(1);
    expect(survey.links[0].token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(survey.links[0].path).toBe(`/say/${survey.links[0].token}`);
    expect((await ctx.call('GET', `/api/voice/surveys/${survey.id}`, undefined, { as: sponsor })).body.links).toEqual([]);
    expect((await ctx.call('GET', `/api/voice/surveys/${survey.id}`, undefined, { as: otherLead })).body.links).toEqual([]);
    const refused = await ctx.call('POST', '/api/voice/surveys', { councilId: plan.north.id, waveId: plan.w1.id }, { as: otherLead });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You can only open surveys for the council(s) you lead.');
  });

  it('refuses a group of another council and a link that has already expired, saving nothing', async () => {
    const before = (await ctx.call('GET', '/api/voice/surveys')).body.length;
    const res = await ctx.call('POST', '/api/voice/surveys', {
      councilId: plan.west.id, groupId: plan.north.groups[0].id, waveId: plan.w1.id, link: { expiresOn: '2026-11-01' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'groupId', message: 'is not a group of this council' },
      { field: 'link/expiresOn', message: 'must not be in the past (today is 23 November 2026)' },
    ]);
    expect((await ctx.call('GET', '/api/voice/surveys')).body.length).toBe(before);
  });

  it('serves the form without sign-in, with the five statements and the privacy statement naming the threshold', async () => {
    const survey = await openSurvey();
    const res = await ctx.call('GET', `/api/voice/answer/${survey.links[0].token}`, undefined, { as: null });
    expect(res.status).toBe(200);
    expect(res.body.statements.map((s: { text: string }) => s.text)).toEqual([
      'I know what is changing and when', 'I can see what is in it for me', 'I know how to do it', 'I have done it', 'I will keep doing it',
    ]);
    expect(res.body.scale).toEqual(['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree']);
    expect(res.body.privacy.join(' ')).toContain('at least 10 people answered');
    expect(res.body.prompts.map((p: { prompt: string }) => p.prompt)).toEqual(['working_well', 'going_wrong', 'ideas']);
  });
});

describe('anonymity', () => {
  it('stores nothing identifying: no address, browser, token or time of day anywhere in the database', async () => {
    const survey = await openSurvey();
    const token = survey.links[0].token;
    const browserToken = 'BrowserTokenAbcdef0123456789xyz';
    const res = await answer(token, { ...scores(1), working_well: 'Payslips on my phone', browserToken }, {
      address: '203.0.113.77', headers: { 'user-agent': 'Mozilla/5.0 (UniquePhone 77) Safari', 'x-forwarded-for': '192.0.2.99' },
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Thank you. Your answers have been sent.');

    const rows = (table: string) => ctx.db.$client.prepare(`select * from ${table}`).all() as Array<Record<string, unknown>>;
    const response = rows('pulse_responses').at(-1)!;
    expect(Object.keys(response).sort()).toEqual(['ability', 'answered_on', 'awareness', 'desire', 'discard_id', 'id', 'knowledge', 'link_id', 'recommend', 'reinforcement', 'survey_id'].sort());
    expect(response.answered_on).toBe('2026-11-23');
    const comment = rows('pulse_comments').at(-1)!;
    expect(comment).toMatchObject({ answered_on: '2026-11-23', prompt: 'working_well', text: 'Payslips on my phone', status: 'unreviewed' });
    // The browser's mark is apart from the answer: no column joins them.
    expect(Object.keys(rows('pulse_marks')[0]!).sort()).toEqual(['browser_hash', 'survey_id']);

    const tables = (ctx.db.$client.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    const everything = tables.map((t) => JSON.stringify(rows(t))).join('\n');
    for (const secret of ['203.0.113.77', '192.0.2.99', 'UniquePhone', browserToken]) expect(everything).not.toContain(secret);
    // No instant with a time of day is kept with an answer.
    expect(JSON.stringify([...rows('pulse_responses'), ...rows('pulse_comments'), ...rows('pulse_marks')])).not.toMatch(/T\d\d:\d\d/);
  });

  it('counts a browser once per survey (409 the second time, nothing stored), and lets it answer another survey', async () => {
    const first = await openSurvey();
    const second = await openSurvey();
    const browserToken = 'SameBrowser0123456789abcdefgh';
    expect((await answer(first.links[0].token, { ...scores(2), browserToken })).status).toBe(201);
    const again = await answer(first.links[0].token, { ...scores(3), going_wrong: 'Twice', browserToken });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already answered this survey');
    expect((await ctx.call('GET', `/api/voice/surveys/${first.id}`)).body.responses).toBe(1);
    expect((await ctx.call('GET', '/api/voice/comments')).body.some((c: { text: string }) => c.text === 'Twice')).toBe(false);
    expect((await answer(second.links[0].token, { ...scores(2), browserToken })).status).toBe(201);
  });

  it('refuses an empty answer, a score off the scale, too long a comment and too large a body, storing nothing', async () => {
    const survey = await openSurvey();
    const token = survey.links[0].token;
    expect((await answer(token, {})).status).toBe(400);
    expect((await answer(token, { awareness: 6 })).status).toBe(400);
    expect((await answer(token, { recommend: 11 })).status).toBe(400);
    expect((await answer(token, { ideas: 'x'.repeat(1001) })).status).toBe(400);
    expect((await answer(token, { awareness: 3, name: 'Pat' })).status).toBe(400);
    const huge = await answer(token, { awareness: 3, ideas: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toBe('The request body is larger than this route accepts: at most 16,384 bytes.');
    expect((await ctx.call('GET', `/api/voice/surveys/${survey.id}`)).body.responses).toBe(0);
  });
});

describe('closing and expiry', () => {
  it('answers 410 once a link is closed, cannot reopen it, and keeps other links of the survey open', async () => {
    const survey = await openSurvey();
    const [first] = survey.links;
    const second = (await ctx.call('POST', `/api/voice/surveys/${survey.id}/links`, { label: 'Briefings', expiresOn: '2026-12-15' }, { as: lead })).body;
    const closed = await ctx.call('PATCH', `/api/voice/links/${first.id}`, { closed: true }, { as: lead });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ open: false, closedAt: '2026-11-23T10:00:00.000Z' });
    for (const res of [await ctx.call('GET', `/api/voice/answer/${first.token}`, undefined, { as: null }), await answer(first.token, scores(1))]) {
      expect(res.status).toBe(410);
      expect(res.body.message).toBe('This survey has closed. Thank you for your interest: look out for the next one.');
    }
    const reopen = await ctx.call('PATCH', `/api/voice/links/${first.id}`, { closed: false }, { as: lead });
    expect(reopen.status).toBe(400);
    expect(reopen.body.details).toEqual([{ field: 'closed', message: 'a closed link cannot be reopened: make a new link' }]);
    expect((await answer(second.token, scores(1))).status).toBe(201);
    expect((await ctx.call('PATCH', `/api/voice/links/${second.id}`, { closed: true }, { as: otherLead, ifMatch: '"1"' })).status).toBe(403);
  });

  it('takes answers on its last day and answers 410 the day after', async () => {
    const survey = await openSurvey({ link: { expiresOn: '2026-11-25' } });
    const token = survey.links[0].token;
    ctx.setToday('2026-11-25');
    expect((await answer(token, scores(1))).status).toBe(201);
    ctx.setToday('2026-11-26');
    const late = await answer(token, scores(1));
    expect(late.status).toBe(410);
    expect(late.body.message).toBe('This survey closed on 25 November 2026. Thank you for your interest: look out for the next one.');
    expect((await ctx.call('GET', `/api/voice/surveys/${survey.id}`)).body).toMatchObject({ responses: 1, open: false });
    ctx.setToday('2026-11-23');
  });

  it('answers 404 for a token that was never issued', async () => {
    expect((await answer('NoSuchToken0123456789abcdef', scores(1))).status).toBe(404);
  });
});

describe('rate limits', () => {
  it('limits answers per address and per link, with Retry-After, and stores nothing refused', async () => {
    const limited = await createTestApp({ voiceLimits: { perAddress: 3, perLink: 5 } });
    try {
      const small = await seedSmallPlan(limited);
      const survey = (await limited.call('POST', '/api/voice/surveys', { councilId: small.north.id, waveId: small.w1.id, link: { expiresOn: '2026-12-31' } })).body;
      const send = (address: string) => limited.app.inject({ method: 'POST', url: `/api/voice/answer/${survey.links[0].token}`, payload: { awareness: 4 }, remoteAddress: address });
      for (let i = 0; i < 3; i += 1) expect((await send('198.51.100.1')).statusCode).toBe(201);
      const refused = await send('198.51.100.1');
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(refused.body).message).toBe('Too many answers have come in from here in a short time. Please try again in 10 minute(s).');
      expect((await send('198.51.100.2')).statusCode).toBe(201);
      expect((await send('198.51.100.3')).statusCode).toBe(201);
      // Five through this link: the next one is refused whatever its address.
      expect((await send('198.51.100.4')).statusCode).toBe(429);
      expect((await limited.call('GET', `/api/voice/surveys/${survey.id}`)).body.responses).toBe(5);
    } finally {
      await closeTestApp(limited);
    }
  });
});

describe('the threshold, everywhere results appear', () => {
  let survey: any;
  let shareToken: string;

  beforeAll(async () => {
    // West is the council of these tests: nothing else here answers its surveys.
    survey = await openSurvey({ councilId: plan.west.id, title: 'West round 1' });
    await answerMany(survey.links[0].token, 9);
    await answer(survey.links[0].token, { ...scores(4), ideas: 'A QR code on the payslip envelope', going_wrong: 'Jo in payroll never answers' });
    shareToken = (await ctx.call('POST', '/api/share-links', { label: 'Board' })).body.token;
  });

  const westRound = (body: any) => body.rounds.find((r: any) => r.surveyId === survey.id);

  it('holds back every figure of a round under the threshold, for every reader, and shows them at the threshold', async () => {
    await ctx.call('PATCH', '/api/settings', { surveyMinResponses: 11 });
    for (const as of [ctx.office, otherLead, sponsor]) {
      const round = westRound((await ctx.call('GET', `/api/voice/results?councilId=${plan.west.id}`, undefined, { as })).body);
      expect(round.figures).toMatchObject({ responses: 10, suppressed: true, recommendNet: null });
      expect(round.figures.stages.every((s: any) => s.mean === null && s.agreePercent === null && s.answered === 0)).toBe(true);
      expect(round.responseRate).toBe(0.5);
    }
    await ctx.call('PATCH', '/api/settings', { surveyMinResponses: 10 });
    const shown = westRound((await ctx.call('GET', `/api/voice/results?councilId=${plan.west.id}`)).body);
    expect(shown.figures.suppressed).toBe(false);
    expect(shown.figures.stages.find((s: any) => s.stage === 'desire')).toEqual({ stage: 'desire', answered: 10, mean: 4, agreePercent: 100 });
    const sponsorView = westRound((await ctx.call('GET', `/api/voice/results?councilId=${plan.west.id}`, undefined, { as: sponsor })).body);
    expect(sponsorView.publishedComments).toBeNull();
  });

  it('shows a lead their own council only', async () => {
    const mine = (await ctx.call('GET', '/api/voice/results', undefined, { as: otherLead })).body;
    expect(new Set(mine.rounds.map((r: any) => r.councilName))).toEqual(new Set(['Westvale District Council']));
    expect(mine.councils.map((c: any) => c.councilName)).toEqual(['Westvale District Council']);
  });

  it('holds back the CSV export of aggregates, the board report and what a share link sees', async () => {
    await ctx.call('PATCH', '/api/settings', { surveyMinResponses: 11 });
    const csv = await ctx.call('GET', '/api/exports/voice-results.csv');
    expect(csv.status).toBe(200);
    const line = String(csv.body).split('\r\n').find((l) => l.includes('West round 1') && l.includes('desire'))!;
    expect(line).toContain(',10,1900,0.5,desire,,,11');
    expect(String(csv.body)).not.toContain('QR code');
    for (const headers of [{} as Record<string, string>, { 'x-share-token': shareToken }]) {
      const as = 'x-share-token' in headers ? null : ctx.office;
      const report = await ctx.call('GET', '/api/reports/board', undefined, { as, headers });
      expect(report.status).toBe(200);
      const west = report.body.voice.councils.find((c: any) => c.councilName === 'Westvale District Council');
      expect(west).toMatchObject({ responses: 10, suppressed: true, recommendNet: null });
      expect(west.stages.every((s: any) => s.mean === null)).toBe(true);
      expect(JSON.stringify(report.body)).not.toContain('QR code');
    }
    await ctx.call('PATCH', '/api/settings', { surveyMinResponses: 10 });
    const report = await ctx.call('GET', '/api/reports/board', undefined, { as: null, headers: { 'x-share-token': shareToken } });
    expect(report.body.voice.councils.find((c: any) => c.councilName === 'Westvale District Council').stages[1]).toEqual({ stage: 'desire', mean: 4, agreePercent: 100 });
    const csvShown = await ctx.call('GET', '/api/exports/voice-results.csv');
    expect(String(csvShown.body).split('\r\n').find((l) => l.includes('West round 1') && l.includes('desire'))).toContain(',10,1900,0.5,desire,4,100,');
  });

  it('refuses a threshold under 5', async () => {
    const res = await ctx.call('PATCH', '/api/settings', { surveyMinResponses: 4 });
    expect(res.status).toBe(400);
  });

  it('leaves a held-back round out of the wave total, so it cannot be worked out by subtraction', async () => {
    const small = await openSurvey({ councilId: plan.west.id, title: 'West depot round', groupId: null });
    await answerMany(small.links[0].token, 3);
    const body = (await ctx.call('GET', `/api/voice/results?councilId=${plan.west.id}&waveId=${plan.w1.id}`)).body;
    const total = body.byWave.find((w: any) => w.waveId === plan.w1.id);
    expect(total.leftOut).toBe(1);
    expect(total.figures.responses).toBe(10);
    expect(total.figures.stages).toEqual(westRound(body).figures.stages);
  });
});

describe('comments: the review queue', () => {
  let survey: any;

  beforeAll(async () => {
    survey = await openSurvey({ title: 'Comment round' });
    await answerMany(survey.links[0].token, 9);
    await answer(survey.links[0].token, { ...scores(1), going_wrong: 'My manager Sam Field at the Ashby depot says no', working_well: 'Leave booking is quick' });
  });

  const texts = (list: any[]) => list.map((c) => c.text);

  it('keeps an unreviewed comment in the queue: never in published comments, results, exports, the board report, or for sponsors', async () => {
    const queue = (await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}`, undefined, { as: lead })).body;
    expect(texts(queue)).toEqual(['Leave booking is quick', 'My manager Sam Field at the Ashby depot says no']);
    expect((await ctx.call('GET', `/api/voice/comments?status=published&surveyId=${survey.id}`)).body).toEqual([]);
    expect((await ctx.call('GET', '/api/voice/comments', undefined, { as: sponsor })).status).toBe(403);
    expect((await ctx.call('GET', '/api/voice/comments', undefined, { as: otherLead })).body.some((c: any) => c.surveyId === survey.id)).toBe(false);
    expect((await ctx.call('GET', `/api/voice/comments/${queue[0].id}`, undefined, { as: otherLead })).status).toBe(403);
    const everywhere = [
      await ctx.call('GET', '/api/voice/results'), await ctx.call('GET', '/api/reports/board'), await ctx.call('GET', '/api/exports/voice-results.csv'),
      await ctx.call('GET', '/api/voice/ideas'), await ctx.call('GET', '/api/voice/surveys'),
    ].map((r) => JSON.stringify(r.body)).join('');
    expect(everywhere).not.toContain('Leave booking');
    expect(everywhere).not.toContain('Sam Field');
    expect(westOrNorth((await ctx.call('GET', '/api/voice/results')).body, survey.id).publishedComments).toBe(0);
  });

  it('publishes a comment edited to remove names, withholds another, and records neither text in the audit trail', async () => {
    const queue = (await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}`, undefined, { as: lead })).body;
    const [good, identifying] = queue;
    const withheld = await ctx.call('PATCH', `/api/voice/comments/${identifying.id}`, { status: 'withheld' }, { as: lead });
    expect(withheld.body).toMatchObject({ status: 'withheld', text: '' });
    const edited = await ctx.call('PATCH', `/api/voice/comments/${good.id}`, { status: 'published', text: 'Booking leave is quick' }, { as: lead });
    expect(edited.body).toMatchObject({ status: 'published', text: 'Booking leave is quick', reviewedByName: expect.stringContaining('Test lead') });
    expect(texts((await ctx.call('GET', `/api/voice/comments?status=published&surveyId=${survey.id}`)).body)).toEqual(['Booking leave is quick']);
    expect((await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}`)).body).toEqual([]);
    const stored = ctx.db.$client.prepare('select text from pulse_comments where id in (?, ?)').all(good.id, identifying.id);
    expect(JSON.stringify(stored)).not.toMatch(/Sam Field|Leave booking is quick/);
    const audit = ctx.db.$client.prepare("select before, after from audit_log where entity = 'survey_comment' order by id").all() as Array<{ before: string; after: string }>;
    expect(JSON.stringify(audit)).not.toMatch(/Sam Field|Leave booking|Booking leave/);
    expect(audit.map((a) => [JSON.parse(a.before), JSON.parse(a.after)])).toEqual([
      [{ status: 'unreviewed' }, { status: 'withheld', edited: false }], [{ status: 'unreviewed' }, { status: 'published', edited: true }],
    ]);
    expect(westOrNorth((await ctx.call('GET', '/api/voice/results')).body, survey.id).publishedComments).toBe(1);
  });

  it('lists no published comment of a round under the threshold', async () => {
    const quiet = await openSurvey({ title: 'Tiny round' });
    await answer(quiet.links[0].token, { ...scores(1), working_well: 'Only three of us answered' });
    const [c] = (await ctx.call('GET', `/api/voice/comments?surveyId=${quiet.id}`)).body;
    expect((await ctx.call('PATCH', `/api/voice/comments/${c.id}`, { status: 'published' })).status).toBe(200);
    expect((await ctx.call('GET', `/api/voice/comments?status=published&surveyId=${quiet.id}`)).body).toEqual([]);
  });
});

function westOrNorth(results: any, surveyId: number) {
  return results.rounds.find((r: any) => r.surveyId === surveyId);
}

describe('stage scores as readiness readings', () => {
  let survey: any;
  let scoreCriterion: number;
  let percentCriterion: number;
  const count = (table: string) => (ctx.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    survey = await openSurvey({ title: 'Feed round' });
    await answerMany(survey.links[0].token, 10);
    scoreCriterion = (await ctx.call('POST', '/api/criteria', {
      code: 'AWARE', name: 'Staff awareness', unit: 'score', direction: 'higher', target: 4, amberThreshold: 3, scope: 'council', phase: 'readiness',
    })).body.id;
    percentCriterion = (await ctx.call('POST', '/api/criteria', {
      code: 'CONFID', name: 'Staff confidence', unit: 'percent', direction: 'higher', target: 70, amberThreshold: 50, scope: 'council', phase: 'readiness',
    })).body.id;
  });

  it('records the mean for a score criterion and the percent agreeing for a percent one, each with its link, in one transaction', async () => {
    const fed = await ctx.call('POST', `/api/voice/surveys/${survey.id}/feeds`, { stage: 'awareness', criterionId: scoreCriterion }, { as: lead });
    expect(fed.status).toBe(201);
    // awareness scores 1..5 twice over: mean 3.
    expect(fed.body).toMatchObject({ stage: 'awareness', value: 3, readingDate: '2026-11-23' });
    expect(fed.body.note).toMatch(/^Source: pulse survey "Feed round" \(23 November 2026\), Awareness mean score, 10 answers$/);
    const reading = ctx.db.$client.prepare('select * from readings where id = ?').get(fed.body.readingId) as Record<string, unknown>;
    expect(reading).toMatchObject({ criterion_id: scoreCriterion, council_id: plan.north.id, value: 3, note: fed.body.note });
    const pct = await ctx.call('POST', `/api/voice/surveys/${survey.id}/feeds`, { stage: 'knowledge', criterionId: percentCriterion });
    expect(pct.body.value).toBe(0); // everybody scored knowledge 3: nobody agrees
  });

  it('rolls the reading back when its link to the survey cannot be written (the same stage twice)', async () => {
    const readings = count('readings');
    const feeds = count('pulse_feeds');
    const again = await ctx.call('POST', `/api/voice/surveys/${survey.id}/feeds`, { stage: 'awareness', criterionId: scoreCriterion });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('This stage of this round has already been recorded as a reading of "Staff awareness".');
    expect(count('readings')).toBe(readings);
    expect(count('pulse_feeds')).toBe(feeds);
  });

  it('refuses a round under the threshold and another council\'s lead, recording nothing', async () => {
    const small = await openSurvey({ title: 'Small feed round' });
    await answerMany(small.links[0].token, 4);
    const readings = count('readings');
    const under = await ctx.call('POST', `/api/voice/surveys/${small.id}/feeds`, { stage: 'desire', criterionId: scoreCriterion });
    expect(under.status).toBe(409);
    expect(under.body.message).toBe('This round has 4 answer(s), under the 10 needed before its figures are shown or used.');
    expect((await ctx.call('POST', `/api/voice/surveys/${survey.id}/feeds`, { stage: 'desire', criterionId: scoreCriterion }, { as: otherLead })).status).toBe(403);
    expect(count('readings')).toBe(readings);
  });
});

describe('discarding a burst', () => {
  it('sets aside the answers and comments of a link on a day, with the reason, for the office only', async () => {
    const survey = await openSurvey({ title: 'Burst round' });
    const second = (await ctx.call('POST', `/api/voice/surveys/${survey.id}/links`, { label: 'Intranet', expiresOn: '2026-12-31' })).body;
    await answerMany(survey.links[0].token, 12);
    await answer(second.token, { ...scores(1), ideas: 'Kept idea' });
    await answer(survey.links[0].token, { awareness: 1, going_wrong: 'spam spam' });
    const body = { linkId: survey.links[0].id, day: '2026-11-23', reason: 'Thirteen answers in two minutes from the poster link after it was shared on social media' };
    expect((await ctx.call('POST', `/api/voice/surveys/${survey.id}/discards`, body, { as: lead })).status).toBe(403);
    const done = await ctx.call('POST', `/api/voice/surveys/${survey.id}/discards`, body);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ responses: 13, comments: 1, reason: body.reason });
    const after = (await ctx.call('GET', `/api/voice/surveys/${survey.id}`)).body;
    expect(after.responses).toBe(1);
    expect(after.discards).toEqual([expect.objectContaining({ linkId: survey.links[0].id, day: '2026-11-23', reason: body.reason, responses: 13 })]);
    expect((await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}`)).body.map((c: any) => c.text)).toEqual(['Kept idea']);
    const nothing = await ctx.call('POST', `/api/voice/surveys/${survey.id}/discards`, body);
    expect(nothing.status).toBe(400);
  });
});

describe('ideas and "you said, we did"', () => {
  it('logs an idea from a published comment, needs a reason for not now and what was done for adopted, and publishes adopted ones', async () => {
    const survey = await openSurvey({ title: 'Ideas round' });
    await answerMany(survey.links[0].token, 10);
    await answer(survey.links[0].token, { ideas: 'Put a QR code on the payslip envelope' });
    const [comment] = (await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}&prompt=ideas`)).body;
    expect((await ctx.call('POST', '/api/voice/ideas', { commentId: comment.id, title: 'QR code on envelopes' })).status).toBe(400);
    await ctx.call('PATCH', `/api/voice/comments/${comment.id}`, { status: 'published' }, { as: lead });
    const idea = (await ctx.call('POST', '/api/voice/ideas', { commentId: comment.id, title: 'QR code on envelopes' }, { as: lead })).body;
    expect(idea).toMatchObject({ councilId: plan.north.id, youSaid: 'Put a QR code on the payslip envelope', status: 'new' });
    const other = (await ctx.call('POST', '/api/voice/ideas', { councilId: plan.north.id, title: 'Evening drop-ins', youSaid: 'Drop-in help after late shifts' }, { as: lead })).body;

    const noReason = await ctx.call('PATCH', `/api/voice/ideas/${other.id}`, { status: 'not_now' }, { as: lead });
    expect(noReason.body.details).toEqual([{ field: 'reason', message: 'is needed: say why not now' }]);
    expect((await ctx.call('PATCH', `/api/voice/ideas/${other.id}`, { status: 'not_now', reason: 'No floorwalkers after 6pm until wave 3' }, { as: lead })).body)
      .toMatchObject({ status: 'not_now', decidedOn: '2026-11-23' });
    const noWeDid = await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'adopted' }, { as: lead });
    expect(noWeDid.body.details).toEqual([{ field: 'weDid', message: 'is needed: say what was done' }]);
    await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'adopted', weDid: 'Every envelope from December has a QR code to the payslip page' }, { as: lead });

    const page = await ctx.call('GET', '/api/voice/said-did/nmc', undefined, { as: null });
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      councilName: 'Northmoor County Council', councilCode: 'NMC',
      ideas: [{ title: 'QR code on envelopes', youSaid: 'Put a QR code on the payslip envelope', weDid: 'Every envelope from December has a QR code to the payslip page', decidedOn: '2026-11-23' }],
    });
    expect((await ctx.call('GET', '/api/voice/ideas', undefined, { as: sponsor })).body.map((i: any) => i.title)).toEqual(['QR code on envelopes']);
    expect((await ctx.call('GET', '/api/voice/said-did/NOPE', undefined, { as: null })).status).toBe(404);
  });

  it('makes an adopted idea a draft early win, once, and keeps it adopted', async () => {
    const idea = (await ctx.call('POST', '/api/voice/ideas', { councilId: plan.north.id, title: 'Payslip help card', youSaid: 'A card showing how to sign in' })).body;
    expect((await ctx.call('POST', `/api/voice/ideas/${idea.id}/win`, {})).status).toBe(409);
    await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'adopted', weDid: 'Help cards at every depot' });
    const made = await ctx.call('POST', `/api/voice/ideas/${idea.id}/win`, {}, { as: lead });
    expect(made.status).toBe(201);
    const win = (await ctx.call('GET', `/api/wins/${made.body.winId}`)).body;
    expect(win).toMatchObject({ title: 'Payslip help card', published: false, story: 'You said: A card showing how to sign in We did: Help cards at every depot' });
    expect((await ctx.call('POST', `/api/voice/ideas/${idea.id}/win`, {})).status).toBe(409);
    const back = await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'considering' });
    expect(back.body.details).toEqual([{ field: 'status', message: 'the idea has become an early win; it stays adopted' }]);
  });
});

describe('silence', () => {
  it('flags a council whose latest round drew under half the response rate of the one before', async () => {
    const quiet = await ctx.app.inject({ method: 'GET', url: '/api/voice/results' });
    expect(quiet.statusCode).toBe(401);
    const fresh = await createTestApp({ voiceLimits: { perLink: 10_000, perAddress: 10_000 } });
    try {
      const small = await seedSmallPlan(fresh);
      const open = async (title: string, opensOn: string) => (await fresh.call('POST', '/api/voice/surveys', {
        councilId: small.west.id, waveId: small.w1.id, title, opensOn, link: { expiresOn: '2026-12-31' },
      })).body;
      const send = async (token: string, n: number) => {
        for (let i = 0; i < n; i += 1) await fresh.app.inject({ method: 'POST', url: `/api/voice/answer/${token}`, payload: { awareness: 3 }, remoteAddress: `192.0.2.${i}` });
      };
      const first = await open('October', '2026-10-01');
      await send(first.links[0].token, 40);
      const second = await open('November', '2026-11-20');
      await send(second.links[0].token, 12);
      const west = (await fresh.call('GET', '/api/voice/results')).body.councils.find((c: any) => c.councilId === small.west.id);
      expect(west).toMatchObject({ quiet: true, rounds: 2, quietReason: 'The latest round drew 0.6% of staff, under half the 2.1% of the round before.' });
      const north = (await fresh.call('GET', '/api/voice/results')).body.councils.find((c: any) => c.councilId === small.north.id);
      expect(north).toMatchObject({ quiet: false, rounds: 0, latest: null });
    } finally {
      await closeTestApp(fresh);
    }
  });
});
