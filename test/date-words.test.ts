import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day } from '../client/format.ts';
import { dayWords, monthWords } from '../server/domain/date-words.ts';
import { silenceOf } from '../server/modules/engagement/views.ts';
import { quietReason } from '../server/domain/voice.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/**
 * Dates inside what the server writes for people read like the screens: "3 November 2026" (the GOV.UK style,
 * client/format.ts). One formatter, server/domain/date-words.ts; these pin it and sentences built with it.
 */
describe('dates in words on the server', () => {
  it.each([
    ['2026-11-03', '3 November 2026'],
    ['2026-01-01', '1 January 2026'],
    ['2027-12-31', '31 December 2027'],
    ['2028-02-29', '29 February 2028'],
    ['2026-11-03T23:30:00.000Z', '3 November 2026'],
  ])('%s is "%s"', (iso, words) => {
    expect(dayWords(iso)).toBe(words);
  });

  it('says every day of a leap year and its neighbours as the dashboard does', () => {
    for (let d = new Date(Date.UTC(2027, 11, 1)); d < new Date(Date.UTC(2029, 0, 31)); d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      expect(dayWords(iso)).toBe(day(iso));
    }
  });

  it('leaves text that is no date as it was', () => {
    expect(dayWords('soon')).toBe('soon');
    expect(dayWords('2026-13-45')).toBe('2026-13-45');
  });

  it('months in full', () => {
    expect(monthWords('2026-11')).toBe('November 2026');
    expect(monthWords('2026-09-30')).toBe('September 2026');
  });

  it('in the sentences that carry a date', () => {
    const silent = silenceOf('2026-06-02', 40, 60, 28, '2026-11-23');
    expect(silent.reason).toBe('No staff question since 2 June 2026, and communications reach is 40%, under the target of 60%.');
    expect(silenceOf('2026-11-20', 40, 60, 28, '2026-11-23').reason).toBe('Staff are asking questions (the last on 20 November 2026).');
    expect(quietReason({ latestRate: 30, previousRate: 40, lastAnsweredOn: '2026-10-01', openLink: true, today: '2026-11-23', silenceSince: '2026-11-01' }))
      .toBe('A survey is open and nobody has answered since 1 October 2026.');
  });
});

describe('dates in words in what the API writes for people', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
  });
  afterAll(() => closeTestApp(ctx));

  it('the calendar feed’s gate reviews name the go-live day in words (its dates themselves stay iCalendar dates)', async () => {
    const res = await ctx.call('GET', '/api/calendar.ics');
    expect(res.status).toBe(200);
    const text = String(res.body).replace(/\r\n[ \t]/g, '');
    const descriptions = [...text.matchAll(/^DESCRIPTION:(Go\/no-go review .*)$/gm)].map((m) => m[1]);
    expect(descriptions.length).toBeGreaterThan(0);
    for (const d of descriptions) expect(d).toMatch(/^Go\/no-go review 5 working days before the planned go-live on \d{1,2} [A-Z][a-z]+ \d{4}\.$/);
  });

  it('the RAID summary escalates an entry past its date in words', async () => {
    const entry = { scope: 'council', councilId: plan.north.id, ownerName: 'Payroll manager, Northmoor', description: 'Seen in the pilot.' };
    const issue = await ctx.call('POST', '/api/raid/entries', { ...entry, type: 'issue', title: 'Payslip PDFs fail on old phones', dueDate: '2026-11-03' });
    expect(issue.status).toBe(201);
    const risk = await ctx.call('POST', '/api/raid/entries', {
      ...entry, type: 'risk', title: 'Payroll cut-off clashes with the go-live', dueDate: '2026-10-30', likelihood: 2, impact: 2, proximity: 'within_month', trend: 'rising', response: 'reduce',
    });
    expect(risk.status).toBe(201);
    const reasons = Object.fromEntries(((await ctx.call('GET', '/api/raid/summary')).body.escalations as Array<{ title: string; reason: string }>).map((e) => [e.title, e.reason]));
    expect(reasons['Payslip PDFs fail on old phones']).toBe('Past its due date of 3 November 2026');
    expect(reasons['Payroll cut-off clashes with the go-live']).toBe('Past its review date of 30 October 2026');
  });
});
