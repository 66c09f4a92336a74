import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neutralise, restore, toCsv } from '../server/http/csv.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

/** Downloads a CSV as someone, and reads it back the way a careful spreadsheet would. */
async function download(url: string, as: Agent | null = ctx.office) {
  const headers: Record<string, string> = {};
  if (as?.cookie) headers.cookie = as.cookie;
  const res = await ctx.app.inject({ method: 'GET', url, headers });
  const rows = res.statusCode === 200 ? parse(res.body, { bom: true }) as string[][] : [];
  return { status: res.statusCode, res, raw: res.body, header: rows[0] ?? [], rows: rows.slice(1) };
}

const FORMULAS = ['=HYPERLINK("http://evil.example.org","Click")', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1:A9)', '\tTAB', '\rCR'];

describe('CSV writing', () => {
  it('neutralises text that a spreadsheet would run as a formula, and reading restores it exactly', () => {
    for (const text of FORMULAS) {
      expect(neutralise(text)).toBe(`'${text}`);
      expect(restore(neutralise(text))).toBe(text);
    }
    for (const text of ['plain', 'Smith, J', 'a=b', "'quoted already", '']) {
      expect(neutralise(text)).toBe(text);
      expect(restore(text)).toBe(text);
    }
  });

  it('quotes per RFC 4180, ends lines with CRLF, starts with a BOM and a header, and keeps numbers as numbers', () => {
    const csv = toCsv([
      { header: 'name', value: (r: { name: string; n: number | null }) => r.name },
      { header: 'n', value: (r) => r.n },
    ], [{ name: 'He said "hi", then left', n: -3 }, { name: 'Line\nbreak', n: null }, { name: '=1+2', n: 0 }]);
    expect(csv.startsWith('\uFEFFname,n\r\n')).toBe(true);
    expect(csv).toContain('"He said ""hi"", then left",-3\r\n');
    expect(csv).toContain('"Line\nbreak",\r\n');
    expect(csv).toContain(`"'=1+2",0\r\n`);
    const back = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(back.map((r) => r.name)).toEqual(['He said "hi", then left', 'Line\nbreak', "'=1+2"]);
  });
});

describe('CSV exports', () => {
  it('lists the exports each role may take; only the office gets the audit trail', async () => {
    const office = await ctx.call('GET', '/api/exports');
    expect(office.body.map((e: { name: string }) => e.name)).toEqual(['plan', 'councils', 'features', 'waves', 'items', 'readings', 'wins', 'blockers', 'raid-log', 'gate-decisions', 'comms-activities', 'questions', 'voice-results', 'benefit-volumes', 'benefits-monthly', 'users', 'audit']);
    const sponsor = await ctx.userAs('sponsor');
    const list = await ctx.call('GET', '/api/exports', undefined, { as: sponsor });
    expect(list.body.map((e: { name: string }) => e.name)).toEqual(['plan', 'councils', 'features', 'waves', 'items', 'readings', 'wins', 'blockers', 'raid-log', 'gate-decisions', 'comms-activities', 'questions', 'voice-results', 'benefit-volumes', 'benefits-monthly']);
    expect((await download('/api/exports/audit.csv', sponsor)).status).toBe(403);
    expect((await download('/api/exports/plan.csv', null)).status).toBe(401);
  });

  it('exports the plan as a download with one row per item, and councils or features without items on rows of their own', async () => {
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [{ councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id }] });
    const { status, res, header, rows } = await download('/api/exports/plan.csv');
    expect(status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="plan-2026-11-23.csv"');
    expect(header).toEqual(['council_code', 'council_name', 'staff_headcount', 'manager_headcount', 'feature_code', 'feature_name', 'audience', 'wave', 'note']);
    expect(rows).toEqual([
      ['NMC', 'Northmoor County Council', '6800', '720', 'PAYSLIP', 'View payslip', 'employees', 'W1', ''],
      ['WDC', 'Westvale District Council', '1900', '190', '', '', '', '', ''],
      ['', '', '', '', 'LEAVE-OK', 'Approve leave', 'managers', '', ''],
    ]);
  });

  it('exports items with their slippage against the baseline and their RAG', async () => {
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [{ councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id }] });
    await ctx.call('POST', '/api/baselines', { name: 'Approved plan' });
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [{ councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id }] });
    const { header, rows } = await download('/api/exports/items.csv');
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0]![i]]));
    expect(rows).toHaveLength(1);
    expect(row).toMatchObject({
      council_code: 'WDC', feature: 'View payslip', wave: 'W2', planned_go_live: '2026-03-31', baseline_go_live: '2026-01-31',
      // Overdue: forecast today (2026-11-23), 296 days after the baseline's 31 January.
      slippage_days: '296', slip_state: 'slipped', overdue: 'yes',
    });
    expect(['red', 'amber', 'green']).toContain(row.rag);
  });

  it('neutralises formulas a user typed into a note, end to end', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id, note: '=HYPERLINK("http://evil.example.org")' })).body;
    expect(item.note).toBe('=HYPERLINK("http://evil.example.org")');
    const { raw, header, rows } = await download('/api/exports/plan.csv');
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example.org"")"`);
    expect(rows[0]![header.indexOf('note')]).toBe(`'=HYPERLINK("http://evil.example.org")`);
  });

  it('exports readings in the upload format, so a download can be uploaded again as it is', async () => {
    const criterion = (await ctx.call('POST', '/api/criteria', { code: 'COMMS', name: 'Comms reach', unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 })).body;
    await ctx.call('POST', '/api/readings/bulk', { readings: [
      { criterionId: criterion.id, councilId: plan.north.id, value: 61.5, readingDate: '2026-11-01', note: '-from the LMS' },
      { criterionId: criterion.id, councilId: plan.west.id, value: 40, readingDate: '2026-11-02' },
    ] });
    const all = await download('/api/exports/readings.csv');
    expect(all.header.slice(0, 6)).toEqual(['criterion', 'council', 'feature', 'date', 'value', 'note']);
    expect(all.rows.map((r) => r.slice(0, 6))).toEqual([
      [criterion.code, 'NMC', '', '2026-11-01', '61.5', "'-from the LMS"],
      [criterion.code, 'WDC', '', '2026-11-02', '40', ''],
    ]);
    const north = await download(`/api/exports/readings.csv?councilId=${plan.north.id}`);
    expect(north.rows).toHaveLength(1);

    const upload = await ctx.app.inject({ method: 'POST', url: '/api/readings/csv', headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf!, 'content-type': 'text/csv' }, payload: all.raw });
    expect(upload.statusCode).toBe(201);
    const again = JSON.parse(upload.body);
    expect(again.readings.map((r: { value: number; note: string }) => [r.value, r.note])).toEqual([[61.5, '-from the LMS'], [40, '']]);
  });

  it('pages a long, sparse table in windows of ids: every row once, in id order, filters applied across gaps', async () => {
    const criterion = (await ctx.call('POST', '/api/criteria', { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 })).body;
    const insert = ctx.db.$client.prepare("insert into readings (id, criterion_id, council_id, value, reading_date, note, entered_by_name, entered_at) values (?, ?, ?, ?, '2026-11-02', ?, 'Loader', '2026-11-02T10:00:00.000Z')");
    // 6,000 readings in a row (more than a page), then two far beyond the first window of ids.
    ctx.db.$client.transaction(() => {
      for (let id = 1; id <= 6000; id += 1) insert.run(id, criterion.id, plan.north.id, id % 100, `n${id}`);
      insert.run(130_000, criterion.id, plan.west.id, 1, 'far west');
      insert.run(190_001, criterion.id, plan.north.id, 2, 'farther north');
    })();
    const all = await download('/api/exports/readings.csv');
    const notes = all.rows.map((r) => r[all.header.indexOf('note')]);
    expect(notes).toHaveLength(6002);
    expect(notes.slice(0, 3)).toEqual(['n1', 'n2', 'n3']);
    expect(notes.slice(-3)).toEqual(['n6000', 'far west', 'farther north']);
    const west = await download(`/api/exports/readings.csv?councilId=${plan.west.id}`);
    expect(west.rows.map((r) => r[west.header.indexOf('note')])).toEqual(['far west']);
  });

  it('gives sponsors published wins only, and the office everything', async () => {
    const draft = { councilId: plan.north.id, title: '@draft win', story: 'Not yet told', wonOn: '2026-11-01', evidenceNote: 'n/a' };
    await ctx.call('POST', '/api/wins', draft);
    const published = (await ctx.call('POST', '/api/wins', { ...draft, title: 'Told win' })).body;
    await ctx.call('PATCH', `/api/wins/${published.id}`, { published: true });
    const sponsor = await ctx.userAs('sponsor');
    expect((await download('/api/exports/wins.csv', sponsor)).rows.map((r) => r[3])).toEqual(['Told win']);
    expect((await download('/api/exports/wins.csv')).rows.map((r) => r[3]).sort()).toEqual(["'@draft win", 'Told win']);
  });

  it('streams the audit trail for the office in id order, across pages, with the changed fields as JSON', async () => {
    for (let i = 0; i < 3; i += 1) await ctx.call('POST', '/api/features', { code: `X${i}`, name: `Extra ${i}`, audience: 'both' });
    const { header, rows } = await download('/api/exports/audit.csv?entity=feature');
    expect(header).toEqual(['at', 'user', 'user_email', 'action', 'entity', 'entity_id', 'before', 'after']);
    expect(rows.map((r) => JSON.parse(r[7]!).name)).toEqual(['View payslip', 'Approve leave', 'Extra 0', 'Extra 1', 'Extra 2']);
    expect(rows.every((r) => r[3] === 'create' && r[2] === 'office@example.org')).toBe(true);
  });

  it('writes each change as the JSON the audit trail holds, the same as writing the parsed change again', async () => {
    const odd = (await ctx.call('POST', '/api/features', { code: 'ODD', name: '=SUM(1,2) "quoted", é 🎉', audience: 'both', description: 'line one\nline two' })).body;
    await ctx.call('PATCH', `/api/features/${odd.id}`, { name: 'Odd, renamed' });
    const { rows } = await download(`/api/exports/audit.csv?entity=feature&entityId=${odd.id}`);
    const stored = ctx.db.$client.prepare("select before, after from audit_log where entity = 'feature' and entity_id = ? order by id").raw().all(odd.id) as Array<[string | null, string | null]>;
    expect(rows).toHaveLength(2);
    expect(stored.map(([before]) => before)).toEqual([null, expect.any(String)]);
    for (const [i, [before, after]] of stored.entries()) {
      expect(rows[i]![6]).toBe(before === null ? '' : JSON.stringify(JSON.parse(before)));
      expect(rows[i]![7]).toBe(after === null ? '' : JSON.stringify(JSON.parse(after)));
    }
    expect(JSON.parse(rows[0]![7]!).name).toBe('=SUM(1,2) "quoted", é 🎉');
  });

  it('lists councils with their groups and headcounts', async () => {
    await ctx.call('POST', '/api/councils', { name: 'Eastbridge Borough Council', code: 'EBC', staffHeadcount: 3100, managerHeadcount: 300, groups: [{ name: 'Schools', headcount: 900 }, { name: 'Depot', headcount: 120 }] });
    const { header, rows } = await download('/api/exports/councils.csv');
    expect(header.slice(0, 5)).toEqual(['code', 'name', 'staff_headcount', 'manager_headcount', 'groups']);
    expect(rows.map((r) => [r[0], r[4]])).toEqual([['EBC', 'Depot (120); Schools (900)'], ['NMC', 'HR, finance and ICT (540)'], ['WDC', '']]);
  });

  it('lists users for the office with their councils, and never a password hash', async () => {
    await ctx.userAs('lead', [plan.north.id, plan.west.id], 'lead.two@example.org');
    const { header, rows, raw } = await download('/api/exports/users.csv');
    expect(header).toEqual(['email', 'name', 'role', 'councils', 'disabled_at']);
    expect(rows.find((r) => r[0] === 'lead.two@example.org')).toEqual(['lead.two@example.org', 'Test lead 2', 'lead', 'NMC; WDC', '']);
    expect(raw).not.toMatch(/argon2/);
  });

  it('exports the communications plan with its dates, and staff questions (sponsors: published FAQs only)', async () => {
    await ctx.call('POST', '/api/engagement/activities', {
      waveId: plan.w2.id, councilIds: [plan.north.id, plan.west.id], title: '+ New: payslips online', channel: 'poster', audience: 'employees', dateMode: 'relative', offsetDays: -7, owner: 'Comms',
    });
    const comms = await download('/api/exports/comms-activities.csv');
    expect(comms.rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[6]])).toEqual([['2026-03-24', 'W2', 'Northmoor County Council; Westvale District Council', "'+ New: payslips online", 'Poster', '-7']]);

    await ctx.call('POST', '/api/engagement/questions', { councilId: plan.north.id, question: 'Can I see old payslips?', channel: 'helpline', category: 'Payslips', raisedOn: '2026-11-16' });
    const answered = (await ctx.call('POST', '/api/engagement/questions', { councilId: plan.north.id, question: 'Where is my P60?', channel: 'briefing', category: 'Payslips', answer: 'Under Documents.' })).body;
    await ctx.call('PATCH', `/api/engagement/questions/${answered.id}`, { published: true });
    const all = await download('/api/exports/questions.csv');
    const late = Object.fromEntries(all.rows.map((r) => [r[5], r[all.header.indexOf('late')]]));
    expect(late).toEqual({ 'Can I see old payslips?': 'yes', 'Where is my P60?': 'no' });
    const sponsor = await ctx.userAs('sponsor');
    expect((await download('/api/exports/questions.csv', sponsor)).rows.map((r) => r[5])).toEqual(['Where is my P60?']);
  });

  it('refuses bad filters with a clear message', async () => {
    const back = await ctx.call('GET', '/api/exports/readings.csv?from=2026-11-10&to=2026-11-01');
    expect(back.status).toBe(400);
    expect(back.body.message).toBe('The date range is back to front.');
    const unknown = await ctx.call('GET', '/api/exports/plan.csv?colour=red');
    expect(unknown.status).toBe(400);
  });
});
