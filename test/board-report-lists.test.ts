import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
const PERIOD = 'from=2026-01-10&to=2026-02-15';

/**
 * A programme of 24 councils whose payslips were all planned in W1 and baselined; on 20 January the W1 date moved a
 * month, so 24 items slipped in the period: more than a report shows in one list.
 */
beforeAll(async () => {
  ctx = await createTestApp();
  ctx.setToday('2026-01-05');
  plan = await seedSmallPlan(ctx);
  const councils = [plan.north, plan.west];
  for (let n = 1; n <= 22; n++) {
    councils.push((await ctx.call('POST', '/api/councils', { name: `Hillcombe Parish ${n}`, code: `HPC${n}`, staffHeadcount: 100 + n, managerHeadcount: 10 })).body);
  }
  const assigned = await ctx.call('POST', '/api/items/assignments', {
    reasonCategory: 'other', reason: 'First plan', items: councils.map((c) => ({ councilId: c.id, featureId: plan.payslip.id, waveId: plan.w1.id })),
  });
  expect(assigned.status).toBe(200);
  expect((await ctx.call('POST', '/api/baselines', { name: 'Plan v1' })).status).toBe(201);
  ctx.setToday('2026-01-20');
  expect((await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-28', reasonCategory: 'supplier_delay', reason: 'The HR system release slipped' })).status).toBe(200);
  ctx.setToday('2026-02-20');
});
afterAll(async () => closeTestApp(ctx));

const csvRows = (body: string) => parse(body, { columns: true, bom: true }) as Array<Record<string, string>>;

describe('long lists in the board report', () => {
  it('shows the first 20 rows of a list and says how long it is', async () => {
    const r = (await ctx.call('GET', `/api/reports/board?${PERIOD}`)).body;
    expect(r.lists).toEqual({
      shown: 20,
      lengths: { wentLive: 0, slipped: 24, colourChanged: 0, gateDecisions: 0, planMoves: 1, blockers: 0, goLives: 24, whatWeAreDoing: r.lists.lengths.whatWeAreDoing },
    });
    expect(r.changes.slipped).toHaveLength(20);
    expect(r.next.goLives).toHaveLength(20);
    expect(r.changes.planMoves).toEqual([expect.objectContaining({ kind: 'wave', waveName: 'W1', fromDate: '2026-01-31', toDate: '2026-02-28', days: 28 })]);
  });

  it('gives the whole list as CSV, in the report\'s order, for the same period', async () => {
    const shown = (await ctx.call('GET', `/api/reports/board?${PERIOD}`)).body.changes.slipped;
    const res = await ctx.call('GET', `/api/reports/board/lists/slipped?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.res.headers['content-disposition']).toBe('attachment; filename="board-report-slipped-2026-01-10-to-2026-02-15.csv"');
    const rows = csvRows(res.body);
    expect(rows).toHaveLength(24);
    expect(rows.slice(0, 20).map((row) => Number(row['item id']))).toEqual(shown.map((i: { itemId: number }) => i.itemId));
    expect(rows[0]).toMatchObject({
      wave: 'W1', 'baseline go-live': '2026-01-31', 'forecast go-live': '2026-02-28', 'days late at the start': '0', 'days late at the end': '28',
      'reason category': 'supplier_delay', reason: 'The HR system release slipped',
    });
    expect(new Set(rows.map((row) => row.council)).size).toBe(24);
  });

  it('opens to a share link passing its token as ?key=, and to nobody without one', async () => {
    const link = (await ctx.call('POST', '/api/share-links', { label: 'Board' })).body;
    const viaKey = await ctx.call('GET', `/api/reports/board/lists/goLives?${PERIOD}&key=${link.token}`, undefined, { as: null });
    expect(viaKey.status).toBe(200);
    expect(csvRows(viaKey.body).map((row) => row['planned go-live'])).toEqual(Array(24).fill('2026-02-28'));
    expect((await ctx.call('GET', `/api/reports/board/lists/goLives?${PERIOD}`, undefined, { as: null })).status).toBe(401);
  });

  it('refuses an unknown list or a bad period with a 400, changing nothing', async () => {
    const before = tableCounts(ctx.db);
    const unknown = await ctx.call('GET', `/api/reports/board/lists/everything?${PERIOD}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const backwards = await ctx.call('GET', '/api/reports/board/lists/slipped?from=2026-02-10&to=2026-02-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toBe('The report period must end after it starts.');
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('issues the cut report, and a report issued before lists were cut reads exactly as it was issued', async () => {
    const issued = await ctx.call('POST', '/api/reports/board/issued', { from: '2026-01-10', to: '2026-02-15', title: 'February board' });
    expect(issued.status).toBe(201);
    expect(issued.body.report.changes.slipped).toHaveLength(20);
    expect(issued.body.report.lists.lengths.slipped).toBe(24);
    expect((await ctx.call('GET', `/api/reports/board/issued/${issued.body.id}`)).body.report).toEqual(issued.body.report);

    // An older copy: every list whole and no list lengths, as reports were issued until lists were cut.
    const { lists: _lists, ...older } = (await ctx.call('GET', `/api/reports/board?${PERIOD}`)).body;
    const whole = csvRows((await ctx.call('GET', `/api/reports/board/lists/slipped?${PERIOD}`)).body);
    const content = { ...older, title: 'December board', changes: { ...older.changes, slipped: whole.map((row) => ({ ...older.changes.slipped[0], itemId: Number(row['item id']) })) } };
    const id = Number(ctx.db.$client.prepare(`insert into board_reports (title, period_from, period_to, baseline_id, content, issued_by, issued_by_name, issued_at)
      values ('December board', '2025-12-01', '2025-12-31', null, ?, null, 'Test office 1', '2026-01-02T09:00:00.000Z')`).run(JSON.stringify(content)).lastInsertRowid);
    const old = (await ctx.call('GET', `/api/reports/board/issued/${id}`)).body.report;
    expect(old).toEqual(content);
    expect(old.changes.slipped).toHaveLength(24);
    expect(old.lists).toBeUndefined();
  });
});
