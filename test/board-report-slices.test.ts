import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { councils } from '../server/db/schema.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { runNow, runSliced } from '../server/http/steps.ts';
import { stepsOf } from './steps.ts';
import { filterSteps, flatMapSteps } from '../server/modules/reports/steps.ts';

/**
 * The board report is made in steps (docs/performance.md, "Event-loop stalls"): the overview and both days'
 * judgements pause after each council judged, each list after every few hundred items, and a request runs the
 * steps in slices. Sliced or straight through, the report is the same, to the byte.
 */
let db: Db;
let app: Awaited<ReturnType<typeof buildApp>>;
let councilCount = 0;
const clock = () => new Date('2026-11-23T09:00:00Z');

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock });
  councilCount = db.select().from(councils).all().length;
}, 120_000);
afterAll(async () => {
  await app.close();
  closeDatabase(db);
});

describe('the board report in slices', () => {
  const periods = [{}, { from: '2025-11-23', to: '2026-11-22' }, { from: '2026-09-30', to: '2026-10-31' }, { from: '2026-02-01', to: '2026-03-31' }];

  it.each(periods)('is the report made straight through, to the byte (%o)', async (asked) => {
    const reports = app.services.boardReports;
    const query = { ...asked, ...reports.periodOf(asked) };
    await app.services.benefitsFigures.headline(query.from);
    await app.services.benefitsFigures.headline(query.to);
    const straight = reports.build(query);
    const sliced = await runSliced(reports.buildSteps(query), 0);
    expect(JSON.stringify(sliced)).toBe(JSON.stringify(straight));
    expect(JSON.stringify(await runSliced(reports.buildWholeSteps(query), 0))).toBe(JSON.stringify(reports.buildWhole(query)));
  });

  it('pauses after each council judged on the first day of the period, and lets other work run meanwhile', async () => {
    const reports = app.services.boardReports;
    const query = { from: '2026-01-31', to: '2026-07-31' };
    await app.services.benefitsFigures.headline(query.from);
    await app.services.benefitsFigures.headline(query.to);
    // The start of the period is judged afresh every time (it is not kept), so even a warm report pauses per council.
    const { value, pauses } = stepsOf(reports.buildSteps(query));
    expect(pauses).toBeGreaterThanOrEqual(councilCount);
    expect(value.period).toEqual({ from: '2026-01-31', to: '2026-07-31', days: 181 });

    let settled = false;
    let turns = 0;
    const done = runSliced(reports.buildSteps(query), 0).finally(() => { settled = true; });
    while (!settled) {
      await nextTurn();
      turns += 1;
    }
    expect(turns).toBeGreaterThanOrEqual(councilCount);
    expect(await done).toEqual(value);
  });

  it('answers the route with the report the steps make', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
    const cookie = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
    const res = await app.inject({ method: 'GET', url: '/api/reports/board?from=2026-09-30&to=2026-10-31', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const made = app.services.boardReports.build({ from: '2026-09-30', to: '2026-10-31' });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(made)));
    // October: plan v2 approved (a re-baseline), two open blockers, eleven red or late items with what is done about them.
    expect(res.json().changes.baselinesApproved).toEqual([expect.objectContaining({ name: 'Programme plan v2', rebaseline: true })]);
    expect(res.json().lists.lengths).toMatchObject({ blockers: 2, whatWeAreDoing: 11 });
  });

  it('issues the report the steps make, and refuses a period that has not ended without writing anything', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
    const headers = { cookie: `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`, 'x-csrf-token': signIn.json().csrfToken as string };
    const issuedBefore = (await app.inject({ method: 'GET', url: '/api/reports/board/issued', headers })).json().length;
    const refused = await app.inject({ method: 'POST', url: '/api/reports/board/issued', headers, payload: { from: '2026-10-31', to: '2026-11-23' } });
    expect(refused.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/reports/board/issued', headers })).json()).toHaveLength(issuedBefore);

    // Made before it is issued: issuing locks the month's programme status the report shows.
    const made = app.services.boardReports.build({ from: '2026-10-31', to: '2026-11-20' });
    const res = await app.inject({ method: 'POST', url: '/api/reports/board/issued', headers, payload: { from: '2026-10-31', to: '2026-11-20', title: ' November so far ' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().report).toEqual(JSON.parse(JSON.stringify({ ...made, title: 'November so far' })));
    const kept = (await app.inject({ method: 'GET', url: `/api/reports/board/issued/${res.json().id}`, headers })).json();
    expect(kept.report).toEqual(res.json().report);
  });
});

describe('list steps', () => {
  const numbers = Array.from({ length: 10 }, (_, i) => i + 1);

  it('give what flatMap and filter give, pausing after every few values', () => {
    const pairs = stepsOf(flatMapSteps(numbers, (n) => (n % 3 === 0 ? [n, -n] : []), 4));
    expect(pairs.value).toEqual(numbers.flatMap((n) => (n % 3 === 0 ? [n, -n] : [])));
    // 10 values, 4 a step: three steps, two pauses between them.
    expect(pairs.pauses).toBe(2);
    const even = stepsOf(filterSteps(numbers, (n) => n % 2 === 0, 5));
    expect(even).toEqual({ value: [2, 4, 6, 8, 10], pauses: 1 });
    expect(runNow(filterSteps([], () => true))).toEqual([]);
  });
});
