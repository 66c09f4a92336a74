import { addWeeks, formatISO, parseISO } from 'date-fns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, TODAY, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let item: any;
let trained: any;
let defects: any;

const criterion = (body: Record<string, unknown>) => ctx.call('POST', '/api/criteria', {
  unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', ...body,
});

beforeEach(async () => {
  ctx = await createTestApp();
  // The plan was set up before the readings these tests date (from May 2025): "as of" replays the plan
  // as it stood (docs/metrics.md), so an item added today would not exist on those days.
  ctx.setToday('2025-05-01');
  plan = await seedSmallPlan(ctx);
  item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
  ctx.setToday(TODAY);
  trained = (await criterion({ code: 'TRAINED', name: 'Staff trained', target: 85, amberThreshold: 70, weight: 2, scope: 'feature' })).body;
  defects = (await criterion({ code: 'SEV1', name: 'Open severity-1 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, mandatory: true, scope: 'feature' })).body;
});
afterEach(async () => closeTestApp(ctx));

describe('the criteria catalogue', () => {
  it('refuses targets outside the unit and an amber threshold on the wrong side', async () => {
    const res = await criterion({ code: 'BAD', name: 'Bad', unit: 'score', target: 6, amberThreshold: 7 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'target', message: 'must be from 1 to 5 for this unit' },
      { field: 'amberThreshold', message: 'must be from 1 to 5 for this unit' },
      { field: 'amberThreshold', message: 'must not be above the target (6) when higher is better' },
    ]);
  });

  it('keeps overrides per council and wave, and refuses ones that name nothing', async () => {
    const res = await ctx.call('PATCH', `/api/criteria/${trained.id}`, {
      overrides: [{ councilId: plan.north.id, target: 80, amberThreshold: 60 }, { waveId: plan.w2.id, target: 90, amberThreshold: 75 }],
    });
    expect(res.body.overrides).toEqual([
      expect.objectContaining({ councilId: plan.north.id, waveId: null, target: 80 }),
      expect.objectContaining({ councilId: null, waveId: plan.w2.id, target: 90 }),
    ]);
    const bad = await ctx.call('PATCH', `/api/criteria/${trained.id}`, { overrides: [{ target: 80, amberThreshold: 60 }, { councilId: 999, target: 80, amberThreshold: 90 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { field: 'overrides/0', message: 'needs a councilId, a waveId or both' },
      { field: 'overrides/1/councilId', message: 'council 999 does not exist' },
      { field: 'overrides/1/amberThreshold', message: 'must not be above the target (80) when higher is better' },
    ]);
    expect((await ctx.call('GET', `/api/criteria/${trained.id}`)).body.overrides).toHaveLength(2);
  });

  it('will not delete a criterion with readings', async () => {
    await ctx.call('POST', '/api/readings', { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 50, readingDate: '2026-11-20' });
    const res = await ctx.call('DELETE', `/api/criteria/${trained.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('1 reading(s) are recorded against it');
  });
});

describe('readings', () => {
  it('checks values against the unit and the criterion’s scope, listing every bad row, storing none', async () => {
    const score = (await criterion({ code: 'SURVEY', name: 'Survey', unit: 'score', target: 3.5, amberThreshold: 3 })).body;
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 80, readingDate: '2026-11-20' },
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 101, readingDate: '2026-11-20' },
        { criterionId: score.id, councilId: plan.north.id, value: 0, readingDate: '2026-11-20' },
        { criterionId: trained.id, councilId: plan.north.id, value: 50, readingDate: '2026-11-30' },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 0.5, readingDate: '2026-11-20' },
        { criterionId: score.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 4, readingDate: '2026-11-20' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Nothing was saved: 6 problem(s) in 6 row(s).');
    expect(res.body.details).toEqual([
      { field: 'readings/1/value', message: 'must be a percentage from 0 to 100' },
      { field: 'readings/2/value', message: 'must be a score from 1 to 5' },
      { field: 'readings/3/featureId', message: 'is needed: "Staff trained" is measured per feature' },
      { field: 'readings/3/readingDate', message: 'cannot be in the future (today is 23 November 2026)' },
      { field: 'readings/4/value', message: 'must be a whole number, 0 or more' },
      { field: 'readings/5/featureId', message: 'must be empty: "Survey" is measured for the whole council' },
    ]);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('stores a good batch with who entered it, and keeps corrections as new readings', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const rows = [
      { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 60, readingDate: '2026-11-01', note: 'LMS export' },
      { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 65, readingDate: '2026-11-01', note: 'Corrected' },
    ];
    const res = await ctx.call('POST', '/api/readings/bulk', { readings: rows }, { as: lead });
    expect(res.status).toBe(201);
    expect(res.body.stored).toBe(2);
    expect(res.body.readings[1]).toMatchObject({ criterionCode: 'TRAINED', councilCode: 'NMC', featureCode: 'PAYSLIP', value: 65, enteredByName: 'Test lead 2', note: 'Corrected' });
    const list = (await ctx.call('GET', `/api/readings?criterionId=${trained.id}`)).body;
    expect(list.data.map((r: any) => r.value)).toEqual([65, 60]);
    expect(() => ctx.db.$client.prepare('update readings set value = 99').run()).toThrow(/append-only/);
  });

  it('refuses a lead’s readings for another council, and stores none of the batch', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const res = await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 60, readingDate: '2026-11-01' },
        { criterionId: trained.id, councilId: plan.west.id, featureId: plan.payslip.id, value: 60, readingDate: '2026-11-01' },
      ],
    }, { as: lead });
    expect(res.status).toBe(403);
    expect(res.body.details).toEqual([{ field: 'readings/1/councilId', message: 'you can only enter readings for the council(s) you lead' }]);
    expect(tableCounts(ctx.db).readings).toBe(0);
  });

  it('accepts CSV with codes under the same rules, naming lines', async () => {
    const good = await ctx.call('POST', '/api/readings/csv', 'criterion,council,feature,date,value,note\nTRAINED,NMC,PAYSLIP,2026-11-20,88,"Briefings, all depots"\nsev1,nmc,payslip,2026-11-20,0,\n', { headers: { 'content-type': 'text/csv' } });
    expect(good.status).toBe(201);
    expect(good.body.readings.map((r: any) => [r.criterionCode, r.value, r.note])).toEqual([['TRAINED', 88, 'Briefings, all depots'], ['SEV1', 0, '']]);

    const before = tableCounts(ctx.db).readings;
    const bad = await ctx.call('POST', '/api/readings/csv', 'criterion,council,feature,date,value,note\nTRAINED,NMC,PAYSLIP,2026-11-20,88,\nNOPE,XYZ,PAYSLIP,2026-02-30,lots,\nTRAINED,NMC,PAYSLIP,2026-11-20,120,\n', { headers: { 'content-type': 'text/csv' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      { field: 'line 3/criterion', message: 'no criterion with code "NOPE"' },
      { field: 'line 3/council', message: 'no council with code "XYZ"' },
      { field: 'line 3/value', message: '"lots" is not a number' },
      { field: 'line 3/date', message: '"2026-02-30" is not a real calendar date written YYYY-MM-DD' },
    ]);
    expect(tableCounts(ctx.db).readings).toBe(before);
    const unit = await ctx.call('POST', '/api/readings/csv', 'criterion,council,feature,date,value\nTRAINED,NMC,PAYSLIP,2026-11-20,120\n', { headers: { 'content-type': 'text/csv' } });
    expect(unit.body.details).toEqual([{ field: 'line 2/value', message: 'must be a percentage from 0 to 100' }]);
    const columns = await ctx.call('POST', '/api/readings/csv', 'what,ever\n1,2\n', { headers: { 'content-type': 'text/csv' } });
    expect(columns.status).toBe(400);
    expect(columns.body.message).toContain('missing: criterion, council, date, value');
  });
});

describe('explanations, gates and going live', () => {
  const read = async (asOf?: string) => (await ctx.call('GET', `/api/items/${item.id}/readiness${asOf ? `?asOf=${asOf}` : ''}`)).body;

  it('explains an item: every criterion, by how much, since when', async () => {
    await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 60, readingDate: '2026-10-01' },
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 75, readingDate: '2026-11-01' },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 1, readingDate: '2026-11-10' },
      ],
    });
    const view = await read();
    expect(view.readiness).toMatchObject({ rag: 'red', score: 33.3 });
    expect(view.readiness.reasons).toEqual([
      'Mandatory: Open severity-1 defects: 1 against a target of at most 0, 1 over; not met since 10 November 2026',
      'Readiness score 33.3 is under 60',
      'Staff trained: 75% against a target of at least 85%, 10 percentage points short; at risk since 1 November 2026',
    ]);
    expect(view.gate.proposal.proposed).toBe('no_go');
    // On 15 October only the training reading existed: not met, and the defects criterion missing.
    const then = await read('2026-10-15');
    expect(then.readiness.criteria.map((c: any) => [c.code, c.status])).toEqual([['TRAINED', 'not_met'], ['SEV1', 'missing']]);
  });

  it('dates "since when" from the whole history, however far back a status runs', async () => {
    // Weekly readings for a year and a half: training met throughout; defects open until 3 October, none since.
    const weeks = Array.from({ length: 78 }, (_, i) => formatISO(addWeeks(parseISO('2025-05-26'), i), { representation: 'date' }));
    expect(weeks.at(-1)).toBe('2026-11-16');
    await ctx.call('POST', '/api/readings/bulk', {
      readings: weeks.flatMap((readingDate) => [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 90, readingDate },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: readingDate < '2026-10-05' ? 2 : 0, readingDate },
      ]),
    });
    const since = Object.fromEntries((await read()).readiness.criteria.map((c: any) => [c.code, [c.status, c.since]]));
    // The first beyond the recent months the explanation reads first; the second within them.
    expect(since).toEqual({ TRAINED: ['met', '2025-05-26'], SEV1: ['met', '2026-10-05'] });
    // As of a day in the first months, the history read is shorter, and the dates still exact.
    const earlier = Object.fromEntries((await read('2025-09-01')).readiness.criteria.map((c: any) => [c.code, [c.status, c.since]]));
    expect(earlier).toEqual({ TRAINED: ['met', '2025-05-26'], SEV1: ['not_met', '2025-05-26'] });
  });

  it('counts a reading older than the staleness setting as missing, and the setting can change', async () => {
    await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 90, readingDate: '2026-10-01' },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 0, readingDate: '2026-11-20' },
      ],
    });
    expect((await read()).readiness.criteria.find((c: any) => c.code === 'TRAINED')).toMatchObject({ status: 'missing', stale: true });
    await ctx.call('PATCH', '/api/settings', { staleAfterDays: 90 });
    expect((await read()).readiness).toMatchObject({ rag: 'green', score: 100 });
  });

  it('applies a council override of the target', async () => {
    await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 80, readingDate: '2026-11-20' },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 0, readingDate: '2026-11-20' },
      ],
    });
    expect((await read()).readiness.rag).toBe('amber');
    await ctx.call('PATCH', `/api/criteria/${trained.id}`, { overrides: [{ councilId: plan.north.id, waveId: plan.w2.id, target: 80, amberThreshold: 70 }] });
    const after = (await read()).readiness;
    expect(after.rag).toBe('green');
    expect(after.criteria).toContainEqual(expect.objectContaining({ code: 'TRAINED', target: 80, status: 'met' }));
  });

  it('records go, no-go and overrides by the rules; decisions are superseded, never edited', async () => {
    await ctx.call('POST', '/api/readings', { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 2, readingDate: '2026-11-20' });
    const plainGo = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' });
    expect(plainGo.status).toBe(400);
    expect(plainGo.body.details[0].message).toContain('the proposal is no-go');
    const noReason = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go_override', reason: 'fine' });
    expect(noReason.body.details[0]).toEqual({ field: 'reason', message: 'NMC View payslip: an override needs a written reason of at least 10 characters' });
    expect(tableCounts(ctx.db).gate_decisions).toBe(0);

    const noGo = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'no_go' });
    expect(noGo.body).toMatchObject({ decision: 'no_go', proposed: 'no_go', decidedByName: 'Test office 1', evidence: expect.arrayContaining([expect.stringContaining('Open severity-1 defects')]) });
    const live = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-11-23' });
    expect(live.status).toBe(409);

    const override = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go_override', reason: 'Defects affect reprints only; workaround agreed with payroll.' });
    expect(override.status).toBe(201);
    const gate = (await ctx.call('GET', `/api/items/${item.id}/gate`)).body;
    expect(gate.current).toMatchObject({ decision: 'go_override', reason: 'Defects affect reprints only; workaround agreed with payroll.' });
    expect(gate.history.map((d: any) => d.decision)).toEqual(['go_override', 'no_go']);
    expect(() => ctx.db.$client.prepare("update gate_decisions set decision = 'go'").run()).toThrow(/cannot be edited/);
    expect((await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-11-23' })).body.status).toBe('live');
  });

  it('decides a whole wave of a council at once, all or nothing', async () => {
    const second = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id })).body;
    await ctx.call('POST', '/api/readings', { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 1, readingDate: '2026-11-20' });
    await ctx.call('POST', '/api/readings', { criterionId: defects.id, councilId: plan.north.id, featureId: plan.approve.id, value: 0, readingDate: '2026-11-20' });
    const go = await ctx.call('POST', '/api/gates/council-wave', { councilId: plan.north.id, waveId: plan.w2.id, decision: 'go' });
    expect(go.status).toBe(400);
    // Approve leave has no training reading yet (score 33.3, red); payslips have an open defect.
    expect(go.body.details).toEqual([
      { field: 'decision', message: 'NMC Approve leave: the proposal is no-go: record go_override with a reason, or no_go' },
      { field: 'decision', message: 'NMC View payslip: the proposal is no-go: record go_override with a reason, or no_go' },
    ]);
    expect(tableCounts(ctx.db).gate_decisions).toBe(0);
    const override = await ctx.call('POST', '/api/gates/council-wave', { councilId: plan.north.id, waveId: plan.w2.id, decision: 'no_go' });
    expect(override.body.map((d: any) => [d.itemId, d.decision, d.waveId])).toEqual([[second.id, 'no_go', plan.w2.id], [item.id, 'no_go', plan.w2.id]]);
    expect((await ctx.call('POST', '/api/gates/council-wave', { councilId: plan.west.id, waveId: plan.w2.id, decision: 'no_go' })).status).toBe(400);
  });
});

describe('dashboard read models', () => {
  it('shows the overview, a council, a wave and a trend in one request each', async () => {
    await ctx.call('POST', '/api/readings/bulk', {
      readings: [
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 50, readingDate: '2026-11-02' },
        { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 90, readingDate: '2026-11-16' },
        { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 0, readingDate: '2026-11-16' },
      ],
    });
    await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Draft win', story: 'Not yet', wonOn: '2026-11-20', evidenceNote: 'n' });
    await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Published win', story: 'Paper gone', wonOn: '2026-11-21', evidenceValue: 120, evidenceUnit: 'forms', published: true });

    const overview = (await ctx.call('GET', '/api/overview')).body;
    expect(overview.readiness).toEqual({ red: 0, amber: 0, green: 1, notYetDue: 0 });
    expect(overview.grid).toEqual([{ itemId: item.id, councilId: plan.north.id, featureId: plan.payslip.id, rag: 'green', status: 'planned', live: false }]);
    expect(overview.councilPage).toEqual({ total: 2, limit: 10, offset: 0 });
    expect(overview.councils.map((c: any) => c.code)).toEqual(['NMC', 'WDC']);
    expect((await ctx.call('GET', '/api/overview?councilLimit=1&councilOffset=1')).body.councils.map((c: any) => c.code)).toEqual(['WDC']);
    expect(overview.wins.map((w: any) => w.title)).toEqual(['Published win']);
    expect(overview.nextGoLives.map((i: any) => i.plannedGoLive)).toEqual([]);
    expect(overview.waves.map((w: any) => w.name)).toEqual(['W1', 'W2']);

    const sponsor = await ctx.userAs('sponsor');
    const council = (await ctx.call('GET', `/api/councils/${plan.north.id}/summary`, undefined, { as: sponsor })).body;
    expect(council.wins.map((w: any) => w.title)).toEqual(['Published win']);
    expect((await ctx.call('GET', `/api/councils/${plan.north.id}/summary`)).body.wins.map((w: any) => w.title)).toEqual(['Published win', 'Draft win']);

    const wave = (await ctx.call('GET', `/api/waves/${plan.w2.id}/summary`)).body;
    expect(wave.items[0]).toMatchObject({ rag: 'green', proposal: { proposed: 'go' }, decision: null });

    const trend = (await ctx.call('GET', `/api/trends?scope=item&id=${item.id}&from=2026-10-26&to=2026-11-22`)).body;
    expect(trend.points.map((p: any) => [p.weekEnding, p.rag, p.score])).toEqual([
      // Nothing measured yet scores 0: red. Then training at 50% (not met) with defects still missing, then all met.
      ['2026-11-01', 'red', 0], ['2026-11-08', 'red', 0], ['2026-11-15', 'red', 0], ['2026-11-22', 'green', 100],
    ]);
  });
});

describe('read models kept on write', () => {
  it('keeps the newest reading per series; a late-entered older reading does not replace it', async () => {
    const post = (value: number, readingDate: string) => ctx.call('POST', '/api/readings', { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value, readingDate });
    await post(70, '2026-11-10');
    await post(75, '2026-11-10');
    await post(40, '2026-10-01');
    const latest = ctx.db.$client.prepare('select value, reading_date as readingDate from latest_readings where criterion_id = ?').all(trained.id);
    expect(latest).toEqual([{ value: 75, readingDate: '2026-11-10' }]);
    // A same-day correction downwards counts too: the later entry wins, whatever its value.
    await post(72, '2026-11-10');
    expect((await ctx.call('GET', `/api/items/${item.id}/readiness`)).body.readiness.criteria.find((c: any) => c.code === 'TRAINED')).toMatchObject({ value: 72 });
    // As of a day before the newest reading, the one before it counts.
    const then = (await ctx.call('GET', `/api/items/${item.id}/readiness?asOf=2026-10-15`)).body;
    expect(then.readiness.criteria.find((c: any) => c.code === 'TRAINED')).toMatchObject({ value: 40, readingDate: '2026-10-01' });
  });

  it('counts only the last of a day’s entries: a corrected reading does not cut "since when" short', async () => {
    const post = (value: number, readingDate: string) => ctx.call('POST', '/api/readings', { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value, readingDate });
    await post(90, '2026-11-01');
    await post(40, '2026-11-10'); // entered wrongly...
    await post(92, '2026-11-10'); // ...and corrected the same day
    const trainedOf = async () => (await ctx.call('GET', `/api/items/${item.id}/readiness`)).body.readiness.criteria.find((c: any) => c.code === 'TRAINED');
    expect(await trainedOf()).toMatchObject({ status: 'met', value: 92, readingDate: '2026-11-10', since: '2026-11-01' });
    // A correction the other way: not met since the day itself, as the day's last entry says.
    await post(50, '2026-11-10');
    expect(await trainedOf()).toMatchObject({ status: 'not_met', value: 50, since: '2026-11-10' });
  });

  it('never serves a stale cached overview after a change', async () => {
    const rag = async () => (await ctx.call('GET', '/api/overview')).body.grid[0].rag;
    await ctx.call('POST', '/api/readings', { criterionId: defects.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 0, readingDate: '2026-11-20' });
    expect(await rag()).toBe('red'); // training not measured: score 33
    await ctx.call('POST', '/api/readings', { criterionId: trained.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 90, readingDate: '2026-11-20' });
    expect(await rag()).toBe('green');
    await ctx.call('PATCH', `/api/criteria/${trained.id}`, { target: 95 });
    expect(await rag()).toBe('amber');
    await ctx.call('PATCH', '/api/settings', { scoreRedBelow: 90 });
    expect(await rag()).toBe('red');
    await ctx.call('PATCH', `/api/councils/${plan.north.id}`, { staffHeadcount: 7000 });
    expect((await ctx.call('GET', '/api/overview')).body.totals.staffInScope).toBe(7000);
  });
});

describe('compressed read models', () => {
  it('sends the same overview compressed to clients that accept it, and plain to those that do not', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const get = (encoding?: string) => ctx.app.inject({ method: 'GET', url: '/api/overview', headers: { cookie: ctx.office.cookie!, ...(encoding ? { 'accept-encoding': encoding } : {}) } });
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(JSON.parse(plain.body));
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(JSON.parse(plain.body));
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  });
});
