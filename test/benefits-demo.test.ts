import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/** The benefits story of the demo (fixtures/demo-benefits.ts), and the headline docs/metrics.md defines, pinned on it. */
let db: Db;
let app: Awaited<ReturnType<typeof buildApp>>;
let cookie: string;
const get = async (url: string) => JSON.parse((await app.inject({ method: 'GET', url, headers: { cookie } })).body);

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

describe('the demo benefits', () => {
  it('shows the headline docs/metrics.md defines on the overview, with its value on the demo data', async () => {
    const overview = await get('/api/overview');
    expect(overview.benefits).toMatchObject({
      month: '2026-10', savedPence: 1_978_397, cashablePence: 782_763, targetPence: 6_000_000, targetToDatePence: 4_000_000, takeUpPercent: 44, assistedPercent: 3.8,
      // Fernleigh joined in November: no benefits baseline yet, and said so rather than counted as no saving.
      missingMonths: 6, councilsWithoutBaseline: ['Fernleigh District Council'],
    });
    expect(overview.benefits.text).toBe('£19,784 saved to date of £60,000 target; 44.0% online');
  });

  it("gives each council's line in the programme's summary the figures of the council's own summary", async () => {
    // A council's figures are summed up after its last series and let go (read-model.ts): never before it.
    const whole = await get('/api/benefits/summary');
    expect(whole.councils.length).toBeGreaterThan(3);
    for (const line of whole.councils) {
      const own = await get(`/api/benefits/summary?councilId=${line.id}`);
      expect({ saved: line.savedPence, takeUp: line.takeUpPercent, assisted: line.assistedPercent, before: line.costBeforePence, now: line.costNowPence }, line.name).toEqual({
        saved: own.headline.savedPence, takeUp: own.headline.takeUpPercent, assisted: own.headline.assistedPercent,
        before: own.costPerTransaction.beforePence, now: own.costPerTransaction.nowPence,
      });
    }
    expect(whole.councils.filter((c: { savedPence: number | null }) => (c.savedPence ?? 0) > 0).length).toBeGreaterThan(1);
  });

  it("tells Westvale's story: live, but its staff still phone, and October not sent", async () => {
    const s = await get('/api/benefits/summary');
    const [eastbridge, fernleigh, northmoor, westvale] = s.councils;
    // Fernleigh joined in November with no benefits baseline: no saving to show, and not £0.
    expect(fernleigh).toMatchObject({ name: 'Fernleigh District Council', status: 'no_baseline', savedPence: null, missingMonths: 0 });
    expect(westvale).toMatchObject({ name: 'Westvale District Council', takeUpPercent: 10 });
    expect(westvale.takeUpPercent).toBeLessThan(northmoor.takeUpPercent / 4);
    expect(westvale.savedPence).toBeLessThan(eastbridge.savedPence / 5);
    const westPhone = (await get(`/api/benefits/summary?councilId=${westvale.id}`)).months.map((m: any) => m.volumes.phone);
    // Baseline 126 calls a month (payslip queries 67 + sickness 48 + address changes 11, for 1,900 staff): they have not fallen.
    expect(Math.min(...westPhone.slice(0, 6))).toBeGreaterThanOrEqual(118);
    expect(s.problems.missingMonths.filter((m: any) => m.councilName === westvale.name).map((m: any) => m.month)).toEqual(Array(6).fill('2026-10'));
    expect(s.setUp).toEqual({ costsPence: 2_850_000, breakEven: { month: '2026-12', forecast: true } });
  });

  it('keeps the correction and the register, and the October board report as issued', async () => {
    const ebc = (await get('/api/councils?limit=10')).data.find((c: any) => c.code === 'EBC');
    const august = (await get(`/api/benefits/volumes?councilId=${ebc.id}&from=2026-08&to=2026-08`)).data.filter((e: any) => e.transactionTypeCode === 'PAYQ');
    expect(august.map((e: any) => e.note)).toEqual(['Corrected: kiosk logins were missing from the extract', 'HR system extract']);
    const register = (await get('/api/benefits/register')).data;
    expect(register.map((b: any) => b.title)).toEqual(['Printed payslips stopped', 'Channel shift saving', 'Leave requests made online']);
    const issued = (await get('/api/reports/board/issued')).find((r: any) => r.title === 'Programme board, October 2026');
    const report = (await get(`/api/reports/board/issued/${issued.id}`)).report;
    expect(report.benefits.now.month).toBe('2026-09');
    expect(report.benefits.savedInPeriodPence).toBeGreaterThan(0);
  });

  it("pages the breakdown by council in order of name, every other figure the whole scope's", async () => {
    const whole = await get('/api/benefits/summary');
    expect(whole.councilPage).toEqual({ total: 4, limit: 20, offset: 0 });
    const names = whole.councils.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const second = await get('/api/benefits/summary?councilLimit=1&councilOffset=1');
    expect(second.councilPage).toEqual({ total: 4, limit: 1, offset: 1 });
    expect(second.councils).toEqual([whole.councils[1]]);
    const { councils: _a, councilPage: _b, ...rest } = second;
    const { councils: _c, councilPage: _d, ...wholeRest } = whole;
    expect(rest).toEqual(wholeRest);
    expect((await get('/api/benefits/summary?councilOffset=10')).councils).toEqual([]);
    const refused = await app.inject({ method: 'GET', url: '/api/benefits/summary?councilLimit=0', headers: { cookie } });
    expect(refused.statusCode).toBe(400);
  });
});
