import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { originalWords, switchedOnWords, takeUpWords } from '../client/metric-words.ts';
import { standing } from '../client/components/FirstScreen/FirstScreen.tsx';

/**
 * Every headline figure docs/metrics.md defines, pinned on the demo data as of 23 November 2026: its value in the
 * API and the words the dashboard puts around it (the overview, the council page and the board report).
 */
let db: Db;
let app: Awaited<ReturnType<typeof buildApp>>;
let cookie: string;
const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, url).toBe(200);
  return JSON.parse(res.body);
};

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'sponsor@example.org', password: 'sponsor-demo-2026' } });
  cookie = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
}, 120_000);
afterAll(async () => {
  await app.close();
  closeDatabase(db);
});

describe('the headline figures of docs/metrics.md on the demo data', () => {
  it('overview: standing, live of planned, switched on, using, late, readiness', async () => {
    const o = await get('/api/overview');
    expect(o.baseline.name).toBe('Programme plan v1');
    expect(o.totals).toEqual({
      items: 24, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 8, totalSlippageDays: 450, maxSlippageDays: 133,
      staffReached: 12_100, staffInScope: 12_100,
    });
    // Only one baseline approved: nothing to read against an original.
    expect(o.original).toBeNull();
    // Behind plan: 3 items the baseline planned live by now are not (Eastbridge's leave and sickness, moved a wave).
    expect(standing(o)).toBe('behind');
    expect(o.readiness).toEqual({ red: 6, amber: 3, green: 0, notYetDue: 0 });
    expect(o.adoption).toEqual({ red: 0, amber: 12, green: 3 });
    expect(o.redCount).toBe(6);
    // "Switched on" is everyone in scope; "using" is well short of that, and most live items are under target.
    expect(o.takeUp).toEqual({ liveItems: 15, measured: 15, users: 25_935, switchedOn: 42_610, percent: 60.9, metTarget: 6, lowest: 47.9, highest: 73.3, target: 60 });
    expect(switchedOnWords(o.totals)).toEqual({
      value: '12,100', label: 'staff switched on: 100% of 12,100 in scope have at least one feature live for them (switched on, not necessarily using it)',
    });
    expect(takeUpWords(o.takeUp)).toEqual({
      value: '60.9% using',
      label: 'take-up: 25,935 of the 42,610 staff the 15 live items are switched on for have used them (47.9% to 73.3% by item); 6 of 15 at their 60% target',
      short: '(target 60%)',
    });
    expect(o.benefits.text).toBe('£19,784 saved to date of £60,000 target; 44.0% online');
  });

  it("waves: each wave's baseline go-live is the wave's own date in the baseline", async () => {
    const o = await get('/api/overview');
    expect(o.waves.map((w: any) => [w.name, w.baselineGoLive, w.plannedGoLive, w.totals.slipped])).toEqual([
      ['W0 Pilot', '2026-03-16', '2026-03-16', 0],
      ['W1 Payslips and personal details', '2026-05-11', '2026-05-11', 2],
      ['W2 Leave and sickness', '2026-09-07', '2026-09-07', 3],
      // Eastbridge's leave items are in W3 now, but W3 was baselined for 18 January, not their 7 September.
      ['W3 Expenses and manager approvals', '2027-01-18', '2027-01-18', 3],
    ]);
  });

  it('council pages: live, switched on against headcount, using, late', async () => {
    const o = await get('/api/overview');
    const byCode = Object.fromEntries(await Promise.all(o.councils.map(async (c: any) => [c.code, await get(`/api/councils/${c.councilId}/summary`)])));
    const figures = (code: string) => {
      const s = byCode[code];
      return { live: s.totals.live, items: s.totals.items, on: s.totals.staffReached, of: s.council.staffHeadcount, slipped: s.totals.slipped, days: s.totals.totalSlippageDays, using: s.takeUp.percent, atTarget: s.takeUp.metTarget, readiness: s.readiness };
    };
    expect(figures('NMC')).toEqual({ live: 6, items: 8, on: 6800, of: 6800, slipped: 0, days: 0, using: 62, atTarget: 3, readiness: { red: 2, amber: 0, green: 0, notYetDue: 0 } });
    expect(figures('EBC')).toEqual({ live: 3, items: 8, on: 3400, of: 3400, slipped: 3, days: 399, using: 57.6, atTarget: 0, readiness: { red: 2, amber: 3, green: 0, notYetDue: 0 } });
    expect(figures('WDC')).toEqual({ live: 6, items: 8, on: 1900, of: 1900, slipped: 5, days: 51, using: 59.7, atTarget: 3, readiness: { red: 2, amber: 0, green: 0, notYetDue: 0 } });
    expect(takeUpWords(byCode.EBC.takeUp).label).toBe('take-up: 3,932 of the 6,828 staff the 3 live items are switched on for have used them (57.1% to 57.6% by item); 0 of 3 at their 60% target');
    expect(switchedOnWords(byCode.WDC.totals, byCode.WDC.council.staffHeadcount).label)
      .toBe('staff switched on: 100% of 1,900 staff have at least one feature live for them (switched on, not necessarily using it)');
    // The councils add up to the programme.
    const sum = (pick: (s: any) => number) => Object.values(byCode).reduce((n: number, s) => n + pick(s), 0);
    expect(sum((s) => s.totals.slipped)).toBe(o.totals.slipped);
    expect(sum((s) => s.totals.totalSlippageDays)).toBe(o.totals.totalSlippageDays);
    expect(sum((s) => s.takeUp.users)).toBe(o.takeUp.users);
  });

  it('board report: the October report as issued equals its regeneration, with its headline figures', async () => {
    const issued = (await get('/api/reports/board/issued')).find((r: any) => r.title === 'Programme board, October 2026');
    const copy = (await get(`/api/reports/board/issued/${issued.id}`)).report;
    const again = await get('/api/reports/board?from=2026-09-30&to=2026-10-31');
    expect(again.headline).toEqual(copy.headline);
    // Nothing went live or moved in October: the start and end agree, and Eastbridge's 133 days (three items) stand.
    const october = { items: 24, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 8, totalSlippageDays: 450, maxSlippageDays: 133, staffReached: 12_100, staffInScope: 12_100 };
    expect(copy.headline.before).toEqual(october);
    expect(copy.headline.now).toEqual(october);
    // Take-up at the end of October, lower than in November: the latest go-lives were still climbing.
    expect(copy.headline.takeUp).toEqual({ liveItems: 15, measured: 15, users: 22_697, switchedOn: 42_610, percent: 53.3, metTarget: 6, lowest: 30.5, highest: 73.3, target: 60 });
    expect(copy.headline.original).toBeNull();
  });

  it('reads "against the original" in one sentence when there is one', () => {
    expect(originalWords({ baseline: { id: 1, name: 'Programme plan v1', approvedAt: '2026-02-02T12:00:00.000Z' }, totals: {
      items: 24, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 14, totalSlippageDays: 639, maxSlippageDays: 133, staffReached: 0, staffInScope: 0,
    } })).toBe('Against the original baseline Programme plan v1: 14 items late, 639 days in all; 15 of the 18 items it planned to be live by then are live.');
  });
});
