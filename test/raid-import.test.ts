import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

/** Importing a RAID log from CSV: preview, then apply, all or nothing, problems named by line and column (docs/raid.md). */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent & { id: number };

const HEADER = 'id,type,scope,about,title,description,owner,owner_is_user,due_date,status,likelihood,impact,score,proximity,trend,response,validate_by,shareable';
const upload = async (mode: 'preview' | 'apply', csv: string, as: Agent = ctx.office) => {
  const res = await ctx.app.inject({
    method: 'POST', url: `/api/imports/raid?mode=${mode}`, payload: csv,
    headers: { cookie: as.cookie!, 'x-csrf-token': as.csrf!, 'content-type': 'text/csv' },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};
const exportLog = async () => (await ctx.app.inject({ method: 'GET', url: '/api/exports/raid-log.csv', headers: { cookie: ctx.office.cookie! } })).body;
const entries = async () => (await ctx.call('GET', '/api/raid/entries?limit=500')).body.data;

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id });
  await ctx.call('PATCH', `/api/users/${lead.id}`, { displayName: 'Priya Náidu' });
});
afterAll(async () => closeTestApp(ctx));

describe('RAID log import', () => {
  const csv = [
    HEADER,
    ',risk,council,northmoor county council,Payroll cut-off clashes with go-live,Cut-off is the 18th,Priya  Naidu,yes,2026-12-15,open,4,4,,within_month,rising,reduce,,no',
    ',assumption,programme,,Unions accept online approval,,Joint consultative committee,no,2026-12-20,,,,,,,,2026-12-10,',
    ',issue,item,NMC: View payslip,Payslip PDF fails for part-time staff,,Supplier service desk,,2026-12-05,,,,,,,,,',
    ',dependency,wave,W2,Supplier release 26.4 before W2,,HR system supplier,,2026-12-01,closed,,,,,,,,',
  ].join('\r\n').replace('Priya  Naidu', 'Priya Náidu');

  it('previews exactly what applying then does, and the preview stores nothing', async () => {
    const before = tableCounts(ctx.db);
    const preview = await upload('preview', csv);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, rows: 4, updated: [], unchanged: 0 });
    expect(preview.body.created.map((c: any) => [c.line, c.title])).toEqual([
      [2, 'Payroll cut-off clashes with go-live'], [3, 'Unions accept online approval'], [4, 'Payslip PDF fails for part-time staff'], [5, 'Supplier release 26.4 before W2'],
    ]);
    expect(tableCounts(ctx.db)).toEqual(before);

    const applied = await upload('apply', csv);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, rows: 4 });
    expect(applied.body.created.map((c: any) => c.title)).toEqual(preview.body.created.map((c: any) => c.title));
    const log = await entries();
    const risk = log.find((e: any) => e.title === 'Payroll cut-off clashes with go-live');
    expect(risk).toMatchObject({ type: 'risk', scope: 'council', councilId: plan.north.id, score: 16, owner: { userId: lead.id, external: false }, trend: 'rising', shareable: false });
    expect(log.find((e: any) => e.type === 'issue')).toMatchObject({ scope: 'item', about: 'Northmoor County Council: View payslip', owner: { name: 'Supplier service desk', external: true } });
    expect(log.find((e: any) => e.type === 'dependency')).toMatchObject({ status: 'closed', closedOn: '2026-11-23', waveId: plan.w2.id });
    // Each entry has its history, as if recorded by hand.
    const history = (await ctx.call('GET', `/api/raid/entries/${risk.id}/history`)).body;
    expect(history.data.map((h: any) => h.action)).toEqual(['create']);
  });

  it('reads its own export back as unchanged, and changes only what differs', async () => {
    const exported = await exportLog();
    const same = await upload('preview', exported);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ created: [], updated: [], unchanged: 4 });

    const risk = (await entries()).find((e: any) => e.type === 'risk');
    const changed = exported.replace('Payroll cut-off clashes with go-live', 'Payroll cut-off on the 18th clashes with go-live').replace(/,4,4,16,/, ',2,4,8,');
    const res = await upload('apply', changed);
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([{ line: expect.any(Number), id: risk.id, fields: ['title', 'likelihood'] }]);
    expect(res.body.unchanged).toBe(3);
    expect((await ctx.call('GET', `/api/raid/entries/${risk.id}`)).body).toMatchObject({ title: 'Payroll cut-off on the 18th clashes with go-live', score: 8, version: risk.version + 1 });
  });

  it('refuses the whole file, naming each problem by line and column, and stores nothing', async () => {
    const risk = (await entries()).find((e: any) => e.type === 'risk');
    const bad = [
      HEADER,
      ',risk,council,Northmoor County Council,Fine row,,Someone,,2026-12-15,,3,3,,later,,accept,,',
      ',risk,council,Nowhere Council,Council unknown,,Someone,,2026-12-15,,3,3,,later,,accept,,',
      ',risk,programme,,Huge likelihood,,Someone,,2026-12-15,,99999999999999999999,Infinity,,later,,accept,,',
      ',issue,item,Northmoor County Council,No feature named,,Someone,,2026-12-15,,,,,,,,,',
      ',assumption,programme,,No validate-by,,Nobody Known,yes,2026-02-30,,,,,,,,,',
      `${risk.id},issue,council,Northmoor County Council,Type changed,,Someone,,2026-12-15,,,,,,,,,`,
      '999999,issue,programme,,Unknown id,,Someone,,2026-12-15,,,,,,,,,',
      ',Risk,COUNCIL,NMC,\u202eReversed text,,Someone,,2026-12-15,,3,3,,later,,accept,,',
    ].join('\n');
    const before = tableCounts(ctx.db);
    const res = await upload('apply', bad);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Nothing was imported/);
    const fields = res.body.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining([
      'line 3/about', 'line 4/likelihood', 'line 4/impact', 'line 5/about', 'line 6/owner', 'line 7/type', 'line 8/id', 'line 9/title',
    ]));
    expect(fields.some((f: string) => f.startsWith('line 2/'))).toBe(false);
    expect(res.body.details.find((d: any) => d.field === 'line 3/about').message).toBe('no council is called "Nowhere Council"');
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('is the programme office\'s: a lead and a sponsor are refused and nothing is stored', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const before = tableCounts(ctx.db);
    expect((await upload('apply', csv, lead)).status).toBe(403);
    expect((await upload('apply', csv, sponsor)).status).toBe(403);
    const anonymous = await ctx.app.inject({ method: 'POST', url: '/api/imports/raid?mode=apply', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(anonymous.statusCode).toBe(401);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('needs the required columns and a known mode', async () => {
    const res = await upload('preview', 'type,scope,title\nrisk,programme,Half a header');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/missing: owner, due_date/);
    const odd = await ctx.app.inject({ method: 'POST', url: '/api/imports/raid?mode=Apply', payload: csv, headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf!, 'content-type': 'text/csv' } });
    expect(odd.statusCode).toBe(400);
  });
});
