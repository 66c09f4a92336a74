import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { originalWords, switchedOnWords, takeUpWords } from '../client/metric-words.ts';
import { standing, standingWhy } from '../client/components/FirstScreen/FirstScreen.tsx';

/**
 * Every headline figure docs/metrics.md defines, pinned on the demo data as of 23 November 2026: its value in the
 * API and the words the dashboard puts around it (the overview, the council page and the board report). Plan v2
 * (approved 14 October) is in force, with plan v1 beside it; Fernleigh joined on 4 November.
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
    // Plan v2, approved on 14 October, is in force: it froze Eastbridge's move to W3 and Westvale's later dates.
    expect(o.baseline.name).toBe('Programme plan v2');
    // 32 items: 24 of the three first councils and Fernleigh's 8 (in no baseline yet). Against v2, the 15 items it
    // planned live by now (W0 3, W1 6, W2 Northmoor and Westvale 6) are live and none is late. Fernleigh's 1,200
    // staff are in scope with nothing live for them yet.
    expect(o.totals).toEqual({
      items: 32, plannedLive: 15, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 0, totalSlippageDays: 0, maxSlippageDays: 0,
      staffReached: 12_100, staffInScope: 13_300,
    });
    // The re-baseline hides nothing: against the original (v1), Eastbridge's 3 leave items (133 days each) and
    // Westvale's 5 (15 and 7 days) are late, and 3 of the 18 items v1 planned live by now are not.
    expect(o.original).toEqual({
      baseline: { id: 1, name: 'Programme plan v1', approvedAt: '2026-02-02T12:00:00.000Z' },
      totals: {
        items: 32, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 8, totalSlippageDays: 450, maxSlippageDays: 133,
        staffReached: 12_100, staffInScope: 13_300,
      },
    });
    expect(originalWords(o.original)).toBe('Against the original baseline Programme plan v1: 8 items late, 450 days in all; 15 of the 18 items it planned to be live by then are live.');
    expect(o.slippedAgainstOriginal.map((i: any) => `${i.councilName}/${i.featureName}`).sort()).toEqual([
      'Eastbridge Borough Council/Approve leave', 'Eastbridge Borough Council/Book annual leave', 'Eastbridge Borough Council/Report sickness absence',
      'Westvale District Council/Approve leave', 'Westvale District Council/Book annual leave', 'Westvale District Council/Report sickness absence',
      'Westvale District Council/Update personal details', 'Westvale District Council/View payslip and P60',
    ]);
    // Against v2 alone the programme is at risk (everything v2 planned live by now is live, nothing late, 6 red);
    // against v1, 15 of the 18 items it planned live are live: behind plan. The worse is shown, from the original.
    expect(standing({ ...o, original: null })).toBe('at_risk');
    expect(standingWhy(o)).toEqual({ standing: 'behind', byOriginal: true });
    // Fernleigh's 8 items are not yet due on their ramps (nothing expected before 7 December): counted apart, never red.
    expect(o.readiness).toEqual({ red: 6, amber: 3, green: 0, notYetDue: 8 });
    expect(o.adoption).toEqual({ red: 0, amber: 12, green: 3 });
    expect(o.redCount).toBe(6);
    // "Switched on" is everyone in scope; "using" is well short of that, and most live items are under target.
    expect(o.takeUp).toEqual({ liveItems: 15, measured: 15, users: 25_935, switchedOn: 42_610, percent: 60.9, metTarget: 6, lowest: 47.9, highest: 73.3, target: 60 });
    expect(switchedOnWords(o.totals)).toEqual({
      value: '12,100', label: 'staff switched on: 91% of 13,300 in scope have at least one feature live for them (switched on, not necessarily using it)',
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
      // Against v2, which froze Westvale's later dates: nothing late in W1 or W2 (against v1, 2 and 3).
      ['W0 Pilot', '2026-03-16', '2026-03-16', 0],
      ['W1 Payslips and personal details', '2026-05-11', '2026-05-11', 0],
      ['W2 Leave and sickness', '2026-09-07', '2026-09-07', 0],
      // Eastbridge's leave items are in W3 now, and W3 was baselined for 18 January (in v1 and v2), not their 7 September.
      ['W3 Expenses and manager approvals', '2027-01-18', '2027-01-18', 0],
      // Fernleigh's wave was made after v2 was approved: in no baseline, so no baseline date.
      ['W4 Fernleigh joins', null, '2027-04-12', 0],
    ]);
    // Each wave's page gives its figures against the original beside them: v1's lateness by wave.
    const againstOriginal = await Promise.all(o.waves.map(async (w: any) => {
      const s = await get(`/api/waves/${w.waveId}/summary`);
      return [w.name, s.totals.slipped, s.original.baseline.name, s.original.totals.slipped, s.original.totals.totalSlippageDays];
    }));
    expect(againstOriginal).toEqual([
      ['W0 Pilot', 0, 'Programme plan v1', 0, 0], ['W1 Payslips and personal details', 0, 'Programme plan v1', 2, 30],
      ['W2 Leave and sickness', 0, 'Programme plan v1', 3, 21], ['W3 Expenses and manager approvals', 0, 'Programme plan v1', 3, 399],
      ['W4 Fernleigh joins', 0, 'Programme plan v1', 0, 0],
    ]);
  });

  it('council pages: live, switched on against headcount, using, late', async () => {
    const o = await get('/api/overview');
    const byCode = Object.fromEntries(await Promise.all(o.councils.map(async (c: any) => [c.code, await get(`/api/councils/${c.councilId}/summary`)])));
    const figures = (code: string) => {
      const s = byCode[code];
      return {
        live: s.totals.live, items: s.totals.items, on: s.totals.staffReached, of: s.council.staffHeadcount, slipped: s.totals.slipped, days: s.totals.totalSlippageDays,
        v1: [s.original.totals.slipped, s.original.totals.totalSlippageDays], using: s.takeUp.percent, atTarget: s.takeUp.metTarget, readiness: s.readiness,
      };
    };
    // Late against v2 (in force) and, beside it, against v1: "on plan against v2; 133 days late against v1".
    expect(figures('NMC')).toEqual({ live: 6, items: 8, on: 6800, of: 6800, slipped: 0, days: 0, v1: [0, 0], using: 62, atTarget: 3, readiness: { red: 2, amber: 0, green: 0, notYetDue: 0 } });
    expect(figures('EBC')).toEqual({ live: 3, items: 8, on: 3400, of: 3400, slipped: 0, days: 0, v1: [3, 399], using: 57.6, atTarget: 0, readiness: { red: 2, amber: 3, green: 0, notYetDue: 0 } });
    expect(figures('WDC')).toEqual({ live: 6, items: 8, on: 1900, of: 1900, slipped: 0, days: 0, v1: [5, 51], using: 59.7, atTarget: 3, readiness: { red: 2, amber: 0, green: 0, notYetDue: 0 } });
    // Fernleigh joined on 4 November: nothing live, nothing late, every item not yet due on its ramp.
    expect(figures('FDC')).toEqual({ live: 0, items: 8, on: 0, of: 1200, slipped: 0, days: 0, v1: [0, 0], using: null, atTarget: 0, readiness: { red: 0, amber: 0, green: 0, notYetDue: 8 } });
    expect(takeUpWords(byCode.FDC.takeUp).label).toBe('using: no feature is live yet, so no take-up to measure');
    expect(takeUpWords(byCode.EBC.takeUp).label).toBe('take-up: 3,932 of the 6,828 staff the 3 live items are switched on for have used them (57.1% to 57.6% by item); 0 of 3 at their 60% target');
    expect(switchedOnWords(byCode.WDC.totals, byCode.WDC.council.staffHeadcount).label)
      .toBe('staff switched on: 100% of 1,900 staff have at least one feature live for them (switched on, not necessarily using it)');
    // The councils add up to the programme.
    const sum = (pick: (s: any) => number) => Object.values(byCode).reduce((n: number, s) => n + pick(s), 0);
    expect(sum((s) => s.totals.slipped)).toBe(o.totals.slipped);
    expect(sum((s) => s.totals.totalSlippageDays)).toBe(o.totals.totalSlippageDays);
    expect(sum((s) => s.original.totals.slipped)).toBe(o.original.totals.slipped);
    expect(sum((s) => s.original.totals.totalSlippageDays)).toBe(o.original.totals.totalSlippageDays);
    expect(sum((s) => s.takeUp.users)).toBe(o.takeUp.users);
  });

  it('board report: the October report as issued equals its regeneration, with its headline figures', async () => {
    const issued = (await get('/api/reports/board/issued')).find((r: any) => r.title === 'Programme board, October 2026');
    const copy = (await get(`/api/reports/board/issued/${issued.id}`)).report;
    const again = await get('/api/reports/board?from=2026-09-30&to=2026-10-31');
    expect(again.headline).toEqual(copy.headline);
    // Nothing went live or moved in October, but the board approved plan v2 on 14 October: the start of the period
    // (29 September, v1 in force) has 8 items late, 450 days; its end (v2 in force) none, with v1's 8 beside it.
    const againstV1 = { items: 24, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 8, totalSlippageDays: 450, maxSlippageDays: 133, staffReached: 12_100, staffInScope: 12_100 };
    expect(copy.baseline.name).toBe('Programme plan v2');
    expect(copy.headline.before).toEqual(againstV1);
    expect(copy.headline.now).toEqual({ ...againstV1, plannedLive: 15, slipped: 0, totalSlippageDays: 0, maxSlippageDays: 0 });
    expect(copy.headline.original).toEqual({ baseline: { id: 1, name: 'Programme plan v1', approvedAt: '2026-02-02T12:00:00.000Z' }, totals: againstV1 });
    // The report names the re-baseline, with who approved it and why; no plan move fell in October.
    expect(copy.changes.baselinesApproved).toEqual([{
      id: 2, name: 'Programme plan v2', approvedBy: 'Programme board (chair: Morgan Hale)', approvedOn: '2026-10-14', reasonCategory: 'readiness',
      reason: "Eastbridge's leave and sickness moved to W3 and Westvale's payslip and leave dates moved; the board agreed the plan as it now stands",
      note: 'Approved at the October programme board. Slippage against plan v1 stays on every screen.', rebaseline: true,
    }]);
    expect(copy.changes.planMoves).toEqual([]);
    // Take-up at the end of October, lower than in November: the latest go-lives were still climbing.
    expect(copy.headline.takeUp).toEqual({ liveItems: 15, measured: 15, users: 22_697, switchedOn: 42_610, percent: 53.3, metTarget: 6, lowest: 30.5, highest: 73.3, target: 60 });
  });

  it('reads "against the original" in one sentence when there is one', () => {
    expect(originalWords({ baseline: { id: 1, name: 'Programme plan v1', approvedAt: '2026-02-02T12:00:00.000Z' }, totals: {
      items: 24, plannedLive: 18, live: 15, liveOfPlanned: 15, overdue: 0, slipped: 14, totalSlippageDays: 639, maxSlippageDays: 133, staffReached: 0, staffInScope: 0,
    } })).toBe('Against the original baseline Programme plan v1: 14 items late, 639 days in all; 15 of the 18 items it planned to be live by then are live.');
  });
});
