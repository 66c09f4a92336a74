import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

const HEADER = 'council_code,council_name,staff_headcount,manager_headcount,feature_code,feature_name,audience,wave,note';
const upload = async (mode: 'preview' | 'apply', csv: string, as: Agent = ctx.office) => {
  const res = await ctx.app.inject({
    method: 'POST', url: `/api/imports/plan?mode=${mode}`, payload: csv,
    headers: { cookie: as.cookie!, 'x-csrf-token': as.csrf!, 'content-type': 'text/csv' },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};
const exportPlan = async () => (await ctx.app.inject({ method: 'GET', url: '/api/exports/plan.csv', headers: { cookie: ctx.office.cookie! } })).body;
const itemsOf = async () => (await ctx.call('GET', '/api/items?limit=500')).body.data
  .map((i: { councilName: string; featureName: string; waveName: string | null; note: string }) => `${i.councilName}|${i.featureName}|${i.waveName}|${i.note}`).sort();

describe('plan import', () => {
  it('previews exactly what applying then does, and the preview stores nothing', async () => {
    const csv = [
      HEADER,
      'NMC,,,,PAYSLIP,,,W1,Pilot first',
      'WDC,,,,PAYSLIP,,,W2,',
      'EBC,Eastbridge Borough Council,3200,300,PAYSLIP,,,W2,',
      'EBC,,,,SICK,Report sickness,employees,,',
      'WDC,Westvale District Council,2000,190,,,,,',
    ].join('\r\n');
    const before = tableCounts(ctx.db);
    const preview = await upload('preview', csv);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      applied: false, rows: 5,
      councils: { created: ['EBC'], updated: [{ code: 'WDC', fields: ['staffHeadcount'] }] },
      features: { created: ['SICK'], updated: [] },
      items: {
        created: [
          { council: 'NMC', feature: 'PAYSLIP', wave: 'W1' }, { council: 'WDC', feature: 'PAYSLIP', wave: 'W2' },
          { council: 'EBC', feature: 'PAYSLIP', wave: 'W2' }, { council: 'EBC', feature: 'SICK', wave: null },
        ],
        moved: [], noteChanged: 1, unchanged: 0,
      },
    });
    expect(tableCounts(ctx.db)).toEqual(before);

    const applied = await upload('apply', csv);
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ ...preview.body, applied: true });
    expect(await itemsOf()).toEqual([
      'Eastbridge Borough Council|Report sickness|null|', 'Eastbridge Borough Council|View payslip|W2|',
      'Northmoor County Council|View payslip|W1|Pilot first', 'Westvale District Council|View payslip|W2|',
    ]);
    expect((await ctx.call('GET', `/api/councils/${plan.west.id}`)).body.staffHeadcount).toBe(2000);
    const audit = (await ctx.call('GET', '/api/audit?entity=council&limit=5')).body.data;
    expect(audit.map((a: { action: string }) => a.action)).toContain('create');
  });

  it('round-trips: the plan export imported back changes nothing, and a moved wave is the only change', async () => {
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [
      { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
      { councilId: plan.west.id, featureId: plan.approve.id, waveId: null },
    ] });
    await ctx.call('PATCH', `/api/councils/${plan.north.id}`, { name: '=Northmoor, "the big one"' });
    const csv = await exportPlan();
    const same = await upload('apply', csv);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ councils: { created: [], updated: [] }, features: { created: [], updated: [] }, items: { created: [], moved: [], noteChanged: 0, unchanged: 2 } });
    expect((await ctx.call('GET', `/api/councils/${plan.north.id}`)).body.name).toBe('=Northmoor, "the big one"');

    const moved = await upload('preview', csv.replace(/(PAYSLIP,View payslip,employees,)W1/, '$1W2'));
    expect(moved.body.items).toEqual({ created: [], moved: [{ council: 'NMC', feature: 'PAYSLIP', from: 'W1', to: 'W2' }], noteChanged: 0, unchanged: 1 });
  });

  it('refuses the whole file when any line is wrong, naming every line, and stores nothing', async () => {
    const before = tableCounts(ctx.db);
    const res = await upload('apply', [
      HEADER,
      'NMC,,,,PAYSLIP,,,W9,',
      'NEW,New Council,lots,10,PAYSLIP,,,W1,',
      'NMC,,,,PAYSLIP,,,W1,',
      'EBC,,,,,,,,',
      'WDC,,,,NEWF,New feature,aliens,W1,',
      ',,,,,,,,x',
      'WDC,Westvale,1900,190,,,,,',
      'WDC,Westvale Two,1900,190,,,,,',
    ].join('\n'));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`Nothing was imported: ${res.body.details.length} problem(s) in 8 row(s).`);
    expect(res.body.details).toEqual(expect.arrayContaining([
      { field: 'line 2/wave', message: 'no wave is called "W9" (waves: W1, W2)' },
      { field: 'line 4/feature_code', message: 'NMC and PAYSLIP are already on line 2' },
      { field: 'line 7/council_code', message: 'a row needs a council code, a feature code, or both' },
      { field: 'line 9/council_name', message: 'says "Westvale Two" but line 8 says "Westvale" for WDC' },
      { field: 'line 3/staff_headcount', message: expect.stringContaining('integer') },
      { field: 'line 5/council_name', message: 'is required' },
      { field: 'line 5/staff_headcount', message: 'is required' },
      { field: 'line 6/audience', message: 'must be one of: employees, managers, both' },
    ]));
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('refuses a file without the needed columns, an empty file, and anyone but the office', async () => {
    const missing = await upload('preview', 'council_code,feature_code\nNMC,PAYSLIP');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe(`The CSV needs the columns ${HEADER.split(',').join(', ')}; missing: wave.`);
    expect((await upload('preview', HEADER)).body.message).toBe('The CSV has no rows of plan rows.');
    const lead = await ctx.userAs('lead', [plan.north.id]);
    expect((await upload('apply', `${HEADER}\nNMC,,,,PAYSLIP,,,W1,`, lead)).status).toBe(403);
  });

  it('keeps the item rules: a live item cannot be taken out of its wave by import', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' });
    expect((await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-01-31' })).status).toBe(200);
    const before = tableCounts(ctx.db);
    const res = await upload('apply', `${HEADER}\nWDC,,,,PAYSLIP,,,W1,\nNMC,,,,PAYSLIP,,,,`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Nothing was imported: /);
    expect(res.body).toMatchObject({ message: 'Nothing was imported: 1 problem(s) in 2 row(s).', details: [{ field: 'line 3/wave', message: 'is needed: this item is live, so it stays in a wave' }] });
    expect(tableCounts(ctx.db)).toEqual(before);
  });
});
