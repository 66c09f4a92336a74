import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * Benefits through the API, as the people who use them: the office sets costs, baselines and the target; a council
 * lead uploads three months of volumes by CSV; the figures, the overview and the board report show the saving, and
 * a sponsor and a share link see it. Expected figures are worked by hand in the comments.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let sponsor: Agent;
let payq: { id: number };
const volumeCount = () => (ctx.db.$client.prepare('select count(*) as n from benefit_volumes').get() as { n: number }).n;

const CSV_HEADER = 'council,transaction_type,month,paper,email,phone,face_to_face,online,assisted,note';
const GOOD_CSV = [
  CSV_HEADER,
  'NMC,PAYQ,2026-04,,150,500,80,170,,HR extract',
  'NMC,PAYQ,2026-05,,120,420,60,300,,HR extract',
  'NMC,PAYQ,2026-06,,100,380,50,400,,HR extract',
].join('\r\n');

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
  sponsor = await ctx.userAs('sponsor', [], 'sponsor@example.org');
});
afterAll(async () => closeTestApp(ctx));

describe('benefits: from pounds to pennies', () => {
  it('ships indicative unit costs labelled as assumptions, in whole pence', async () => {
    const costs = (await ctx.call('GET', '/api/benefits/unit-costs')).body.data;
    expect(costs.map((c: any) => [c.channel, c.costPence, c.indicative, c.councilName])).toEqual(expect.arrayContaining([
      ['online', 27, true, null], ['phone', 376, true, null], ['face_to_face', 934, true, null],
    ]));
    expect(costs.find((c: any) => c.channel === 'phone').source).toMatch(/Socitm Insight 2008.*indicative/);
    expect(costs).toHaveLength(6);
  });

  it('lets the office set up a transaction type, a council cost, a baseline, the target and set-up costs', async () => {
    payq = (await ctx.call('POST', '/api/benefits/transaction-types', {
      featureId: plan.payslip.id, code: 'PAYQ', name: 'Payslip query', channels: ['phone', 'email', 'online', 'face_to_face'],
    })).body;
    expect(payq).toMatchObject({ code: 'PAYQ', featureName: 'View payslip', channels: ['email', 'phone', 'face_to_face', 'online'] });

    const cost = await ctx.call('POST', '/api/benefits/unit-costs', {
      councilId: plan.north.id, channel: 'phone', costPence: 400, source: 'Northmoor HR contact centre costing 2025/26', sourceDate: '2026-02-01',
    });
    expect(cost.status).toBe(201);
    expect(cost.body).toMatchObject({ councilName: 'Northmoor County Council', costPence: 400, indicative: false, cashable: false });
    // Pounds and fractions of pence are refused: money is whole pence.
    expect((await ctx.call('POST', '/api/benefits/unit-costs', { channel: 'email', transactionTypeId: payq.id, costPence: 3.03, source: 'x', sourceDate: '2026-01-01' })).status).toBe(400);
    // A channel the type does not arrive by.
    const paper = await ctx.call('POST', '/api/benefits/unit-costs', { channel: 'paper', transactionTypeId: payq.id, costPence: 500, source: 'x', sourceDate: '2026-01-01' });
    expect(paper.status).toBe(400);
    expect(paper.body.details).toEqual([{ field: 'channel', message: 'this transaction type does not arrive by paper' }]);

    const baseline = await ctx.call('POST', '/api/benefits/baselines', {
      councilId: plan.north.id, transactionTypeId: payq.id, volumes: { email: 200, phone: 600, face_to_face: 100, online: 0 },
      periodFrom: '2025-04-01', periodTo: '2026-03-31', source: 'HR helpdesk log, 2025/26 monthly average',
    });
    expect(baseline.status).toBe(201);
    expect(baseline.body).toMatchObject({ total: 900, volumes: { paper: null, email: 200, phone: 600, face_to_face: 100, online: 0, assisted: null } });

    const target = await ctx.call('POST', '/api/benefits/register', {
      title: 'Channel shift saving', owner: 'Director of HR', measure: 'saving', targetValue: 1_000_000, startDate: '2026-04-01', targetDate: '2027-03-31',
      evidence: 'Business case v2, section 4',
    });
    expect(target.status).toBe(201);
    expect((await ctx.call('POST', '/api/benefits/setup-costs', { description: 'Self-service configuration', amountPence: 200_000, incurredOn: '2026-03-15' })).status).toBe(201);
    const audit = (await ctx.call('GET', '/api/audit?entity=benefit_baseline')).body.data;
    expect(audit[0]).toMatchObject({ action: 'create', entity: 'benefit_baseline', userName: 'Test office 1' });
  });

  it("refuses a lead's work on the catalogue and on another council's volumes, storing nothing", async () => {
    expect((await ctx.call('POST', '/api/benefits/unit-costs', { channel: 'phone', councilId: plan.north.id, transactionTypeId: payq.id, costPence: 1, source: 'x', sourceDate: '2026-01-01' }, { as: lead })).status).toBe(403);
    const other = await ctx.call('POST', '/api/benefits/volumes/bulk', {
      entries: [
        { councilId: plan.north.id, transactionTypeId: payq.id, month: '2026-04', volumes: { phone: 1 } },
        { councilId: plan.west.id, transactionTypeId: payq.id, month: '2026-04', volumes: { phone: 1 } },
      ],
    }, { as: lead });
    expect(other.status).toBe(403);
    expect(other.body.details).toEqual([{ field: 'entries/1/councilId', message: 'you can only enter volumes for the council(s) you lead' }]);
    expect(volumeCount()).toBe(0);
  });

  it('stores nothing from a bad CSV and names every bad row', async () => {
    const bad = [
      CSV_HEADER,
      'NMC,PAYQ,2026-04,,150,500,80,170,,fine',
      'XYZ,PAYQ,2026-05,,120,420,60,300,,unknown council',
      'NMC,PAYQ,May 2026,,100,380,50,400,,bad month',
      'NMC,PAYQ,2026-06,12,100,-3,50,lots,,paper and a negative and a word',
      'NMC,PAYQ,2027-01,,1,1,1,1,,future',
    ].join('\r\n');
    const res = await ctx.call('POST', '/api/benefits/volumes/csv', bad, { as: lead, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Nothing was saved: 6 problem(s) in 5 row(s).');
    expect(res.body.details).toEqual([
      { field: 'line 3/council', message: 'no council with code "XYZ"' },
      { field: 'line 4/month', message: '"May 2026" is not a month written YYYY-MM' },
      { field: 'line 5/paper', message: 'this transaction type does not arrive by paper' },
      { field: 'line 5/phone', message: '"-3" is not a whole number of transactions' },
      { field: 'line 5/online', message: '"lots" is not a whole number of transactions' },
      { field: 'line 6/month', message: 'cannot be in the future (this month is November 2026)' },
    ]);
    expect(volumeCount()).toBe(0);
  });

  it('stores a good CSV from the lead: three months, all at once', async () => {
    const res = await ctx.call('POST', '/api/benefits/volumes/csv', GOOD_CSV, { as: lead, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(201);
    expect(res.body.stored).toBe(3);
    expect(res.body.entries.map((e: any) => [e.month, e.total, e.councilCode, e.enteredByName])).toEqual([
      ['2026-04', 900, 'NMC', 'Test lead 2'], ['2026-05', 900, 'NMC', 'Test lead 2'], ['2026-06', 930, 'NMC', 'Test lead 2'],
    ]);
  });

  it('measures the saving against the baseline mix, to the penny, with no baseline said as such', async () => {
    const s = (await ctx.call('GET', '/api/benefits/summary')).body;
    // Baseline: 200 e-mail × 303p + 600 phone × 400p (Northmoor's own) + 100 face to face × 934p = 394,000p for 900: 437.78p each.
    // April: 900 cost 394,000p in that mix, 324,760p as they came: 69,240p. May: 394,000 − 268,500 = 125,500p.
    // June: 930 × 437.78 = 407,133.33p against 239,800p: 167,333.33p. Sum 362,073.33p → £3,620.73, rounded once.
    expect(s.headline).toMatchObject({
      savedPence: 362_073, cashablePence: 0, nonCashablePence: 362_073, targetPence: 1_000_000, month: '2026-06', takeUpPercent: 43, assistedPercent: 0,
      councilsWithoutBaseline: ['Westvale District Council'], missingMonths: 4,
      text: '£3,621 saved to date of £10,000 target; 43.0% online',
    });
    expect(s.costPerTransaction).toEqual({ beforePence: 438, nowPence: 258, month: '2026-06' });
    expect(s.months.filter((m: any) => m.month <= '2026-06').map((m: any) => [m.month, m.savingPence, m.cumulativePence])).toEqual([
      ['2026-04', 69_240, 69_240], ['2026-05', 125_500, 194_740], ['2026-06', 167_333, 362_073],
    ]);
    // July to October were due and not sent: reported, not zero.
    expect(s.months.filter((m: any) => m.month > '2026-06').map((m: any) => [m.month, m.savingPence, m.missing])).toEqual([
      ['2026-07', null, 1], ['2026-08', null, 1], ['2026-09', null, 1], ['2026-10', null, 1], ['2026-11', null, 0],
    ]);
    expect(s.problems.missingMonths.map((m: any) => m.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
    expect(s.problems.totals).toEqual({ noBaseline: s.problems.noBaseline.length, missingMonths: 4, missingCosts: s.problems.missingCosts.length });
    expect(s.problems.totals.noBaseline).toBeGreaterThan(0);
    expect(s.councils).toEqual([
      expect.objectContaining({ name: 'Northmoor County Council', status: 'ok', savedPence: 362_073, costBeforePence: 438, costNowPence: 258 }),
      expect.objectContaining({ name: 'Westvale District Council', status: 'no_baseline', savedPence: null }),
    ]);
    expect(s.setUp).toEqual({ costsPence: 200_000, breakEven: { month: '2026-06', forecast: false } });
    expect(s.forecast).toMatchObject({ fittedFrom: '2026-04', fittedTo: '2026-06', toMonth: '2027-03' });
    expect(s.forecast.lowPence).toBeLessThanOrEqual(s.forecast.cumulativePence);
    expect(s.indicativeCosts).toBe(3);
  });

  it('replays any day: nothing was known before the volumes were entered', async () => {
    const s = (await ctx.call('GET', '/api/benefits/summary?asOf=2026-10-31')).body;
    expect(s.headline).toMatchObject({ savedPence: null, takeUpPercent: null, text: 'No saving measured yet (no baseline) of £10,000 target; no volumes reported' });
  });

  it('takes a correction as a new entry, keeps the history, and counts the newest', async () => {
    const fix = await ctx.call('POST', '/api/benefits/volumes', {
      councilId: plan.north.id, transactionTypeId: payq.id, month: '2026-06', volumes: { email: 100, phone: 380, face_to_face: 50, online: 430 }, note: 'Corrected: online undercounted',
    }, { as: lead });
    expect(fix.status).toBe(201);
    const history = (await ctx.call('GET', `/api/benefits/volumes?councilId=${plan.north.id}&from=2026-06&to=2026-06`)).body;
    expect(history.data.map((e: any) => e.volumes.online)).toEqual([430, 400]);
    const s = (await ctx.call('GET', '/api/benefits/summary')).body;
    expect(s.months.find((m: any) => m.month === '2026-06').total).toBe(960);
    expect(() => ctx.db.$client.prepare('update benefit_volumes set online = 1').run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare('delete from benefit_volumes').run()).toThrow(/append-only/);
  });

  it('shows the saving on the overview and in the board report, to a sponsor and to a share link', async () => {
    const text = (await ctx.call('GET', '/api/benefits/summary')).body.headline.text;
    expect(text).toMatch(/^£3,\d{3} saved to date of £10,000 target; 4\d\.\d% online$/);
    const overview = await ctx.call('GET', '/api/overview', undefined, { as: sponsor });
    expect(overview.body.benefits.text).toBe(text);
    const report = await ctx.call('GET', '/api/reports/board');
    expect(report.body.benefits).toMatchObject({ now: { text }, savedInPeriodPence: expect.any(Number) });
    const link = (await ctx.call('POST', '/api/share-links', { label: 'Board' })).body;
    const viaLink = (url: string) => ctx.call('GET', url, undefined, { as: null, headers: { 'x-share-token': link.token } });
    expect((await viaLink('/api/benefits/summary')).body.headline.text).toBe(text);
    expect((await viaLink('/api/overview')).body.benefits.text).toBe(text);
    expect((await viaLink('/api/reports/board')).body.benefits.now.text).toBe(text);
    expect((await viaLink('/api/benefits/register')).status).toBe(401);
    expect((await ctx.call('GET', '/api/benefits/summary', undefined, { as: sponsor })).body.headline.text).toBe(text);
  });

  it('keeps the register with the measure today, and early wins adding up to it', async () => {
    const register = (await ctx.call('GET', '/api/benefits/register')).body.data;
    expect(register[0]).toMatchObject({ title: 'Channel shift saving', measure: 'saving', targetValue: 1_000_000, wins: { count: 0, total: 0 } });
    expect(register[0].current).toBeGreaterThan(362_073);
    // Straight line from April 2026 to March 2027: 8 of 12 months by November.
    expect(register[0].targetToDate).toBe(666_667);

    const win = { councilId: plan.north.id, title: 'Payslip queries halved', story: 'Before: calls. After: online.', wonOn: '2026-10-01', evidenceValue: 1_900, evidenceUnit: 'pence a month' };
    const unknown = await ctx.call('POST', '/api/wins', { ...win, benefitId: 999 }, { as: lead });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'benefitId', message: 'benefit 999 does not exist' }]);
    const linked = await ctx.call('POST', '/api/wins', { ...win, benefitId: register[0].id }, { as: lead });
    expect(linked.body).toMatchObject({ benefitId: register[0].id, evidenceValue: 1_900 });
    await ctx.call('POST', '/api/wins', { ...win, title: 'Another', evidenceValue: 600, benefitId: register[0].id }, { as: lead });
    expect((await ctx.call('GET', `/api/benefits/register/${register[0].id}`)).body.wins).toEqual({ count: 2, total: 2_500 });
    const refused = await ctx.call('DELETE', `/api/benefits/register/${register[0].id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('"Channel shift saving" cannot be deleted: 2 early win(s) count towards it. Unlink them first.');
  });
});

describe('the figures are cached, and every change shows at once', () => {
  const north = async () => (await ctx.call('GET', '/api/benefits/summary')).body.councils.find((c: any) => c.name.startsWith('Northmoor'));
  const west = async () => (await ctx.call('GET', '/api/benefits/summary')).body.councils.find((c: any) => c.name.startsWith('Westvale'));

  it('on an insert, a move between councils and a delete', async () => {
    const before = await north();
    await ctx.call('POST', '/api/benefits/volumes', { councilId: plan.north.id, transactionTypeId: payq.id, month: '2026-07', volumes: { email: 50, phone: 300, face_to_face: 30, online: 520 } });
    const inserted = await north();
    expect(inserted.savedPence).toBeGreaterThan(before.savedPence);
    expect(inserted.missingMonths).toBe(before.missingMonths - 1);

    const baseline = (await ctx.call('GET', `/api/benefits/baselines?councilId=${plan.north.id}`)).body.data[0];
    const moved = await ctx.call('PATCH', `/api/benefits/baselines/${baseline.id}`, { councilId: plan.west.id });
    expect(moved.body.councilName).toBe('Westvale District Council');
    expect(await north()).toMatchObject({ status: 'no_baseline', savedPence: null });
    expect(await west()).toMatchObject({ status: 'no_data', savedPence: null, missingMonths: 7 });

    expect((await ctx.call('DELETE', `/api/benefits/baselines/${baseline.id}`)).status).toBe(204);
    expect(await west()).toMatchObject({ status: 'no_baseline', missingMonths: 0 });
    expect((await ctx.call('GET', '/api/benefits/summary')).body.headline.savedPence).toBeNull();
  });
});

describe('exports', () => {
  it('exports every volume entry in the upload format, corrections included, and the monthly figures per council', async () => {
    const volumes = await ctx.call('GET', '/api/exports/benefit-volumes.csv', undefined, { as: sponsor });
    expect(volumes.status).toBe(200);
    const lines = String(volumes.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(`${CSV_HEADER},entered_by,entered_at`);
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 9).join(','))).toEqual(GOOD_CSV.split('\r\n').slice(1).map((l) => l.split(',').slice(0, 9).join(',')));
    expect(lines).toHaveLength(1 + 5);
    const monthly = String((await ctx.call('GET', '/api/exports/benefits-monthly.csv?asOf=2026-11-23')).body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(monthly[0]).toBe('council,month,transactions,online_percent,assisted_percent,cost_per_transaction_pence,saving_pence,cashable_pence,saved_to_date_pence,missing_reports');
    expect(monthly.some((l) => l.startsWith('Northmoor County Council,2026-04,900,'))).toBe(true);
  });
});
