import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { warmBoardPeriodStart } from '../server/modules/dashboard/warm.ts';
import { withDemoAsOffice } from './helpers.ts';

/**
 * The benefits headline at the start of the board report's default period is made in the background once the server
 * listens (beside the warm-up of today's overview), so a month's report asked for cold does not read every
 * volume entry again; it is the same headline the report would have made, and a change to the benefits data makes it
 * again.
 */
let db: Db;
let app: FastifyInstance;
let headers: Record<string, string>;
withDemoAsOffice('2026-11-23', (demo) => ({ db, app, headers } = demo));

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe("the board report's benefits at the start of its default period", () => {
  it('are made in the background once the server listens, and are what the report then shows', async () => {
    const figures = app.services.benefitsFigures;
    const { from, to } = app.services.boardReports.periodOf({});
    // The demo's last issued report ends on 31 October: the default period starts there.
    expect([from, to]).toEqual(['2026-10-31', '2026-11-23']);
    expect(figures.headlineKept(from)).toBe(false);

    await app.listen({ port: 0, host: '127.0.0.1' });
    // The start's made by its own warm-up, today's by the overview's.
    await vi.waitFor(() => expect([figures.headlineKept(from), figures.headlineKept(to)]).toEqual([true, true]), { timeout: 60_000, interval: 50 });

    const report = await get('/api/reports/board');
    expect(report.period).toMatchObject({ from, to });
    expect(report.benefits.before).toEqual(figures.headlineNow(from));
    expect(report.benefits.before.savedPence).toBeGreaterThan(0);
    expect(report.benefits.before.savedPence).toBeLessThan(report.benefits.now.savedPence);
  }, 90_000);

  it('follow the last issued report, and are made again after a change to the benefits data', async () => {
    const figures = app.services.benefitsFigures;
    const issued = await app.inject({ method: 'POST', url: '/api/reports/board/issued', headers, payload: { from: '2026-10-31', to: '2026-11-09' } });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(app.services.boardReports.periodOf({}).from).toBe('2026-11-09');

    const baseline = db.$client.prepare('select council_id as councilId, transaction_type_id as transactionTypeId from benefit_baselines limit 1').get() as { councilId: number; transactionTypeId: number };
    const entry = await app.inject({ method: 'POST', url: '/api/benefits/volumes', headers, payload: { ...baseline, month: '2026-09', volumes: { online: 900 } } });
    expect(entry.statusCode, entry.body).toBe(201);
    expect(figures.headlineKept('2026-11-09')).toBe(false);
    await warmBoardPeriodStart(app);
    expect(figures.headlineKept('2026-11-09')).toBe(true);
    expect(figures.headlineKept('2026-10-31')).toBe(false); // the old start is not made again
    expect((await get('/api/reports/board')).benefits.before).toEqual(figures.headlineNow('2026-11-09'));
  });
});
