import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answersOfTally, figuresOf, tallyOf, type Scores } from '../server/domain/voice.ts';
import { retentionInWords } from '../server/modules/voice/retention.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * Retention (docs/staff-voice.md, "Retention"): two years after a round opened, the scheduler deletes its answers,
 * comments and browser marks, audited, and keeps how many gave each score, so every figure made from them stays.
 * Driven by the injected clock and the scheduler's own tick, as in production.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let ip = 0;

const count = (sql: string, ...args: unknown[]) => (ctx.db.$client.prepare(sql).pluck().get(...args) as number);
const rowsOf = (table: string, surveyId: number) => count(`select count(*) from ${table} where survey_id = ?`, surveyId);
const tick = () => ctx.app.notifications.worker.tick();

async function answer(token: string, body: Record<string, unknown>) {
  ip += 1;
  const res = await ctx.app.inject({ method: 'POST', url: `/api/voice/answer/${token}`, payload: body, remoteAddress: `203.0.113.${ip % 250}` });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

async function openSurvey(body: Record<string, unknown>) {
  const res = await ctx.call('POST', '/api/voice/surveys', { councilId: plan.north.id, waveId: plan.w1.id, link: { label: 'Posters', expiresOn: '2027-06-30' }, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

const roundOf = async (surveyId: number) => (await ctx.call('GET', '/api/voice/results')).body.rounds.find((r: any) => r.surveyId === surveyId);
const csvLines = async (title: string) => String((await ctx.call('GET', '/api/exports/voice-results.csv')).body).split('\r\n').filter((l) => l.includes(title));
const boardNorth = async () => (await ctx.call('GET', '/api/reports/board')).body.voice.councils.find((c: any) => c.councilName === 'Northmoor County Council');

let old: any;
let recent: any;
let ideaId: number;
let readingId: number;
const before: Record<string, unknown> = {};

beforeAll(async () => {
  ctx = await createTestApp({ voiceLimits: { perLink: 10_000, perAddress: 10_000 } });
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  // Today is 2026-11-23: the old round opened two years ago tomorrow, the recent one today.
  old = await openSurvey({ title: 'Autumn 2024 pulse', opensOn: '2024-11-24' });
  recent = await openSurvey({ title: 'Autumn 2026 pulse' });
  for (let i = 0; i < 12; i += 1) {
    const scores = { awareness: 1 + (i % 5), desire: i % 3 === 0 ? null : 4, knowledge: 3 + (i % 2), ability: 2, reinforcement: 5, recommend: i % 11 };
    const comment = i === 0 ? { ideas: 'Put the QR code on the payslip envelopes' } : i === 1 ? { going_wrong: 'Jo at the Eastgate depot still has no log-in' } : {};
    expect((await answer(old.links[0].token, { ...scores, ...comment, browserToken: `browser-${i}-abcdefghijklmnop` })).status).toBe(201);
    expect((await answer(recent.links[0].token, { ...scores, browserToken: `browser-${i}-abcdefghijklmnop` })).status).toBe(201);
  }
  // A burst through a second link, discarded: kept, counted nowhere, deleted with the rest.
  const burst = (await ctx.call('POST', `/api/voice/surveys/${old.id}/links`, { label: 'Social media', expiresOn: '2027-06-30' })).body;
  for (let i = 0; i < 3; i += 1) await answer(burst.token, { awareness: 1, going_wrong: 'spam spam spam' });
  expect((await ctx.call('POST', `/api/voice/surveys/${old.id}/discards`, { linkId: burst.id, day: '2026-11-23', reason: 'Shared on a public forum' })).status).toBe(201);

  const queue = (await ctx.call('GET', `/api/voice/comments?surveyId=${old.id}`)).body;
  const idea = queue.find((c: any) => c.prompt === 'ideas');
  expect((await ctx.call('PATCH', `/api/voice/comments/${idea.id}`, { status: 'published' }, { as: lead })).status).toBe(200);
  ideaId = (await ctx.call('POST', '/api/voice/ideas', { commentId: idea.id, title: 'QR codes on envelopes' }, { as: lead })).body.id;
  const criterion = (await ctx.call('POST', '/api/criteria', {
    code: 'AWARE', name: 'Staff awareness', unit: 'score', direction: 'higher', target: 4, amberThreshold: 3, scope: 'council', phase: 'readiness',
  })).body.id;
  readingId = (await ctx.call('POST', `/api/voice/surveys/${old.id}/feeds`, { stage: 'awareness', criterionId: criterion }, { as: lead })).body.readingId;

  before.round = await roundOf(old.id);
  before.csv = await csvLines('Autumn 2024 pulse');
  before.board = await boardNorth();
  before.recentRound = await roundOf(recent.id);
});
afterAll(async () => closeTestApp(ctx));

describe('the retention job', () => {
  it('leaves a round alone until two years after it opened', async () => {
    expect(rowsOf('pulse_responses', old.id)).toBe(15);
    await tick(); // first sight: the job's next run is scheduled
    ctx.setNow('2026-11-23T23:59:00.000Z');
    expect((await tick()).jobsRun).not.toContain('voice-retention');
    expect(rowsOf('pulse_responses', old.id)).toBe(15);
    expect(count("select next_run_at from notification_schedule where job = 'voice-retention'") as unknown).toBe('2026-11-24T08:00:00.000Z');
  });

  it('on the day, deletes every answer, comment and browser mark of the round (discarded ones too), and nothing of a younger round', async () => {
    const recentRows = ['pulse_responses', 'pulse_comments', 'pulse_marks'].map((t) => rowsOf(t, recent.id));
    expect(rowsOf('pulse_comments', old.id)).toBe(5);
    expect(rowsOf('pulse_marks', old.id)).toBe(12);
    ctx.setNow('2026-11-24T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('voice-retention');
    for (const table of ['pulse_responses', 'pulse_comments', 'pulse_marks']) expect(rowsOf(table, old.id), table).toBe(0);
    expect(['pulse_responses', 'pulse_comments', 'pulse_marks'].map((t) => rowsOf(t, recent.id))).toEqual(recentRows);
    // No word of a comment is left anywhere in the database but the idea's own (taken from the published comment).
    const everything = JSON.stringify(ctx.db.$client.prepare("select name from sqlite_master where type = 'table'").pluck().all()
      .map((t) => ctx.db.$client.prepare(`select * from "${t as string}"`).all()));
    expect(everything).not.toContain('Eastgate');
    expect(everything).not.toContain('spam spam');
  });

  it('keeps every figure: results, the CSV of aggregates and the board report say what they said before', async () => {
    // Every figure as before; the published comments went with the rest of the words.
    expect(await roundOf(old.id)).toEqual({ ...(before.round as object), publishedComments: 0 });
    expect((before.round as any).publishedComments).toBe(1);
    expect((before.round as any).figures).toMatchObject({ responses: 12, suppressed: false });
    expect(await csvLines('Autumn 2024 pulse')).toEqual(before.csv);
    expect(await boardNorth()).toEqual(before.board);
    expect(await roundOf(recent.id)).toEqual(before.recentRound);
    const survey = (await ctx.call('GET', `/api/voice/surveys/${old.id}`)).body;
    expect(survey).toMatchObject({ responses: 12, answersDeletedOn: '2026-11-24', open: false });
    expect(survey.discards).toEqual([expect.objectContaining({ reason: 'Shared on a public forum', responses: 3 })]);
    expect((await ctx.call('GET', `/api/voice/surveys/${recent.id}`)).body.answersDeletedOn).toBeNull();
  });

  it('keeps the programme records: the reading fed from the round, the idea with its words (no longer linked to the comment)', async () => {
    expect(count('select count(*) from readings where id = ?', readingId)).toBe(1);
    expect(count('select count(*) from pulse_feeds where survey_id = ?', old.id)).toBe(1);
    const idea = (await ctx.call('GET', `/api/voice/ideas/${ideaId}`)).body;
    expect(idea).toMatchObject({ commentId: null, youSaid: 'Put the QR code on the payslip envelopes', title: 'QR codes on envelopes' });
  });

  it('closes the round for good: its links answer 410, and no new link is made', async () => {
    const res = await answer(old.links[0].token, { awareness: 5 });
    expect(res.status).toBe(410);
    const link = await ctx.call('POST', `/api/voice/surveys/${old.id}/links`, { expiresOn: '2027-06-30' });
    expect(link.status).toBe(409);
    expect(link.body.message).toBe("This round's answers were deleted on 24 November 2026, at the end of the retention period: open a new round.");
    expect(rowsOf('pulse_links', old.id)).toBe(2);
  });

  it('is audited: what was deleted, by the retention job, in the same transaction', async () => {
    const audit = (await ctx.call('GET', `/api/audit?entity=survey_answers&entityId=${old.id}`)).body.data;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      userName: 'Staff voice retention', action: 'delete', userId: null,
      before: { answers: 15, comments: 5, browserMarks: 12 },
      after: { tallied: 12, retentionMonths: 24, openedOnOrBefore: '2024-11-24', deletedOn: '2026-11-24' },
    });
    const ideaAudit = (await ctx.call('GET', `/api/audit?entity=voice_idea&entityId=${ideaId}`)).body.data;
    expect(ideaAudit[0]).toMatchObject({ userName: 'Staff voice retention', before: { commentId: expect.any(Number) }, after: { commentId: null } });
    expect((await ctx.call('GET', '/api/audit/verification')).body.ok).toBe(true);
  });

  it('does nothing more on the next run, and the tally cannot be changed or removed', async () => {
    const audits = count('select count(*) from audit_log');
    ctx.setNow('2026-11-25T08:00:00.000Z');
    expect((await tick()).jobsRun).toContain('voice-retention');
    expect(count('select count(*) from audit_log')).toBe(audits);
    expect(count('select count(*) from pulse_tallies')).toBe(1);
    expect(() => ctx.db.$client.prepare('update pulse_tallies set responses = 99').run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare('delete from pulse_tallies').run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare('insert or replace into pulse_tallies select * from pulse_tallies').run()).toThrow(/append-only/);
  });

  it('tells staff the period on the form', async () => {
    const form = await ctx.call('GET', `/api/voice/answer/${recent.links[0].token}`, undefined, { as: null });
    expect(form.body.privacy.join(' ')).toContain('Answers are kept for two years after the survey opened, then deleted.');
    expect([retentionInWords(12), retentionInWords(24), retentionInWords(18), retentionInWords(1)]).toEqual(['one year', 'two years', '18 months', '1 month']);
  });
});

describe('a tally', () => {
  const answerArb = fc.record({
    awareness: fc.option(fc.integer({ min: 1, max: 5 })), desire: fc.option(fc.integer({ min: 1, max: 5 })), knowledge: fc.option(fc.integer({ min: 1, max: 5 })),
    ability: fc.option(fc.integer({ min: 1, max: 5 })), reinforcement: fc.option(fc.integer({ min: 1, max: 5 })), recommend: fc.option(fc.integer({ min: 0, max: 10 })),
  }) as fc.Arbitrary<Scores>;

  it('gives exactly the figures of the answers it was made from', () => {
    fc.assert(fc.property(fc.array(answerArb, { maxLength: 60 }), (answers) => {
      expect(figuresOf(answersOfTally(answers.length, tallyOf(answers)))).toEqual(figuresOf(answers));
    }));
  });

  it('adds up with other rounds as the answers would', () => {
    fc.assert(fc.property(fc.array(answerArb, { maxLength: 30 }), fc.array(answerArb, { maxLength: 30 }), (a, b) => {
      expect(figuresOf([...answersOfTally(a.length, tallyOf(a)), ...b])).toEqual(figuresOf([...a, ...b]));
    }));
  });
});
