import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

/** Numbers in requests are finite and bounded everywhere; a refusal names the field and changes nothing. */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  await ctx.call('POST', '/api/criteria', { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 });
  await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Paper payslips gone', story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceValue: 1900 });
});
afterAll(async () => closeTestApp(ctx));

/** Every GET route whose query takes the named parameter, from the app's own OpenAPI document. */
async function getRoutesTaking(parameter: string): Promise<string[]> {
  const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  return Object.entries(doc.paths as Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>)
    .filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === parameter))
    .map(([path]) => path.replace(/\{[^}]+\}/g, '1'));
}

const HUGE = ['9223372036854775808', '1e309', 'Infinity', '-Infinity', '1e16', 'NaN', '0.5', '-1'];

describe('paging and ids', () => {
  it('every list route refuses a huge, non-finite, fractional or negative offset with a 400 naming offset', async () => {
    const routes = await getRoutesTaking('offset');
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const wrong: string[] = [];
    for (const url of routes) {
      for (const value of HUGE) {
        const res = await ctx.call('GET', `${url}?offset=${value}`);
        if (res.status !== 400 || !res.body.details?.some((d: { field: string }) => d.field === 'offset')) wrong.push(`${url}?offset=${value} -> ${res.status}`);
      }
      const ok = await ctx.call('GET', `${url}?offset=10000000`);
      if (ok.status >= 500) wrong.push(`${url}?offset=10000000 -> ${ok.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the overview refuses a non-finite council offset, and trends a non-finite id', async () => {
    for (const value of HUGE) {
      const overview = await ctx.call('GET', `/api/overview?councilOffset=${value}`);
      expect(overview.status, value).toBe(400);
      expect(overview.body.details.map((d: { field: string }) => d.field)).toContain('councilOffset');
      const trend = await ctx.call('GET', `/api/trends?scope=council&id=${value}`);
      expect(trend.status, value).toBe(400);
      expect(trend.body.details.map((d: { field: string }) => d.field)).toContain('id');
    }
  });

  it('an id too large for a number is a 400, not a 500', async () => {
    for (const id of ['9223372036854775808', '1e309', 'Infinity', '99999999999999999999']) {
      const res = await ctx.call('GET', `/api/items/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.message).toMatch(/^The path is not valid: id /);
    }
  });
});

describe('measured values', () => {
  const send = (url: string, json: string, as: Agent = lead) =>
    ctx.app.inject({ method: 'POST', url, payload: json, headers: { 'content-type': 'application/json', cookie: as.cookie!, 'x-csrf-token': as.csrf! } });

  it("a lead's win with an infinite evidence value is refused, names the field and stores nothing", async () => {
    const before = tableCounts(ctx.db);
    for (const value of ['1e999', '-1e999', '1e10']) {
      const res = await send('/api/wins', `{"councilId":${plan.north.id},"title":"Paper gone","story":"Before: paper. After: phone.","wonOn":"2026-11-20","evidenceValue":${value}}`);
      expect(res.statusCode, value).toBe(400);
      expect(res.json().details).toEqual([{ field: 'evidenceValue', message: expect.stringMatching(/^must be (<=|>=) -?1000000000/) }]);
    }
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('GET', '/api/wins')).status).toBe(200);
  });

  it('a reading with a non-finite value is refused whole', async () => {
    const criterion = (await ctx.call('GET', '/api/criteria')).body.data[0];
    const before = tableCounts(ctx.db);
    const res = await send('/api/readings', `{"criterionId":${criterion.id},"councilId":${plan.north.id},"value":1e999,"readingDate":"2026-11-20"}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['value']);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('the database itself refuses a non-finite value, as the last line of defence', () => {
    const win = ctx.db.$client.prepare('select id from early_wins limit 1').get() as { id: number } | undefined;
    const reading = () => ctx.db.$client.prepare(
      "insert into readings (criterion_id, council_id, feature_id, value, reading_date, note, entered_by_name, entered_at) select id, ?, null, ?, '2026-11-20', '', 'Direct', '2026-11-20T10:00:00.000Z' from criteria limit 1",
    ).run(plan.north.id, Number.POSITIVE_INFINITY);
    expect(reading).toThrow(/must be a finite number/);
    expect(win).toBeDefined();
    expect(() => ctx.db.$client.prepare('update early_wins set evidence_value = ? where id = ?').run(Number.NEGATIVE_INFINITY, win!.id)).toThrow(/must be a finite number/);
  });
});

describe('long lists of problems', () => {
  it('a CSV with hundreds of bad lines answers with the first 100 problems and the total', async () => {
    const lines = ['criterion,council,feature,value,date', ...Array.from({ length: 400 }, (_, i) => `NOPE${i},NMC,,abc,2026-13-01`)];
    const res = await ctx.app.inject({
      method: 'POST', url: '/api/readings/csv', payload: lines.join('\n'),
      headers: { 'content-type': 'text/csv', cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf! },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.details).toHaveLength(101);
    expect(body.details.at(-1)).toEqual({ field: '(more)', message: 'and 1100 more problems, 1200 in all' });
    expect(res.body.length).toBeLessThan(20_000);
  });
});
